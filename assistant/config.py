"""Settings, read from an optional `config.toml` in mend's config directory.

Every tunable the voice loop uses (speech rate, patience before ending a turn, confidence threshold, whether to
keep notes) lives here with its bounds, so a typo or an out-of-range value is a clear `ConfigError` instead of a
strange session. Command-line options override the file for one run.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from mend.assistant.errors import ConfigError
from mend.assistant.paths import config_dir, ensure_private_dir

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
    # An open answer a draft or the plan is built from is read back when a word of it was heard under this
    # confidence (its posterior over the recognizer's guesses); benchmarks/real_voices.py prints how many
    # misheard and rightly heard words each threshold catches.
    read_back_below: float = Field(0.6, ge=0.0, le=1.0, description="word confidence under which an answer a "
                                   "line is built from is read back")
    barge_in: bool = False


class SessionSettings(_Section):
    silences_before_pause: int = Field(3, ge=1, le=10)
    unclear_before_moving_on: int = Field(2, ge=1, le=10)
    pauses: bool = Field(True, description="really wait during timed pauses such as breathing")
    break_minutes: float = Field(20, gt=0, le=240, description="how long a break lasts, in minutes (about 20 "
                                 "lets a body that is flooded settle)")
    seed: int | None = Field(None, description="pick wording variants reproducibly (tests); random when unset")


class JournalSettings(_Section):
    save: Literal["ask", "always", "never"] = "ask"
    keep_transcripts: bool = False


class AudioSettings(_Section):
    input_device: str | None = Field(None, description="microphone: index (see `mend devices`) or part of its name")
    output_device: str | None = Field(None, description="speakers: index or part of the name")
    model: str | None = Field(None, description="Vosk model folder; else MEND_MODEL, VOSK_MODEL_PATH, mend's own")

    @field_validator("input_device", "output_device", mode="before")
    @classmethod
    def _index_as_text(cls, value: object) -> object:
        """`input_device = 3` (a device index, as `mend devices` shows it) means the same as "3"."""
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class Settings(_Section):
    voice: VoiceSettings = Field(default_factory=VoiceSettings)
    listening: ListeningSettings = Field(default_factory=ListeningSettings)
    session: SessionSettings = Field(default_factory=SessionSettings)
    journal: JournalSettings = Field(default_factory=JournalSettings)
    audio: AudioSettings = Field(default_factory=AudioSettings)


def config_path() -> Path:
    return config_dir() / "config.toml"


def load_settings(path: Path | None = None) -> Settings:
    """Read settings; a missing file means defaults, a broken one is a ConfigError naming the file and every
    problem in it (an unknown key with the nearest known one)."""
    path = path or config_path()
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}",
                          hint=f"Fix the line it names in {path}, or start again with `mend config init --force`.") from None
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        problems = [_describe(error) for error in exc.errors()]
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        raise ConfigError(f"{path}: {count}: " + "; ".join(problems),
                          hint=f"Fix these settings in {path}; `mend config init --force` writes a fresh commented "
                               "file, `mend config show` the values in effect.") from None


def _describe(error: dict) -> str:
    """One validation problem as a person reads it: the setting, what is wrong, the key they probably meant."""
    loc = [str(part) for part in error["loc"]]
    where = ".".join(loc)
    if error["type"] != "extra_forbidden":
        return f"setting '{where}': {error['msg']}"
    model: type[BaseModel] = Settings
    for part in loc[:-1]:
        annotation = model.model_fields[part].annotation if part in model.model_fields else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            break
        model = annotation
    kind = "section" if len(loc) == 1 else "setting"
    close = difflib.get_close_matches(loc[-1], list(model.model_fields), n=1, cutoff=0.6)
    guess = f" (did you mean '{'.'.join(loc[:-1] + close)}'?)" if close else ""
    return f"unknown {kind} '{where}'{guess}"


def starter_text() -> str:
    """A commented config.toml listing every setting with its default and meaning; all lines start commented."""
    lines = ["# mend settings. Remove the '#' in front of a setting to change it; every value is checked on start.",
             "# `mend config show` prints the values in effect.", ""]
    for section, field in Settings.model_fields.items():
        lines.append(f"[{section}]")
        for key, info in field.annotation.model_fields.items():  # type: ignore[union-attr]
            default = info.get_default(call_default_factory=True)
            value = _toml_value(default) if default is not None else _UNSET_EXAMPLES.get(key, '""')
            note = f"  # {info.description}" if info.description else ""
            note += " (unset by default; an example)" if default is None else ""
            lines.append(f"# {key} = {value}{note}")
        lines.append("")
    return "\n".join(lines)


_UNSET_EXAMPLES = {"voice": '"en-us"', "input_device": "3", "output_device": '"headphones"',
                   "model": '"~/models/vosk-model-small-en-us-0.15"', "seed": "7"}


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


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
