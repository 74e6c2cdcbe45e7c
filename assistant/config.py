"""Settings, read from an optional `config.toml` in mend's config directory.

Every tunable the voice loop uses (speech rate, patience before ending a turn, confidence threshold, whether to
keep notes) lives here with its bounds, so a typo or an out-of-range value is a clear `ConfigError` instead of a
strange session. Command-line options override the file for one run.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import ConfigError
from assistant.paths import config_dir, ensure_private_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on 3.10
    import tomli as tomllib


RATE_WPM = (80, 320)  # slower is hard to follow, faster is hard to understand


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class VoiceSettings(_Section):
    voice: str | None = Field(None, description="espeak-ng voice name, e.g. 'en-us'; default voice when unset")
    rate_wpm: int = Field(165, ge=RATE_WPM[0], le=RATE_WPM[1], description="speaking rate in words per minute")
    volume: float = Field(1.0, ge=0.0, le=1.0)
    rate_step: float = Field(0.15, gt=0.0, le=0.5, description="how much 'slower'/'faster' change the rate")


class ListeningSettings(_Section):
    open_trailing_silence: float = Field(1.5, ge=0.3, le=10.0, description="pause that ends an open reflection")
    closed_trailing_silence: float = Field(0.5, ge=0.2, le=5.0, description="pause that ends a short answer")
    no_speech_timeout: float = Field(10.0, ge=2.0, le=120.0, description="silence before a gentle re-prompt")
    statement_timeout: float = Field(6.0, ge=0.0, le=30.0, description="listening after a statement, for commands")
    max_utterance: float = Field(45.0, ge=3.0, le=300.0, description="longest single answer, in seconds")
    vad_aggressiveness: int = Field(2, ge=0, le=3)
    # A spoken closed answer's confidence is the share of probability of the recognizer's readings that give it
    # (assistant.understanding.reading). On the understanding benchmark's 2032 spoken closed answers, 0.6 says
    # back 33 right ones and catches 6 of the 28 wrong ones, the same as the per-word confidence under 0.55 did
    # (34 and 6).
    confirm_below: float = Field(0.6, ge=0.0, le=1.0, description="confidence under which short answers are confirmed")
    barge_in: bool = False


class SessionSettings(_Section):
    silences_before_pause: int = Field(3, ge=1, le=10)
    unclear_before_moving_on: int = Field(2, ge=1, le=10)
    pauses: bool = Field(True, description="really wait during timed pauses such as breathing")


class JournalSettings(_Section):
    save: Literal["ask", "always", "never"] = "ask"
    keep_transcripts: bool = False


class AudioSettings(_Section):
    input_device: str | None = None
    output_device: str | None = None
    model: str | None = None


class Settings(_Section):
    voice: VoiceSettings = Field(default_factory=VoiceSettings)
    listening: ListeningSettings = Field(default_factory=ListeningSettings)
    session: SessionSettings = Field(default_factory=SessionSettings)
    journal: JournalSettings = Field(default_factory=JournalSettings)
    audio: AudioSettings = Field(default_factory=AudioSettings)


def config_path() -> Path:
    return config_dir() / "config.toml"


def load_settings(path: Path | None = None) -> Settings:
    """Read settings; a missing file means defaults, a broken one is a ConfigError naming the key."""
    path = path or config_path()
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path.name} is not valid TOML: {exc}") from None
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ConfigError(f"{path.name}: setting '{where}': {first['msg']}") from None


def set_value(settings: Settings, dotted: str, value: object) -> None:
    """Apply one override such as ('voice.rate_wpm', 140), validated like the file."""
    section_name, _, key = dotted.partition(".")
    section = getattr(settings, section_name, None)
    if section is None or key not in type(section).model_fields:
        raise ConfigError(f"unknown setting '{dotted}'")
    try:
        setattr(section, key, value)
    except ValidationError as exc:
        raise ConfigError(f"setting '{dotted}': {exc.errors()[0]['msg']}", hint="See `mend config show` for the current values.") from None


class FirstRun:
    """Remembers that the not-therapy notice was shown, so it is shown once, not every session."""

    def __init__(self, directory: Path | None = None) -> None:
        self.marker = (directory or config_dir()) / "notice-shown"

    def needs_notice(self) -> bool:
        return not self.marker.exists()

    def mark_shown(self) -> None:
        try:
            ensure_private_dir(self.marker.parent)
            self.marker.touch(mode=0o600)
        except OSError:
            pass  # showing the notice again next time is harmless
