"""Reading one reply in the context of the current step.

The order matters and is the same in text and voice mode: a safety concern outranks everything, then the global
commands, then "I don't know", and only then the answer the step expects. Kept apart from the loop so each rule
can be tested on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from mend.assistant.safety.risk_model import model_concern
from mend.assistant.safety.rules import SafetyConcern, check_safety, check_spotted
from mend.assistant.safety.unsure import heard_threat_needs_asking, possible_concern
from mend.assistant.understanding import meanings as understanding
from mend.assistant.understanding import receiving
from mend.assistant.understanding.actions import read_reaction
from mend.assistant.understanding.asking import Ask, pattern_question, relationship_question
from mend.assistant.understanding.commands import is_ready
from mend.assistant.understanding.cycles import read_cycle
from mend.assistant.understanding.listening_reply import sounds_defensive
from mend.assistant.understanding.offers import parse_offer_reply
from mend.assistant.understanding.people import corrected, own_words, unusual_relationship
from mend.assistant.understanding.vocabulary import (  # noqa: F401 - the step vocabulary, read here and by callers
    COMMAND_WORDS, NUMBER_WORDS, YES_WORDS, option_choices, spoken_value, vocabulary_for,
)
from mend.flows import AnswerKind, Step


class Heard(Protocol):
    """What was heard in one turn, as far as reading it goes (the listeners' `audio.turns.Heard` fits it; typed
    text fills the same fields), so understanding needs nothing from the audio package."""

    @property
    def text(self) -> str: ...
    @property
    def confidence(self) -> float: ...
    @property
    def silent(self) -> bool: ...
    @property
    def words(self) -> Sequence[tuple[str, float]]: ...
    @property
    def command_during_speech(self) -> str | None: ...
    @property
    def alternatives(self) -> Sequence[str]: ...
    @property
    def next_best(self) -> Sequence[str]: ...
    @property
    def next_best_shares(self) -> Sequence[float]: ...
    @property
    def unknown_words(self) -> int: ...
    @property
    def open_text(self) -> str: ...


@dataclass
class Reading:
    """What a reply means for the current step."""

    kind: str  # "silence" | "crisis" | "check_in" | "command" | "dont_know" | "answer" | "unclear"
    value: object = None
    command: str | None = None
    concern: SafetyConcern | None = None
    extracted: dict[str, object] = field(default_factory=dict)  # extra slots, e.g. patterns from a story
    guessed: bool = False  # read from a next-best reading of a closed answer: confirm it before keeping it
    ask: Ask | None = None  # a short either/or question that settles what the answer means, asked before storing


def read_reply(step: Step, heard: Heard, *, check_in: bool = True) -> Reading:
    """`check_in=False` once the person has answered mend's safety question about this same reply."""
    text = (heard.text or "").strip()
    if heard.silent:
        return Reading("silence")
    safety = safety_reading(heard, check_in=check_in)
    if safety is not None:
        return safety
    guesses = _closed_answer_guesses(heard)
    if not text:  # someone spoke, but the best reading made nothing of it; another reading may have
        return _guessed_answer(step, guesses) or Reading("unclear")
    command = heard.command_during_speech or understanding.parse_command(text)
    if command == "resume" or (command is None and step.expects == AnswerKind.NONE and is_ready(text)):
        # "I'm ready" resumes only a pause: where mend waits for the go-ahead it is the go-ahead, elsewhere the
        # question is simply said again
        command = None if step.expects == AnswerKind.NONE else "repeat"
        if command is None:
            return Reading("answer")
    if command is not None:
        return Reading("command", command=command)
    if understanding.is_dont_know(text):
        return Reading("dont_know")
    reading = _read_answer(step, text, heard.next_best, guesses)
    if "cycle" in reading.extracted and not _surely_heard(heard):
        del reading.extracted["cycle"]  # said back word for word later: never from words the recognizer doubted
    return reading


SURE_WORD = 0.5  # below this a recognised word is as likely wrong as right ("she pushes" heard as "she potion")


def _surely_heard(heard: Heard) -> bool:
    """Whether every word of a spoken reply was heard with some certainty (typed text always is)."""
    if heard.words:
        return min(confidence for _, confidence in heard.words) >= SURE_WORD
    return heard.confidence >= SURE_WORD


def needs_confirming(step: Step, heard: Heard, reading: Reading, confirm_below: float) -> bool:
    """Whether a spoken closed answer is said back first ("Did you say seven?"): a guessed one always, any other
    when the recognizer was not sure enough of it."""
    if step.expects not in CLOSED_KINDS or reading.kind != "answer":
        return False
    return (reading.guessed or more_than_an_answer(step, heard, reading.value)
            or answer_confidence(step, heard, reading.value) < confirm_below)


ANSWER_SLACK = 2  # words the full model may hear beyond the grammar's answer ("about a seven i think")
ANSWER_WORDS = 5  # the most words a closed answer takes ("a small act of care", "about a seven i think")


def more_than_an_answer(step: Step, heard: Heard, value: object) -> bool:
    """Whether a closed answer came out of speech that was not just that answer: the reply ran long enough for the
    full model to hear it too (`Heard.open_text`), and what it heard holds far more words than the grammar's or
    than any answer ("my mum kept on at me again" read as "about a five") or gives another answer. Such an answer is said back
    first, never stored on the grammar's word alone. A few words that give no answer at all are the full model
    mishearing the answer itself (a slow "about a seven" as "i'm outta sam and"): the grammar's reading stands."""
    heard_openly = (heard.open_text or "").split()
    if not heard_openly:
        return False
    if len(heard_openly) > min(len((heard.text or "").split()) + ANSWER_SLACK, ANSWER_WORDS):
        return True
    other = _read_answer(step, " ".join(heard_openly))
    return other.kind == "answer" and other.value is not None and other.value != value


def answer_confidence(step: Step, heard: Heard, value: object) -> float:
    """How sure the hearing is of this answer: the best reading's share of probability plus the shares of the
    next-best readings that give the same answer ("friend", "a friend" and "my friend" are one answer that the
    recognizer's guesses split between them). Typed text, with no other readings, keeps its certainty."""
    same = sum(share for text, share in zip(heard.next_best, heard.next_best_shares)
               if _read_answer(step, text).value == value)
    return min(1.0, heard.confidence + same)


def safety_reading(heard: Heard, *, check_in: bool = True, whole_reply: bool = True) -> Reading | None:
    """"crisis" for a certain concern; "check_in" for an uncertain one (typed or spoken alike) and for one a
    spoken reply may hide; None otherwise: the safety rules every reply goes through, step answers and side
    questions alike. Once the person has said no to the check-in question, `check_in=False` reads the same reply
    without asking again; `whole_reply=False` leaves out the risk model (for the answer to the check-in question
    itself: "no, nobody is hurting me" must not read as a concern of its own)."""
    if heard.silent:
        return None
    text = (heard.text or "").strip()
    # a long reply to a closed question, as the full model heard it: the grammar has no words for a crisis
    heard_openly = (heard.open_text or "").strip()
    concern = concern_in(text, heard.alternatives)
    if concern is None and heard_openly:
        concern = concern_in(heard_openly, ())
    # typed text is taken as written; a spoken reply has words, sounds a grammar could not place, or other hearings
    spoken = bool(heard.words or heard.unknown_words or heard_openly or heard.alternatives)
    if concern is not None:
        if not concern.certain or (spoken and heard_threat_needs_asking(concern, heard.alternatives)):
            # asked about first; once the person has said no to that question, the reply is read as an answer
            return Reading("check_in", concern=concern) if check_in else None
        return Reading("crisis", concern=concern)
    if check_in and spoken:
        unsure = possible_concern(text, heard.alternatives)
        if unsure is None and heard_openly:
            unsure = possible_concern(heard_openly, [])
        if unsure is not None:
            return Reading("check_in", concern=unsure)
    if check_in and whole_reply:  # last, the reply read as a whole: a wording no frame knows can still be asked
        unsure = model_concern(text) or (model_concern(heard_openly) if heard_openly else None)
        if unsure is not None:
            return Reading("check_in", concern=unsure)
    return None


def concern_in(text: str, alternatives: Sequence[str]) -> SafetyConcern | None:
    """A safety concern in the main transcript or in any other hearing of the same audio.

    The alternatives come from a recognizer that listens only for safety phrases; they are used for this check
    and nothing else (a missed concern costs far more than a needless offer of help, but a spotter that cries
    wolf on ordinary answers would stop the exercise for nothing, hence `check_spotted`). What the spotter alone
    takes for abuse is not certain enough to stop on ("she gets me" is spotted as "she beats me"): it is asked
    about instead (`assistant.safety.unsure`)."""
    concern = check_safety(text) if text else None
    for candidate in alternatives or ():
        if concern is None and isinstance(candidate, str):
            spotted = check_spotted(candidate)
            concern = spotted if spotted is not None and spotted.kind != "abuse" else None
    return concern


NEXT_BEST_READ = 3  # of the recognizer's other readings, how many may stand in for what the best one missed
CLOSED_KINDS = (AnswerKind.CHOICE, AnswerKind.YES_NO, AnswerKind.NUMBER)


def _read_answer(step: Step, text: str, next_best: Sequence[str] = (), guesses: Sequence[str] = ()) -> Reading:
    kind = step.expects
    extracted: dict[str, object] = {}
    ask = None
    if step.understand == "patterns":
        extracted["patterns"], ask = _patterns(text, next_best)
    elif step.understand == "relationship":
        relationship = understanding.detect_relationship(text)
        if relationship:
            extracted["relationship"] = relationship
    elif step.understand == "receiving_end":
        extracted.update(receiving.read_receiving_end(text))
    elif step.understand == "timing" and receiving.says_soon(text):
        extracted["when_soon"] = True
    elif step.understand == "listening_reply":
        extracted["sounds_defensive"] = sounds_defensive(text)
    cycle = read_cycle(text) if step.understand in ("patterns", "receiving_end") else None
    if cycle is not None and "hurt_by_them" not in extracted:  # a loop, not someone being hurt: said back later
        extracted["cycle"] = cycle.said
    if (step.slot == "relationship" or step.understand == "relationship") and receiving.names_no_contact(text):
        extracted["no_contact"] = True  # "my ex", "my estranged brother": no coaching toward contact
    if kind == AnswerKind.FREE:
        return Reading("answer", value=text, extracted=extracted, ask=ask)
    if kind == AnswerKind.NONE:
        return Reading("answer", value=None, extracted=extracted)
    if kind == AnswerKind.YES_NO:
        parse = parse_offer_reply if step.understand == "offer" else understanding.parse_yes_no
        value = parse(corrected(text, parse))
    elif kind == AnswerKind.NUMBER:
        value = understanding.parse_number(text, 0, 10)
    elif step.slot == "relationship" or step.understand == "relationship":
        return _relationship(step, text, extracted, guesses)
    else:
        value = understanding.parse_choice(corrected(text, lambda t: _choice(step, t)), option_choices(step))
    if value is None:
        return _guessed_answer(step, guesses) or Reading("unclear", extracted=extracted)
    return Reading("answer", value=value, extracted=extracted)


def _choice(step: Step, text: str) -> str | None:
    if step.slot == "relationship" or step.understand == "relationship":
        # a named person first: "my two brothers" is family, not the second option
        guess = understanding.detect_relationship(text)
        if guess in {option.id for option in step.options}:
            return guess
        chosen = understanding.parse_choice(text, option_choices(step))
        # "me" inside a sentence ("let me think", "tell me more") is not the person naming themself: the self
        # option's words count only as the whole reply ("yourself", "just me")
        whole = {understanding.normalize(p) for id_, phrases in option_choices(step) if id_ == "self" for p in phrases}
        return None if chosen == "self" and understanding.normalize(text) not in whole else chosen
    return understanding.parse_choice(text, option_choices(step))


def _relationship(step: Step, text: str, extracted: dict[str, object], guesses: Sequence[str]) -> Reading:
    """Who it was with: the category for branching, the person's own words for speaking ("your dad"), and a
    short question instead of a confident label when the words fit no category well."""
    said = corrected(text, lambda t: _choice(step, t) or (t if unusual_relationship(t) else None))
    value = _choice(step, said)
    words = own_words(said, value) if value or unusual_relationship(said) else None
    if words:
        extracted["relationship_words"] = words
    if unusual_relationship(said):
        return Reading("answer", value=value, extracted=extracted,
                       ask=relationship_question(words, [option.id for option in step.options]))
    if value is None:
        return _guessed_answer(step, guesses) or Reading("unclear", extracted=extracted)
    return Reading("answer", value=value, extracted=extracted)


def _closed_answer_guesses(heard: Heard) -> list[str]:
    """The next-best readings a closed answer may be taken from: none when the grammar heard words it could place
    as none of its phrases ("[unk]"): that is how a reply that answers none of the options sounds ("what do you
    mean by that"), while a bare answer the model missed comes out with no word at all."""
    return [] if heard.unknown_words else list(heard.next_best[:NEXT_BEST_READ])


def _guessed_answer(step: Step, guesses: Sequence[str]) -> Reading | None:
    """A closed answer from the first next-best reading that gives one, when the best reading gave none.

    The small model often hears a bare one-word answer ("buddy", "other half", "about a ten") as nothing or as a
    near miss while its second or third reading has it. Such an answer is marked `guessed` and the session
    confirms it ("Did you say ...?"), so a wrong guess costs the same one extra turn as asking again would.
    Measured on the understanding benchmark (16 voice/rate/noise conditions): of 2032 spoken closed answers,
    1932 right without guesses, 1960-1961 with them (33 guessed, 5 of those wrong, each said back first); of 384
    off-topic replies to closed questions, 2 guessed into an answer (35 without the "[unk]" rule). Never used
    when the best reading gave an answer."""
    if step.expects not in CLOSED_KINDS:
        return None
    for reading in guesses:
        guess = _read_answer(step, reading)
        if guess.kind == "answer":
            guess.guessed = True
            return guess
    return None


def _patterns(text: str, next_best: Sequence[str]) -> tuple[list[str], Ask | None]:
    """The default responses an answer names; when the best reading names none, the first of the next-best
    readings that does (the small model often loses just the word that carries it: "i kept saying salary over
    and over"). Measured on the understanding benchmark's spoken answers (16 voice/rate/noise conditions): 154 ->
    172 of 192 found, 2 answers given a response they did not name (from the best reading alone: none). Only
    when the best reading names none, so a response it heard is never joined by a guessed one. A corrected answer
    ("I went quiet, no wait, I argued back") keeps what was said last. An action whose meaning could go two ways
    comes with the either/or question that settles it."""
    said = corrected(text, lambda t: understanding.detect_patterns(t) or None)
    reaction = read_reaction(said)
    if reaction.patterns:
        return reaction.patterns, None
    for reading in next_best[:NEXT_BEST_READ]:
        found = understanding.detect_patterns(reading)
        if found:
            return found, None
    return [], (pattern_question(reaction.ambiguous[0]) if reaction.ambiguous else None)
