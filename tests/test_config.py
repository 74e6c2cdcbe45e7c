"""Settings: defaults, the file, and `mend config`."""

from __future__ import annotations

import tomllib

import pytest

from mend.assistant.config import Settings, config_path, load_settings, set_value
from mend.assistant.errors import ConfigError
from tests.support.cli import mend


def test_config_show_prints_toml_that_loads_back_as_the_same_settings(tmp_path):
    (tmp_path / "config.toml").write_text('[voice]\nrate_wpm = 140\n[journal]\nsave = "never"\n')
    result = mend("config", "show", home=tmp_path)
    assert result.returncode == 0, result.stderr
    shown = Settings.model_validate(tomllib.loads(result.stdout))
    assert shown == load_settings(tmp_path / "config.toml")
    assert shown.voice.rate_wpm == 140 and shown.journal.save == "never"


def test_config_path_is_inside_mend_home(tmp_path):
    result = mend("config", "path", home=tmp_path)
    assert result.stdout.strip() == str(tmp_path / "config.toml")


def test_overrides_are_validated_like_the_file():
    settings = Settings()
    set_value(settings, "listening.open_trailing_silence", 2.0)
    assert settings.listening.open_trailing_silence == 2.0
    with pytest.raises(ConfigError, match="unknown setting 'voice.pitch'"):
        set_value(settings, "voice.pitch", 3)
    with pytest.raises(ConfigError, match="listening.max_utterance"):
        set_value(settings, "listening.max_utterance", 0.1)
