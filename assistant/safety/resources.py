"""Where real help is: the crisis lines to offer (data in a TOML file the person can replace for their own
country) and the spoken lines that stop the exercise and name them."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field, ValidationError, field_validator

from assistant.errors import ResourcesError
from assistant.safety.rules import KINDS, SafetyConcern

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

__all__ = ["CrisisLine", "CrisisResources", "load_resources", "crisis_message", "resources_for_crisis",
           "DEFAULT_RESOURCES"]

DEFAULT_RESOURCES = Path(__file__).resolve().parent / "crisis_us.toml"


class CrisisLine(BaseModel):
    name: str = Field(min_length=1)
    contact: str = Field(min_length=1)
    when: str = ""
    concerns: list[str] = []  # empty = offered for every concern

    @field_validator("concerns")
    @classmethod
    def _known_concerns(cls, value: list[str]) -> list[str]:
        unknown = [item for item in value if item not in KINDS]
        if unknown:
            raise ValueError(f"unknown concern {unknown[0]!r} (use {', '.join(KINDS)})")
        return value


class CrisisResources(BaseModel):
    region: str = Field(min_length=1)
    lines: list[CrisisLine] = Field(min_length=1)
    notice: str | None = Field(None, description="said before the lines, e.g. why these are not the person's own")

    def for_concern(self, kind: str) -> list[CrisisLine]:
        """Lines especially for this concern first, then the general ones; lines meant only for other concerns
        are left out so the list stays short enough to remember."""
        special = [line for line in self.lines if kind in line.concerns]
        general = [line for line in self.lines if not line.concerns]
        return (special + general) or list(self.lines)


def _user_resources_file() -> Path:
    from assistant.paths import config_dir

    return config_dir() / "resources.toml"


def load_resources(path: Path | None = None) -> CrisisResources:
    """The crisis resources to offer: `path` if given, else the person's `<config>/resources.toml` if it exists,
    else the built-in US list. A file that cannot be read or does not fit raises ResourcesError naming it."""
    if path is None:
        user_file = _user_resources_file()
        path = user_file if user_file.exists() else DEFAULT_RESOURCES
    path = Path(path)
    hint = f"Fix {path} or remove it to use the built-in US resources."
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise ResourcesError(f"cannot read crisis resources file {path}: {exc.strerror or exc}", hint) from exc
    except UnicodeDecodeError as exc:
        raise ResourcesError(f"crisis resources file {path} is not UTF-8 text", hint) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ResourcesError(f"crisis resources file {path} is not valid TOML: {exc}", hint) from exc
    try:
        return CrisisResources.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ())) or "file"
        raise ResourcesError(f"crisis resources file {path}: field '{where}': {first.get('msg', 'invalid')}", hint) \
            from exc


FALLBACK_NOTICE = "I couldn't read your own crisis resources file, so these are the built-in US lines."


def resources_for_crisis() -> CrisisResources:
    """The resources to offer at the moment of a crisis, which must never fail: a broken user file falls back to
    the built-in US lines, with a notice saying so (the file's problem is for `load_resources` to report later)."""
    try:
        return load_resources()
    except ResourcesError:
        return load_resources(DEFAULT_RESOURCES).model_copy(update={"notice": FALLBACK_NOTICE})


_OPENINGS = {
    "self_harm": "What you just said sounds really serious, and I'm glad you said it out loud.",
    "harm_others": "It sounds like things feel overwhelming and dangerous right now.",
    "abuse": "What you describe sounds frightening, and you don't have to handle it alone.",
}


def crisis_message(concern: SafetyConcern | None, resources: CrisisResources) -> list[str]:
    """Plain spoken lines: stop the exercise, say they deserve support now, and name where to find it."""
    kind = concern.kind if concern is not None and concern.kind in KINDS else "self_harm"
    lines = [
        _OPENINGS[kind],
        "This exercise isn't the right tool for this moment, so I'm going to pause it here.",
        "You deserve support right now, from a person who can really help.",
    ]
    if resources.notice and resources.notice.strip():
        lines.append(resources.notice.strip())
    for line in resources.for_concern(kind):
        name = line.name.replace("&", "and").strip()
        sentence = f"{name}: {line.contact.strip()}"
        if line.when.strip():
            sentence += f", {line.when.strip()}"
        lines.append(sentence.rstrip(".") + ".")
    lines.append("You can come back to mend whenever you want to.")
    return lines
