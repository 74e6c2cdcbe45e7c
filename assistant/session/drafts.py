"""Helping the person word their plan kindly, in their own words.

When what they say about themselves is harsh ("I'm a terrible friend"), absolute ("you always") or minimising
("it was nothing"), mend notices gently and offers a kinder wording they can take or leave. For the opening line,
mend offers a draft built from their earlier answers; a short yes keeps it, anything longer is their own version.
"""

from __future__ import annotations

import re

from mend.assistant.lines import say as line
from mend.assistant.session.conversation import Conversation
from mend.assistant.understanding.meanings import parse_yes_no
from mend.assistant.understanding.reading import Reading
from mend.assistant.understanding.receiving import usable_own_part
from mend.assistant.understanding.wording import compose_opening_line, kinder_version, review_wording, to_second_person


DRAFT_SLOT = "draft_opening_line"


def gentler_wording(session: Conversation, text: str) -> str:
    notes = review_wording(text)
    if not notes:
        return text
    note = notes[0]
    kinder = kinder_version(text)
    session.say(line("wording.noticed", found=note.found, why=line(f"wording.{note.kind}")))
    answer = session.ask_yes_no(line("wording.offer", kinder=kinder), offer=True)
    if answer:
        session.say(line("wording.kinder_kept"))
        return kinder
    session.say(line("wording.own_kept"))
    return text


_FELT_LEAD = re.compile(r"^(?:i (?:felt|feel|was|am|was feeling|am feeling)|i'm|im|feeling|felt|really|just|so|very)\s+",
                        re.IGNORECASE)
_NEED_LEAD = re.compile(r"^(?:i (?:need|needed|would like|want|wanted|just need|just want)|i'd like|to)\s+", re.IGNORECASE)


def _own_words(text: object, lead: re.Pattern[str]) -> str:
    if not isinstance(text, str) or not usable_own_part(text):
        return ""
    part = re.split(r"(?<=[.!?])\s+|\n", " ".join(kinder_version(text).split()[:25]))[0].strip().rstrip(" .!?,;:")
    for _ in range(3):
        part = lead.sub("", part, count=1)
    part = to_second_person(re.sub(r"\bi\b", "I", part))
    return part if part[:2] == "I " else part[:1].lower() + part[1:]


def compose_i_statement(slots: dict) -> str:
    """"I felt ... when that happened. I need ...": words for raising a hurt, from what the person said they felt
    and need; never from a non-answer, and never an apology for having been hurt."""
    get = slots.get if isinstance(slots, dict) else (lambda key: None)
    felt, need = _own_words(get("hurt_felt"), _FELT_LEAD), _own_words(get("hurt_need"), _NEED_LEAD)
    first = f"I felt {felt} when that happened." if felt else "Something that happened between us has stayed with me."
    return first + (f" I need {need}." if need else " I'd like to tell you how it was for me, when you're ready.")


COMPOSERS = {"opening_line": compose_opening_line, "i_statement": compose_i_statement}


DRAFT_WORDS = 25  # one or two short sentences: a draft is heard once and must be easy to keep in mind


def short_draft(compose, slots: dict) -> str:
    """The draft from the person's answers, leaving out what happened, then the question, then the impact while
    it is longer than DRAFT_WORDS; a rupture with oneself gets words to say to oneself, not an apology."""
    if slots.get("relationship") == "self" and compose is compose_opening_line:
        return line("draft.for_yourself", len(str(slots.get("own_part", ""))))
    slots = dict(slots)
    draft = compose(slots)
    for key in ("what_happened", "curiosity", "impact"):
        if len(draft.split()) <= DRAFT_WORDS:
            break
        slots.pop(key, None)
        draft = compose(slots)
    return draft


def offer_draft(session: Conversation, kind: str = "opening_line") -> None:
    draft = short_draft(COMPOSERS.get(kind, compose_opening_line), dict(session.runner.slots))
    session.runner.slots[DRAFT_SLOT] = draft
    turn = len(session.transcript)  # the wording of the offer changes from one session to the next
    session.say(line("draft.offer", turn, draft=draft))
    session.say(line("draft.how_to_keep", turn))


def remind_draft(session: Conversation) -> None:
    draft = session.runner.slots.get(DRAFT_SLOT)
    if draft:
        session.say(line("draft.reminder", draft=draft))


def accept_draft(session: Conversation, reading: Reading) -> bool:
    """A short yes keeps the offered draft; a short no asks for their own words; anything longer is theirs."""
    text = reading.value if isinstance(reading.value, str) else ""
    if len(text.split()) > 4:
        return True
    verdict = parse_yes_no(text)
    if verdict is True:
        reading.value = session.runner.slots.get(DRAFT_SLOT) or text
    elif verdict is False:
        session.say(line("draft.own_words"))
        return False
    return True
