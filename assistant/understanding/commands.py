"""Spoken commands inside natural sentences: "hang on, could you say that again?", "er, back one", "sorry, what do
I say here?".

A reply is a command when, after peeling fillers, interjections and polite wrappers from both ends ("hang on",
"could you", "please", "again"), what remains is a whole command phrase. That is why "sorry, what do I say here?"
asks for help while "I went back to my room" and "I want to stop fighting with her" stay answers. "ready" and its
kin resume a pause; at a step that waits for "anything when you're ready" they are simply the go-ahead.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from mend.assistant.understanding.matching import normalize
from mend.assistant.understanding.phrasebook import (
    COMMAND_PHRASES, COMMAND_PREFIXES, COMMAND_SUFFIXES, TIME_LEFT_ASKS, TIME_LEFT_CUES, TIME_LEFT_PHRASES,
)
from mend.assistant.understanding.requests import read_request

__all__ = ["parse_command", "heard_command", "is_ready", "asks_time_left"]

_COMMAND_TABLE = {normalize(p): cmd for cmd, phrases in COMMAND_PHRASES.items() for p in phrases}
_COMMAND_KEYS = list(_COMMAND_TABLE)
_PREFIXES = sorted({normalize(p) for p in COMMAND_PREFIXES}, key=len, reverse=True)
_SUFFIXES = sorted({normalize(p) for p in COMMAND_SUFFIXES}, key=len, reverse=True)
_MAX_COMMAND_WORDS = 14
_READY = frozenset(normalize(p) for p in ("ready", "i'm ready", "i am ready", "okay i'm ready", "ok ready",
                                          "ready now", "i'm ready now", "all set", "i'm set", "let's go",
                                          "let's begin", "let's start", "begin", "start", "go"))


def parse_command(text: str) -> str | None:
    """The command an utterance *is*, or None: a whole command phrase inside polite wrappers, else a request read
    in parts (assistant.understanding.requests)."""
    phrase = normalize(text)
    return _whole_phrase(phrase) or read_request(phrase, _COMMAND_TABLE)


# words that make what comes before "you" a narrator ("she told you to slow down"), not a misheard "could"
_NARRATOR = frozenset({"i", "he", "she", "they", "we", "my", "his", "her", "their", "our", "told", "asked", "said",
                       "made", "want", "wanted", "let", "when", "if", "because", "that", "and", "but", "why", "how"})
_BEFORE_YOU = re.compile(r"^((?:[a-z]+ ){1,3})you (.+)$")
_STUTTER = re.compile(r"\b(\w+(?: \w+)?) \1\b")
_SPOKEN_WORDS = 10


def heard_command(text: str) -> str | None:
    """The command a short spoken reply at an open step asks for, allowing for the small model's usual slips:
    "could you" heard as one or two other words ("killed you slow down a bit please", "from your job you say
    that again"), a stutter ("what's what's the question again") or "um, sorry" heard as "i'm sorry". Only for
    what a recognizer heard, where such slips are likely; typed text goes through `parse_command` alone."""
    phrase = normalize(text)
    if not phrase or len(phrase.split()) > _SPOKEN_WORDS:
        return None
    tries = [_STUTTER.sub(r"\1", phrase)]
    if tries[0].startswith("i am sorry "):  # "um, sorry" is often heard as "i'm sorry"
        tries.append(tries[0][len("i am "):])
    before = _BEFORE_YOU.match(tries[0])
    if before and not set(before.group(1).split()) & _NARRATOR:
        tries.append("could you " + before.group(2))
    for attempt in tries:
        command = parse_command(attempt)
        if command in _HARMLESS:
            return command
    return None


# commands a guess may give: each is undone by the next reply. Never "stop" or "skip" from a guess ("i'm ending it"
# is a person, not a command), and never a break
_HARMLESS = frozenset({"repeat", "slower", "faster", "help", "back", "pause"})


def _whole_phrase(phrase: str) -> str | None:
    words = phrase.split()
    if not words or len(words) > _MAX_COMMAND_WORDS:
        return None
    for _ in range(_MAX_COMMAND_WORDS * 2):
        phrase = " ".join(words)
        if phrase in _COMMAND_TABLE:
            return _COMMAND_TABLE[phrase]
        stripped = _strip_wrapper(phrase)
        if stripped is None:
            break
        words = stripped.split()
        if not words:
            return None
    phrase = " ".join(words)
    if len(phrase) >= 6:
        best = process.extractOne(phrase, _COMMAND_KEYS, scorer=fuzz.ratio, score_cutoff=88)
        if best is not None:
            return _COMMAND_TABLE[best[0]]
    return None


_TIME_LEFT = frozenset(normalize(p) for p in TIME_LEFT_PHRASES)
_HOW_LONG = re.compile(r"\b(?:" + "|".join(re.escape(normalize(p)) for p in TIME_LEFT_ASKS) + r")\b")
_REMAINS = re.compile(r"\b(?:" + "|".join(re.escape(normalize(p)) for p in TIME_LEFT_CUES) + r")\b")
_TIME_LEFT_WORDS = 10
_OPENS_HOW_LONG = re.compile(r"(?:(?:um|uh|er|erm|so|sorry|okay|ok|and) )*(?:how long|how much (?:more )?time|how many "
                             r"(?:more )?minutes|how much longer)\b")
_BARE_HOW_LONG_WORDS = 4


def is_ready(text: str) -> bool:
    """"I'm ready", "ready", "okay, I'm ready": the go-ahead at a step that waits for it."""
    return _is_one_of(text, _READY)


def asks_time_left(text: str) -> bool:
    """"How long is left?", "sorry, how much longer?", "is the break nearly over?": asked during a break. One of
    the phrases, a short question that asks how long and names what remains (not "how long is the walk"), or
    a very short one that opens by asking how long ("how long is it?", or "how long is lift?" as misheard): in a
    break, the only "it" is the break."""
    if _is_one_of(text, _TIME_LEFT):
        return True
    plain = normalize(text)
    if _OPENS_HOW_LONG.match(plain) and len(plain.split()) <= _BARE_HOW_LONG_WORDS:
        return True
    asking = _HOW_LONG.search(plain)
    return bool(asking and len(plain.split()) <= _TIME_LEFT_WORDS and _REMAINS.search(plain, asking.start()))


def _is_one_of(text: str, phrases: frozenset[str]) -> bool:
    """The reply, once fillers and polite wrappers are peeled from its ends, is one of `phrases`."""
    words = normalize(text).split()
    while words:
        phrase = " ".join(words)
        if phrase in phrases:
            return True
        stripped = _strip_wrapper(phrase)
        if stripped is None:
            return False
        words = stripped.split()
    return False


def _strip_wrapper(phrase: str) -> str | None:
    for prefix in _PREFIXES:
        if phrase.startswith(prefix + " "):
            return phrase[len(prefix) + 1:]
    for suffix in _SUFFIXES:
        if phrase.endswith(" " + suffix):
            return phrase[: -len(suffix) - 1]
    return None
