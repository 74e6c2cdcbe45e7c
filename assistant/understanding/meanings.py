"""Reading what a person said: commands, yes/no, numbers, choices, reaction patterns and who the rupture was with.

Replies come from a small offline recogniser (lower case, no punctuation, homophone slips such as "too" for "two")
or from a keyboard (typos, contractions with or without apostrophes). So everything here is table-driven phrase
matching on normalised text, and rapidfuzz maps near-miss words onto the tables' own vocabulary. There is no model
to load, nothing raises on any string, and input is capped so every call stays fast whatever arrives.

The tables live in assistant.understanding.phrasebook and the normalising in assistant.understanding.matching; both are re-exported here.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from mend.assistant.understanding.phrasebook import (
    CHOICE_STOPWORDS, COMMANDS, DONT_KNOW_FILLERS,
    DONT_KNOW_PHRASES, NEGATORS, NO_PHRASES, NUMBER_FILLERS, NUMBER_HOMOPHONES, NUMBER_WORDS, ORDINALS,
    PATTERNS, RANGE_JOINERS, RELATIONSHIP_WORDS, RELATIONSHIPS, SELF_WORDS, TENS_WORDS, UNSURE_PHRASES, WEAK_YES_NO,
    YES_PHRASES,
)
from mend.assistant.understanding.actions import read_reaction
from mend.assistant.understanding.commands import parse_command
from mend.assistant.understanding.matching import MAX_CHARS, alternation, canonical_tokens, normalize, phrase_regex  # noqa: F401

__all__ = [
    "PATTERNS", "RELATIONSHIPS", "COMMANDS", "normalize", "parse_command", "is_dont_know", "parse_yes_no",
    "parse_number", "parse_choice", "detect_patterns", "detect_relationship",
]


_DONT_KNOW_RX = re.compile(alternation(DONT_KNOW_PHRASES))
_FILLERS = frozenset(DONT_KNOW_FILLERS)


def is_dont_know(text: str) -> bool:
    """True when the reply is essentially "I don't know", not when it merely contains it inside a story."""
    norm = normalize(text)
    match = _DONT_KNOW_RX.search(norm)
    if match is None:
        return False
    rest = (norm[: match.start()] + " " + norm[match.end():]).split()
    return sum(1 for word in rest if word not in _FILLERS) <= 2


_YES_NO = {**{normalize(p): True for p in YES_PHRASES}, **{normalize(p): False for p in NO_PHRASES}}
_YES_NO_RX = re.compile(alternation(_YES_NO))
_UNSURE_RX = re.compile(alternation(UNSURE_PHRASES))
_WEAK = frozenset(normalize(p) for p in WEAK_YES_NO)
_YES_NO_VOCAB = frozenset(w for p in _YES_NO for w in p.split())


def parse_yes_no(text: str) -> bool | None:
    """True/False for a clear answer; None when unsure ("not sure", "maybe"), mixed ("no yes") or absent.

    The answer is looked for in the first eight words (people answer first, then explain) and, failing that, in
    the last four ("...so yes"). Bare "I did"/"it was" only count in replies of four words or fewer.
    """
    words = [_squeeze(w) for w in normalize(text).split()]
    if not words:
        return None
    head = " ".join(words[:8])
    if _UNSURE_RX.search(head):
        return None
    found = _yes_no_in(head, short=len(words) <= 4)
    if not found and len(words) > 8:
        tail = " ".join(words[-4:])
        if _UNSURE_RX.search(tail):
            return None
        found = _yes_no_in(tail, short=False)
    return found.pop() if len(found) == 1 else None


def _yes_no_in(text: str, short: bool) -> set[bool]:
    return {_YES_NO[m.group(0)] for m in _YES_NO_RX.finditer(text)
            if m.group(0) not in _WEAK or (short and _ends_the_reply(text[m.end():]))}


_AFTER_WEAK = frozenset({"not", "really", "too", "so", "yes", "yeah", "though", "actually", "indeed", "now"})


def _ends_the_reply(rest: str) -> bool:
    """A weak form ("it is", "i did") answers only when little follows it: "yeah it is", "i did too"; in "it is
    complicated" or "i am tired" it starts a statement about something else."""
    return all(word in _AFTER_WEAK for word in rest.split())


def _squeeze(word: str) -> str:
    """'yesss' -> 'yes', 'nooo' -> 'no': stretched words from typing or a hesitant recogniser."""
    if word in _YES_NO_VOCAB or len(word) > 12:
        return word
    squeezed = re.sub(r"(.)\1+", r"\1", word)
    return squeezed if squeezed in _YES_NO_VOCAB else word


_SCALE_RX = re.compile(r"(?<!\S)(?:on )?(?:a )?scale (?:of |from )?(\S+) (?:to|too|through|and) (\S+)(?!\S)")
_OUT_OF_RX = re.compile(r"(?<!\S)(?:out of|outta|of) (\S+)(?!\S)")
_SPAN_RX = re.compile(r"(?<!\S)(?:from )?(\S+) (?:to|too|through) (\S+)(?!\S)")
_POINT_RX = re.compile(r"(?<!\S)(\S+) point (\S+)(?!\S)")
_DECIMAL_RX = re.compile(r"(\d{1,6})[.,](\d{1,6})")
_FRACTION_RX = re.compile(r"(\d{1,6})\s*/\s*(\d{1,6})")


def parse_number(text: str, lo: int = 0, hi: int = 10) -> int | None:
    """A whole number in [lo, hi] from words or digits, or None.

    "about a seven", "seven out of ten", "like a 6", "7/10" and "6.5" (rounded half up) all work. A range
    ("eight or nine", "six to seven", "between 6 and 7") resolves to its HIGHER end, so a strong feeling is not
    played down; a correction ("five, no, six") resolves to the last number said. Misheard "too", "for", "won",
    "ate" count only when nothing else in a short reply is a number. Out of range -> None.
    """
    try:
        lo, hi = int(lo), int(hi)
    except (TypeError, ValueError, OverflowError):
        return None
    if not isinstance(text, str):
        return None
    raw = _DECIMAL_RX.sub(lambda m: str(int(float(f"{m.group(1)}.{m.group(2)}") + 0.5)), text[:2000])
    raw = _FRACTION_RX.sub(r"\1 out of \2", raw)
    norm = normalize(raw)
    norm = _SCALE_RX.sub(lambda m: " " if _value(m.group(1)) is not None and _value(m.group(2)) is not None
                         else m.group(0), norm)
    norm = _OUT_OF_RX.sub(lambda m: " " if _value(m.group(1)) is not None and
                          (not m.group(0).startswith("of ") or _value(m.group(1)) == hi) else m.group(0), norm)
    norm = _POINT_RX.sub(lambda m: _decimal_words(m) or m.group(0), norm)
    norm = _SPAN_RX.sub(lambda m: " " if (_value(m.group(1)), _value(m.group(2))) == (lo, hi) else m.group(0), norm)
    words = norm.split()
    strong: list[tuple[int, int]] = []
    weak: list[tuple[int, int]] = []
    index = 0
    while index < len(words):
        word = words[index]
        value = _value(word)
        if value is not None and word in TENS_WORDS and index + 1 < len(words):
            unit = _value(words[index + 1])
            if unit is not None and 1 <= unit <= 9 and words[index + 1] not in NUMBER_HOMOPHONES:
                value += unit
                index += 1
        if value is not None and index + 1 < len(words) and words[index + 1] == "hundred":
            value *= 100
            index += 1
        elif word == "hundred" and (not strong or strong[-1][0] != index - 1):
            value = 100
        if value is not None:
            strong.append((index, value))
        elif word in NUMBER_HOMOPHONES:
            weak.append((index, NUMBER_HOMOPHONES[word]))
        index += 1
    only_fillers = all(w in NUMBER_FILLERS for i, w in enumerate(words) if i not in {at for at, _ in weak})
    found = strong or (weak if len(words) <= 6 and only_fillers else [])
    if not found:
        return None
    value = found[-1][1]
    if len(found) >= 2:
        (first_at, first), (last_at, last) = found[-2], found[-1]
        if all(w in RANGE_JOINERS for w in words[first_at + 1: last_at]):
            value = max(first, last)
    return value if lo <= value <= hi else None


def _decimal_words(m: re.Match) -> str | None:
    whole, tenths = _value(m.group(1)), _value(m.group(2))
    if whole is None or tenths is None or tenths > 9:
        return None
    return str(int(whole + tenths / 10 + 0.5))


def _value(word: str) -> int | None:
    word = word[:-3] if word.endswith("ish") and len(word) > 3 else word
    if word.isascii() and word.isdigit():
        return int(word) if len(word) <= 6 else 10**7
    return NUMBER_WORDS.get(word)


def parse_choice(text: str, options: list[tuple[str, list[str]]]) -> str | None:
    """The id of the option a reply names, or None when it names none or several.

    First whole-phrase matches of the id, label or synonyms (ignoring ones said with "not"/"no"), then "the first
    one"/"option two" in short replies, then a fuzzy word-window comparison that tolerates misheard words
    ("a small jester" for "a small gesture"). A near tie between options is treated as ambiguous.
    """
    norm = normalize(text)
    try:
        choices = [(str(oid), _choice_terms(oid, terms)) for oid, terms in list(options or [])[:20]]
    except (TypeError, ValueError):
        return None
    if not norm or not choices:
        return None
    hits: list[tuple[int, int, str]] = []
    for oid, terms in choices:
        for term in terms:
            for m in re.finditer(phrase_regex(re.escape(term)), norm):
                if not _negated(norm, m.start()):
                    hits.append((m.start(), m.end(), oid))
    named = {oid for start, end, oid in hits
             if not any(o != oid and s <= start and end <= e and (e - s) > (end - start) for s, e, o in hits)}
    if len(named) == 1:
        return named.pop()
    if len(named) > 1:
        return None
    words = norm.split()
    if len(words) <= 5:
        for word in words:
            if word in ORDINALS and ORDINALS[word] < len(choices):
                return choices[ORDINALS[word]][0]
    return _fuzzy_choice(words[:60], choices)


def _choice_terms(oid: object, terms: object) -> list[str]:
    raw = [str(oid).replace("_", " "), *[str(t)[:200] for t in list(terms or [])[:40]]]
    out: set[str] = set()
    for term in raw:
        norm = normalize(term)
        if norm:
            out.add(norm)
            core = " ".join(w for w in norm.split() if w not in CHOICE_STOPWORDS)
            if core:
                out.add(core)
    return sorted(out, key=len, reverse=True)


def _negated(norm: str, start: int) -> bool:
    before = norm[:start].split()[-2:]
    return any(word in NEGATORS for word in before)


def _fuzzy_choice(words: list[str], choices: list[tuple[str, list[str]]]) -> str | None:
    windows: dict[int, list[str]] = {}
    scores: list[tuple[float, str]] = []
    for oid, terms in choices:
        best = 0.0
        for term in terms:
            if len(term) < 5:
                continue
            size = len(term.split())
            for width in {max(1, size - 1), size, size + 1}:
                if width not in windows:
                    windows[width] = [" ".join(words[i: i + width]) for i in range(max(1, len(words) - width + 1))]
                found = process.extractOne(term, windows[width], scorer=fuzz.ratio)
                best = max(best, found[1] if found else 0.0)
        scores.append((best, oid))
    scores.sort(reverse=True)
    if not scores or scores[0][0] < 80:
        return None
    if len(scores) > 1 and scores[0][0] - scores[1][0] < 8:
        return None
    return scores[0][1]


def detect_patterns(text: str) -> list[str]:
    """Every default response the reply describes, in PATTERNS order, from the lexicon of acts and their meanings
    (assistant.understanding.actions); a negated act ("I didn't walk out") does not count."""
    return read_reaction(text).patterns


_RELATIONSHIP_RX = {name: re.compile(alternation(words, plural=True)) for name, words in RELATIONSHIP_WORDS.items()}
_SELF_RX = re.compile(r"(?<!\S)(?:myself|my self|my own worst enemy)(?!\S)")


def detect_relationship(text: str) -> str | None:
    """Who the rupture was with. The first person mentioned wins ("my boss, then my wife" -> colleague); "self"
    only when nobody else is named ("I'm angry at myself", or just "me")."""
    canon = canonical_tokens(text)
    first: tuple[int, int, str] | None = None
    for name, rx in _RELATIONSHIP_RX.items():
        for m in rx.finditer(canon):
            key = (m.start(), -(m.end() - m.start()), name)
            if first is None or key < first:
                first = key
            break
    if first is not None:
        return first[2]
    words = canon.split()
    if _SELF_RX.search(canon) or (words and len(words) <= 6 and set(words) <= SELF_WORDS and
                                  set(words) & {"me", "myself", "self", "i"}):
        return "self"
    return None

