"""The command line's polish: --version, argparse errors as `Error:`/`Hint:`, doctor's versions, skipped checks
and JSON, and config files (a device index, every problem named with its file, `config show` and `config init`)."""

from __future__ import annotations

import json
import tomllib

import pytest

from mend.assistant.config import Settings, load_settings, starter_text
from mend.assistant.errors import ConfigError
from tests.support.cli import mend

NO_AUDIO = {"PULSE_SERVER": "unix:/nonexistent/pulse-socket"}


# --- the command line -------------------------------------------------------------------------------------------

def test_version_and_argparse_errors_in_the_usual_form(tmp_path):
    version = mend("--version", home=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("mend ")
    for args, needle in ((["--bogus"], "unrecognized arguments: --bogus"),
                         (["model", "frob"], "invalid choice: 'frob'"),
                         (["session", "--rate", "fast"], "invalid int value: 'fast'")):
        result = mend(*args, home=tmp_path)
        assert result.returncode == 2, args
        lines = result.stderr.splitlines()
        assert lines[0].startswith("Error: ") and needle in lines[0] and lines[1].startswith("Hint: Run `mend")
        assert len(lines) == 2 and "usage:" not in result.stderr


def test_doctor_prints_versions_skips_dependent_checks_and_speaks_json(tmp_path):
    result = mend("doctor", "--model", str(tmp_path / "no-model"), home=tmp_path, env=NO_AUDIO, timeout=120)
    first = result.stdout.splitlines()[0]
    for part in ("versions: mend ", ", python ", ", vosk ", ", espeak-ng ", ", portaudio "):
        assert part in first
    assert "[FAIL] audio system" in result.stdout
    assert "[SKIP] input device: needs the audio system" in result.stdout
    assert result.stdout.count("Fix: Start PulseAudio") == 1
    as_json = mend("doctor", "--json", home=tmp_path, env=NO_AUDIO, timeout=120)
    report = json.loads(as_json.stdout)
    assert as_json.returncode == 1 and report["ok"] is False
    assert set(report["versions"]) == {"mend", "python", "vosk", "espeak-ng", "portaudio"}
    statuses = {c["name"]: c["status"] for c in report["checks"]}
    assert statuses["audio system"] == "fail" and statuses["output device"] == "skip"
    assert statuses["journal directory"] == "pass"


def test_config_accepts_a_device_index_and_names_every_problem(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[audio]\ninput_device = 3\n")
    assert load_settings(path).audio.input_device == "3"
    path.write_text("[listening]\nno_speach_timeout = 5\nmax_utterance = 0.1\n[voise]\nrate_wpm = 150\n")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    message = info.value.message
    assert message.startswith(f"{path}: 3 problems: ")
    assert "unknown setting 'listening.no_speach_timeout' (did you mean 'listening.no_speech_timeout'?)" in message
    assert "setting 'listening.max_utterance': Input should be greater than or equal to 3" in message
    assert "unknown section 'voise' (did you mean 'voice'?)" in message
    assert str(path) in info.value.hint


def test_config_show_names_its_file_and_init_writes_a_commented_starter(tmp_path):
    shown = mend("config", "show", home=tmp_path)
    assert shown.stdout.startswith(f"# no settings file at {tmp_path / 'config.toml'}: all defaults")
    created = mend("config", "init", home=tmp_path)
    assert created.returncode == 0 and created.stdout.strip() == f"wrote {tmp_path / 'config.toml'}"
    text = (tmp_path / "config.toml").read_text()
    assert text == starter_text() and "# rate_wpm = 165" in text
    assert load_settings(tmp_path / "config.toml") == Settings()  # everything commented: the defaults
    uncommented = "\n".join(line[2:] if line.startswith("# ") and " = " in line else line
                            for line in text.splitlines())
    Settings.model_validate(tomllib.loads(uncommented))  # and every example line is a valid setting
    assert oct((tmp_path / "config.toml").stat().st_mode & 0o777) == "0o600"
    again = mend("config", "init", home=tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr and "--force" in again.stderr
    assert mend("config", "show", home=tmp_path).stdout.startswith(f"# settings read from {tmp_path}")


def test_a_dash_sends_the_summary_to_standard_output(tmp_path):
    result = mend("session", "--text", "--no-save", "--no-pauses", "--flow", "calm", "--summary-json", "-",
                  replies=["stop"], home=tmp_path)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout[result.stdout.rindex('{\n  "'):])
    assert outcome["flow"] == "calm" and outcome["ended"] == "stopped"
    assert not (tmp_path / "-").exists()
