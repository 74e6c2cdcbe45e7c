"""Looking back as a session starts: asking once how a plan whose time has passed went, and answering "how have I
been doing?" at the welcome with two sentences from the journal.

The session never opens the journal itself: the CLI hands it a `LookBack` of three callables (the due plan, a way
to keep an outcome with its entry, and a summary of the last reflections), each returning None when the journal
cannot be read without asking for a passphrase. Everything said here is under `[opening]` and `[followup]` in
`assistant/lines.toml`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from mend.assistant.errors import MendError
from mend.assistant.journal.followup import OUTCOMES
from mend.assistant.lines import say as line
from mend.assistant.session.conversation import Conversation
from mend.assistant.session.listening import listen_request
from mend.flows import Step

# People's words for each outcome, beyond the typed ones `mend followup` reads (assistant/journal/followup.py).
SPOKEN_OUTCOMES: dict[str, tuple[str, ...]] = {
    "went_well": ("it was good", "really well", "pretty well", "it worked", "we made up", "it helped", "1"),
    "partly": ("a little", "somewhat", "halfway", "so so", "not completely", "could have been better", "okay i guess",
               "2"),
    "not_yet": ("didn't get to", "haven't had the chance", "not had the chance", "still waiting", "not done it",
                "haven't done it", "didn't do it", "3"),
    "not_ready": ("wasn't ready", "needed more time", "didn't want to talk", "not ready to talk", "asked for space",
                  "4"),
    "went_badly": ("not good", "not great", "went wrong", "made it worse", "a disaster", "it blew up",
                   "we argued again", "5"),
}
NOT_NOW = ("not now", "skip", "another time", "not today", "rather not", "don't want to", "let's not", "pass",
           "no thanks", "never mind", "stop", "maybe later")
PROGRESS = ("how have i been doing", "how am i doing", "how i've been doing", "how have i been getting on",
            "how am i getting on", "any progress", "am i making progress", "have i made progress",
            "show me my patterns", "what are my patterns", "my patterns", "how have things been going")
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty")
WHO_WORDS = {"partner": "your partner", "friend": "a friend", "family": "family", "colleague": "a colleague",
             "self": "yourself"}


@dataclass
class DuePlan:
    entry_id: int
    plan: str  # "have a conversation with your partner, tomorrow evening": said after "you planned to"


@dataclass
class LookBack:
    due_plan: Callable[[], DuePlan | None]
    record_outcome: Callable[[int, str, str | None], None]  # entry id, outcome, what is in the way (or None)
    summary: Callable[[], dict | None]  # `recent_summary` of assistant/journal/trends.py; None: locked
    first_reply_seen: bool = False


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w' ]", " ", text.lower().replace("’", "'").replace("_", " ")).split())


def _said(answer: str, phrases: tuple[str, ...]) -> int:
    """The length of the longest phrase found in the answer (0: none)."""
    return max((len(p) for p in phrases if re.search(rf"\b{re.escape(p)}\b", answer)), default=0)


def spoken_outcome(text: str) -> str | None:
    """An outcome from a spoken or typed answer, the longest phrase winning ("not good" over "good")."""
    answer = _plain(text)
    if not answer:
        return None
    found = {key: _said(answer, OUTCOMES[key] + SPOKEN_OUTCOMES[key] + (key.replace("_", " "),)) for key in OUTCOMES}
    best = max(found, key=lambda key: found[key])
    return best if found[best] else None


def followup_vocabulary() -> list[str]:
    """The grammar the outcome is heard through: every outcome's words and the ways of saying "not now" (a long
    reply is heard by the full model too, and read from that)."""
    words = [key.replace("_", " ") for key in OUTCOMES]
    words += [p for key in OUTCOMES for p in OUTCOMES[key] + SPOKEN_OUTCOMES[key] if not p.isdigit()]
    return list(dict.fromkeys([*words, *NOT_NOW, "it went well", "it went badly", "they were not ready"]))


def spoken_number(value: float) -> str:
    whole = round(value)
    return NUMBER_WORDS[whole] if 0 <= whole < len(NUMBER_WORDS) else str(whole)


def offer_followup(session: Conversation, look: LookBack) -> None:
    """Before the welcome: ask once how the due plan went, answer, and keep the outcome. Silence, "not now" or an
    answer that fits no outcome leaves it for another time."""
    try:
        due = look.due_plan()
    except MendError:
        return
    if due is None:
        return
    talk_followup(session, due, look.record_outcome)


def talk_followup(session: Conversation, due: DuePlan, record: Callable[[int, str, str | None], None], *,
                  attempts: int = 1, patient: bool = False) -> str | None:
    """Ask how the plan went, answer the outcome heard, and keep it with `record`; the outcome, or None when
    nothing was kept. `attempts` answers are listened for before leaving it; `patient` waits as long as for a
    step's answer (for `mend followup`, where the question is the point), not the short while of an aside."""
    session.say(line("opening.ask", plan=due.plan))
    outcome = None
    for attempt in range(attempts):
        heard = session.hear(listen_request(session.settings.listening, followup_vocabulary(), optional=not patient))
        if heard.silent and not patient:
            return None
        session.check_safety(heard)
        told = [text for text in (heard.open_text, heard.text) if text]  # a long reply: what the full model heard
        if any(_said(_plain(text), NOT_NOW) for text in told[:1]):
            session.say(line("opening.another_time"))
            return None
        outcome = next((found for text in told if (found := spoken_outcome(text))), None)
        if outcome is not None:
            break
        session.say(line("opening.leave_it" if attempt == attempts - 1 else "opening.which_one"))
    if outcome is None:
        return None
    session.say(line(f"followup.{outcome}"))
    note = None
    if outcome == "not_yet":
        told = session.hear(listen_request(session.settings.listening, optional=True, patience=8.0 if patient else 0))
        if not told.silent:
            session.check_safety(told)
            note = told.text.strip() or None
    try:
        record(due.entry_id, outcome, note)
    except MendError as exc:
        session.say(line("opening.not_kept", reason=exc.message))
        return None
    session.say(line("opening.kept"))
    return outcome


def asks_about_progress(text: str) -> bool:
    return bool(_said(_plain(text), PROGRESS))


def tell_progress(session: Conversation, look: LookBack, step: Step, text: str, kind: str) -> bool:
    """At the first reply of the first step, "how have I been doing?" is answered from the journal; True when it
    was, and the reflection then goes on from the welcome."""
    if look.first_reply_seen or kind == "silence" or step.id != session.runner.flow.start:
        return False
    look.first_reply_seen = True
    if kind == "command" or not asks_about_progress(text):
        return False
    try:
        summary = look.summary()
    except MendError:
        summary = None
    session.say_all(progress_lines(summary))
    return True


def progress_lines(summary: dict | None) -> list[str]:
    """Two sentences: the reaction that came up most (and with whom), then where activation usually starts and
    ends; or one plain line when there is nothing to look back on."""
    if summary is None:
        return [line("opening.locked")]
    count = summary["entries"]
    if not count:
        return [line("opening.nothing_yet")]
    span = line("opening.span_one") if count == 1 else line("opening.span_many", count=spoken_number(count))
    pattern, who = summary["pattern"], WHO_WORDS.get(summary["relationship"] or "")
    if pattern and who:
        first = line("opening.patterns_with", span=span, pattern=pattern, who=who)
    elif pattern:
        first = line("opening.patterns", span=span, pattern=pattern)
    else:
        first = line("opening.no_pattern", span=span)
    before, after = summary["before"], summary["after"]
    if before is not None and after is not None:
        second = line("opening.start_end", before=spoken_number(before), after=spoken_number(after))
    elif before is not None:
        second = line("opening.start_only", before=spoken_number(before))
    else:
        second = line("opening.no_readings")
    return [first, second]
