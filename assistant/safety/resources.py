"""Where real help is: the crisis lines to offer (data in a TOML file the person can replace for their own
country) and the spoken lines that stop the exercise and name them."""

from __future__ import annotations

from pathlib import Path
from string import Formatter

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from mend.assistant.errors import ResourcesError
from mend.assistant.safety.rules import KINDS, SafetyConcern

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

__all__ = ["CrisisLine", "CrisisResources", "load_resources", "crisis_message", "resources_for_crisis",
           "DEFAULT_RESOURCES", "numbers_again", "crisis_text", "CrisisWords"]

DEFAULT_RESOURCES = Path(__file__).resolve().parent / "crisis_us.toml"


class CrisisLine(BaseModel):
    name: str = Field(min_length=1)
    contact: str = Field(min_length=1)
    when: str = ""
    quiet: str = ""  # a way to reach it without speaking: for when the other person could overhear
    urgent: bool = False  # for danger right now (emergency services): said after the others, in its own words
    concerns: list[str] = []  # empty = offered for every concern

    @field_validator("concerns")
    @classmethod
    def _known_concerns(cls, value: list[str]) -> list[str]:
        unknown = [item for item in value if item not in KINDS]
        if unknown:
            raise ValueError(f"unknown concern {unknown[0]!r} (use {', '.join(KINDS)})")
        return value


_PLACEHOLDERS = frozenset({"opening", "contact", "name", "when", "quiet"})


class CrisisWords(BaseModel):
    """What mend says around the lines, in the person's language; each turn short enough to follow by ear."""

    self_harm: str = "I'm really glad you told me, and I want you to have support right now"
    abuse: str = "What you describe sounds frightening, it's not your fault, and you deserve support right now"
    harm_others: str = "It sounds like things feel dangerous right now, and you deserve support"
    first: str = "{opening}: please {contact}, the {name}, {when}."
    also: str = "You can also {contact}, the {name}, {when}."
    quiet: str = "If it isn't safe to talk, you can {quiet}."
    urgent: str = "{when}, {contact}."
    # danger here now or already done: said first, and again instead of the usual last line. For abuse the person
    # near may be the one who hurts them, and a call they are heard making can put them in more danger
    now: str = "This sounds like an emergency. Please {contact} now, and if you can, ask someone near you for help."
    now_abuse: str = "This sounds like an emergency. If you can do it safely, please {contact} now."
    # after danger said in a reply to the lines: mend stops listening, so it never talks over the call
    stop_for_help: str = "I'll stop talking now, so you can get help."
    again: str = "Once more: {contact}."
    pause: str = "I'm pausing the exercise here."
    choices: str = ("Say repeat to hear the numbers again. If I got this wrong and you're safe, say I'm safe, and "
                    "we'll go back. Or say stop.")
    safe_unsure: str = "I want to be sure I heard you right. If you're safe, say I'm safe. Or say stop."
    safe_now: str = "I want to be sure I heard you right. Are you safe right now? Please say yes or no."
    back: str = "Thank you for telling me. Let's go back to where we were."
    goodbye: str = "Please take good care of yourself. You can come back to mend whenever you want to."
    repeat_words: list[str] = ["repeat", "again", "number", "numbers", "what was", "say it", "one more time",
                               "pardon", "sorry what"]
    safe_words: list[str] = ["i am safe", "im safe", "i am okay", "i am ok", "i am fine", "safe", "go back",
                             "wrong", "mistake", "misheard", "false alarm", "continue", "carry on", "i am good",
                             "all good", "i am totally fine", "i am alright", "get back", "keep going",
                             "figure of speech", "just an expression", "just a saying", "just venting", "all right",
                             "i am all right", "it is fine", "we are good", "my mistake", "my bad", "go on",
                             "only joking", "just joking", "i was joking", "kidding", "thanks for checking",
                             "sorry for the confusion", "got it wrong", "got that wrong", "where we were",
                             "no need for that", "everything is fine", "everythings fine", "came out wrong",
                             "get back to it"]
    # said of what mend heard, not of how the person is: these hold a "not" and still mean "you got it wrong"
    misread_words: list[str] = ["not what i meant", "i did not mean", "that is not what i said", "you misheard",
                                "not being serious", "was not serious", "not literally", "did not mean it literally",
                                "you misunderstood", "do not worry"]

    @model_validator(mode="after")
    def _known_placeholders(self) -> "CrisisWords":
        """A wording with a placeholder mend does not fill would fail at the moment of a crisis: refuse it on load."""
        for name, value in self:
            if isinstance(value, str):
                unknown = {field for _, field, _, _ in Formatter().parse(value) if field} - _PLACEHOLDERS
                if unknown:
                    raise ValueError(f"message.{name} uses {{{sorted(unknown)[0]}}}; mend fills only "
                                     + ", ".join(f"{{{p}}}" for p in sorted(_PLACEHOLDERS)))
        return self


class CrisisResources(BaseModel):
    region: str = Field(min_length=1)
    lines: list[CrisisLine] = Field(min_length=1)
    notice: str | None = Field(None, description="said before the lines, e.g. why these are not the person's own")
    message: CrisisWords = CrisisWords()

    def for_concern(self, kind: str) -> list[CrisisLine]:
        """Lines especially for this concern first, then the general ones; lines meant only for other concerns
        are left out so the list stays short enough to remember."""
        special = [line for line in self.lines if kind in line.concerns]
        general = [line for line in self.lines if not line.concerns]
        return (special + general) or list(self.lines)

    def calm_and_urgent(self, kind: str) -> tuple[list[CrisisLine], list[CrisisLine]]:
        """This concern's lines split in two: those to call or text (never empty: every line when all are urgent)
        and those for danger right now."""
        offered = self.for_concern(kind)
        return [line for line in offered if not line.urgent] or offered, [line for line in offered if line.urgent]


def _user_resources_file() -> Path:
    from mend.assistant.paths import config_dir

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


def crisis_message(concern: SafetyConcern | None, resources: CrisisResources) -> list[str]:
    """Spoken lines that work by ear: the first number in the first sentence, a quiet way to reach help (text or
    chat) for when talking isn't safe, emergency services, and the first number once more. Numbers stay digits
    here (captions show them as written); the speech normaliser says them digit by digit."""
    kind = concern.kind if concern is not None and concern.kind in KINDS else "self_harm"
    words = resources.message
    lines, urgent = resources.calm_and_urgent(kind)
    first, others = lines[0], lines[1:]
    now = [emergency_now(resources, kind)] if concern is not None and concern.now else []
    said = [*now, words.first.format(opening=getattr(words, kind), **_fields(first)), words.pause]
    if resources.notice and resources.notice.strip():
        said.append(resources.notice.strip())
    said += [words.also.format(**_fields(line)) for line in others if not line.quiet or line.contact != line.quiet]
    quiet = [line.quiet.strip() for line in lines if line.quiet.strip()]
    if quiet:
        said.append(words.quiet.format(quiet="; or ".join(dict.fromkeys(quiet))))
    if not now:
        said += [words.urgent.format(**_fields(line)) for line in urgent if line is not first]
    said += now or [words.again.format(**_fields(first))]
    return [_tidy(line) for line in said]


def emergency_now(resources: CrisisResources, kind: str = "self_harm") -> str:
    """The line for danger here now: emergency services, or the local emergency number when the file names none
    (a helpline is not where to turn with an overdose already taken)."""
    urgent = resources.calm_and_urgent(kind)[1]
    fields = _fields(urgent[0]) if urgent else {"contact": "call your local emergency number"}
    words = resources.message
    return _tidy((words.now_abuse if kind == "abuse" else words.now).format(**fields))


def _tidy(line: str) -> str:
    return " ".join(line.replace(" ,", ",").replace("&", "and").split()).replace(", .", ".").replace(",.", ".")


def numbers_again(concern: SafetyConcern | None, resources: CrisisResources) -> list[str]:
    """The lines to say when the person asks for the numbers again: every way to reach help, nothing else."""
    lines, notice = crisis_message(concern, resources), _tidy((resources.notice or "").strip())
    if concern is not None and concern.now:  # the emergency line, then the first helpline, then the quiet ways
        first = resources.calm_and_urgent(concern.kind)[0][0]
        return [lines[-1], _tidy(resources.message.again.format(**_fields(first))),
                *(line for line in lines[3:-1] if line != notice)]
    return [lines[-1], *(line for line in lines[2:-1] if line != notice)]


def _fields(line: CrisisLine) -> dict[str, str]:
    when = line.when.strip().rstrip(".")
    return {"name": line.name.strip(), "contact": line.contact.strip().rstrip("."), "quiet": line.quiet.strip(),
            "when": (when[:1].upper() + when[1:]) if line.urgent else when}


def help_slots(resources: CrisisResources) -> dict[str, str]:
    """Where help is, as words a flow can say (`flows.PROVIDED_SLOTS`): the first line for abuse with its quiet
    way, and what to do in danger right now."""
    calm, urgent = resources.calm_and_urgent("abuse")
    first = _fields(calm[0])
    help_abuse = f"{first['contact']}, the {first['name']}" + (f"; or {first['quiet']}" if first["quiet"] else "")
    return {"help_abuse": help_abuse, "help_danger": _fields(urgent[0])["contact"] if urgent else first["contact"]}


def first_run_notice(resources: CrisisResources) -> str:
    """The first-run notice, naming the person's own first line for a crisis and emergency services (in the US:
    "call or text 988 (US), or call 911")."""
    from mend.assistant.lines import say

    calm_lines, urgent = resources.calm_and_urgent("self_harm")
    calm = calm_lines[0]
    help_now = f"{_fields(calm)['contact']} ({resources.region})"
    if urgent and urgent[0] is not calm:
        help_now += f", or {_fields(urgent[0])['contact'].removeprefix('call ')}"  # "or 911", as people say it
    return say("notice.first_run", help_now=help_now)


def crisis_text(resources: CrisisResources) -> list[str]:
    """The resources as plain lines for the terminal (`mend help crisis`): name, how to reach it, and when."""
    out = [f"Crisis resources ({resources.region}):"]
    for line in resources.lines:
        ways = [line.contact.strip()] + ([line.quiet.strip()] if line.quiet.strip() not in ("", line.contact) else [])
        out.append(f"- {line.name}: {'; '.join(ways)}" + (f" ({line.when.strip()})" if line.when.strip() else ""))
    return out
