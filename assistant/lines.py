"""What mend says, from one data file: `assistant/lines.toml`.

Flow files hold what each flow asks, and the crisis resources hold how help is offered; every other line mend says
(the first-run notice, spoken commands, the safety check-in questions, the note offer, voice-mode troubles...) is
a keyed entry of `lines.toml`, checked like a flow when it is first read. Code asks for a line by key:

    say("session.check_in_thanks")
    say("session.confirm", value="seven")
    say("commands.paused", 2, why=...)   # the third variant in turn, when a line has several

A key that does not exist, a fill that is missing or unexpected, or a file that does not check out is a
`LinesError` with a one-line hint, never a half-filled line spoken aloud.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError, model_validator

from mend.assistant.errors import LinesError

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

LINES_FILE = Path(__file__).with_name("lines.toml")
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_FIELD = re.compile(r"\{([^{}]*)\}")


def _placeholders(text: str) -> set[str]:
    return set(_FIELD.findall(text))


class Line(BaseModel):
    """One thing mend may say: its variants (said in turn) and the placeholders every variant fills."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    say: list[StrictStr] = Field(min_length=1)
    fills: list[StrictStr] = []

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        """`key = "text"` and `key = ["a", "b"]` are lines without placeholders."""
        if isinstance(data, str):
            return {"say": [data]}
        if isinstance(data, list):
            return {"say": data}
        return data

    @model_validator(mode="after")
    def _placeholders_declared(self) -> Line:
        declared = set(self.fills)
        for bad in (name for name in declared if not NAME.match(name)):
            raise ValueError(f"bad placeholder name '{bad}' (use lower_case letters, digits and _)")
        for index, text in enumerate(self.say):
            if not text.strip():
                raise ValueError(f"variant {index} is empty")
            used = _placeholders(text)
            if "{" in _FIELD.sub("", text) or "}" in _FIELD.sub("", text):
                raise ValueError(f"variant {index} has a stray brace: {text!r}")
            if used != declared:
                raise ValueError(
                    f"variant {index} uses {sorted(used) or 'no placeholders'} but fills declares {sorted(declared) or 'none'}"
                )
        return self


class Lines(BaseModel):
    """The whole file: `[section]` tables of named lines, keyed "section.name"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sections: dict[str, dict[str, Line]]

    @model_validator(mode="after")
    def _names(self) -> Lines:
        for section, lines in self.sections.items():
            for name in (section, *lines):
                if not NAME.match(name):
                    raise ValueError(f"bad name '{name}' (use lower_case letters, digits and _)")
        return self

    def keys(self) -> list[str]:
        return [f"{section}.{name}" for section, lines in self.sections.items() for name in lines]

    def line(self, key: str) -> Line:
        section, _, name = key.partition(".")
        found = self.sections.get(section, {}).get(name)
        if found is None:
            close = difflib.get_close_matches(key, self.keys(), n=1, cutoff=0.6)
            hint = f"Did you mean '{close[0]}'?" if close else f"Add [{section}] {name} = \"...\" to {LINES_FILE.name}."
            raise LinesError(f"mend has no line '{key}'", hint=hint)
        return found


def parse_lines(text: str, source: str | Path = LINES_FILE) -> Lines:
    """Check a lines file's text; a LinesError names the file and the first problem."""
    where = Path(source).name
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LinesError(f"{where}: not valid TOML ({exc})") from None
    not_tables = [key for key, value in data.items() if not isinstance(value, dict)]
    if not_tables:
        raise LinesError(f"{where}: '{not_tables[0]}' must be a [section] table of lines")
    try:
        return Lines(sections=data)
    except ValidationError as exc:
        first = exc.errors()[0]
        place = ".".join(str(part) for part in first["loc"][1:])
        message = first["msg"].removeprefix("Value error, ")
        raise LinesError(f"{where}: {place}: {message}" if place else f"{where}: {message}") from None


@lru_cache(maxsize=1)
def load_lines() -> Lines:
    """The shipped lines, read and checked once per process."""
    try:
        text = LINES_FILE.read_text(encoding="utf-8")
    except OSError as exc:
        raise LinesError(f"cannot read {LINES_FILE}: {exc.strerror or exc}") from None
    return parse_lines(text, LINES_FILE)


def say(key: str, turn: int = 0, **fills: object) -> str:
    """The line under `key` (its turn-th variant, in rotation), with its placeholders filled."""
    line = load_lines().line(key)
    given, declared = set(fills), set(line.fills)
    if given != declared:
        missing, extra = sorted(declared - given), sorted(given - declared)
        detail = f"missing {missing}" if missing else f"unexpected {extra}"
        raise LinesError(f"line '{key}' asked for with {detail}", hint=f"Its fills are {sorted(declared) or 'none'}.")
    text = line.say[turn % len(line.say)]
    return _FIELD.sub(lambda match: str(fills[match.group(1)]), text)


def fixed_lines() -> list[str]:
    """Every variant without placeholders: the lines that are the same whenever they are said."""
    return [text for key in load_lines().keys() for text in load_lines().line(key).say if not _placeholders(text)]


def every_line() -> list[str]:
    """Every variant of every line, placeholders as written (for checks over all that mend can say)."""
    return [text for key in load_lines().keys() for text in load_lines().line(key).say]
