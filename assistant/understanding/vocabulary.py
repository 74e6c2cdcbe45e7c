"""What a closed question can be answered with: the words of a step's answers for a speech grammar, and how an
understood answer is said back ("Did you say seven?")."""

from __future__ import annotations

from mend.assistant.understanding.phrasebook import NUMBER_WORDS
from mend.flows import AnswerKind, Step

YES_WORDS = [
    "yes", "yeah", "yep", "sure", "okay", "i think so", "i guess so", "yes please", "that's right",
    "no", "nope", "not really", "i don't think so", "no thanks", "maybe",
]
# the rating scale's words, from the phrasebook's own table (its first entries are zero..nineteen, in order)
_NUMBERS = [word for word, value in NUMBER_WORDS.items() if value <= 10][:11]
# whole phrases, because a speech grammar recognises its entries as units: "about a six" must be one of them
NUMBER_WORDS = [
    phrase
    for n in _NUMBERS
    for phrase in (n, f"a {n}", f"about {n}", f"about a {n}", f"around {n}", f"maybe {n}", f"maybe a {n}",
                   f"like a {n}", f"{n} out of ten")
]
# A break can be asked for at any step, closed ones too: these whole phrases are in every closed grammar (each is a
# "break" phrase of the phrasebook, and every word is one the model knows; the recogniser drops any it does not).
BREAK_WORDS = [
    "i need a break", "need a break", "take a break", "can we take a break", "time out", "stop for now",
    "can we stop for now", "continue later", "can we stop for now and continue later", "let's continue later",
    "pick this up later",
]
COMMAND_WORDS = [
    "repeat", "repeat that", "say that again", "slower", "slow down", "faster", "speed up", "pause", "wait",
    "hold on", "resume", "continue", "go back", "back", "skip", "next", "help", "stop", "i don't know", "not sure",
    *BREAK_WORDS,
]


def option_choices(step: Step) -> list[tuple[str, list[str]]]:
    return [(option.id, [option.label, *option.synonyms]) for option in step.options]


def vocabulary_for(step: Step) -> list[str] | None:
    """Words a closed question can be answered with, for a speech grammar; None for open reflections."""
    commands = COMMAND_WORDS
    if step.expects == AnswerKind.CHOICE:
        words = [phrase for _, phrases in option_choices(step) for phrase in phrases]
        if step.slot == "relationship" or step.understand == "relationship":
            words = _with_my(words)
    elif step.expects == AnswerKind.YES_NO:
        words = list(YES_WORDS)
    elif step.expects == AnswerKind.NUMBER:
        words = list(NUMBER_WORDS)
        # "i" sounds like the end of "five" or "nine" and, once in the grammar, is heard in their place
        commands = [phrase for phrase in COMMAND_WORDS if phrase.split()[0] != "i"]
    else:
        return None
    return words + commands


def _with_my(words: list[str]) -> list[str]:
    """People name who it was as "my dad" more often than "dad"; a grammar that knows only the bare word hears
    a short one said either way as "[unk]" more often than as itself, so each one-word name gets its "my" form."""
    own = {"me", "myself", "yourself", "work", "team"}
    forms = [f"my {word}" for word in words if " " not in word and word not in own and "-" not in word]
    return words + [form for form in forms if form not in words] + ["myself", "me"]


def spoken_value(step: Step, value: object) -> str:
    """How to say an understood answer back when confirming it ("Did you say seven?")."""
    if step.expects == AnswerKind.CHOICE:
        for option in step.options:
            if option.id == value:
                return option.label
    if step.expects == AnswerKind.YES_NO:
        return "yes" if value else "no"
    if step.expects == AnswerKind.NUMBER and isinstance(value, int) and 0 <= value <= 10:
        return _NUMBERS[value]
    return str(value)
