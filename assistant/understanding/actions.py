"""Finding default responses in what a person says they did, from the lexicon of acts and their meanings.

An answer is cut into clauses (at punctuation and at words such as "but", "then", "until"); in each, every word is
brought to its lemma ("locked" -> "lock") and looked up among the heads of assistant.understanding.lexicon. A head
counts when what must go with it stands right before it or within a few words after it, when the clause's subject
is the person ("she went to bed" is not pulling away) and when it is not negated ("I didn't walk out"), or, for the
acts that mean something only when negated, when it is ("I didn't reply"). An action whose meaning could go two
ways is returned as a pair to ask about, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from mend.assistant.understanding.lexicon import (
    ACTS, AMBIGUOUS, CLAUSE_BREAKS, LEMMAS, NEGATION_WORDS, NEGATIVE_ACTS, OTHER_SUBJECTS,
)
from mend.assistant.understanding.matching import normalize
from mend.assistant.understanding.phrasebook import PATTERNS

_TAIL_GAP_AFTER = 3  # words allowed between a head and what goes with it
_NEGATION_REACH = 3  # how far before a head a "not" still negates it
_ANY_SUBJECT = frozenset({"finish"})  # "before he'd finished": someone else's act that tells of mine
_FIRST_PERSON = frozenset({"i", "me", "myself"})


@dataclass
class ReactionReading:
    """What a first-reaction answer says: the patterns it names, the either/or pairs it leaves open, and whether
    it describes anything the person did at all."""

    patterns: list[str] = field(default_factory=list)
    ambiguous: list[tuple[str, str]] = field(default_factory=list)
    described: bool = False


def _entries() -> list[tuple[tuple[str, ...], tuple[tuple[str, ...], ...], str, str]]:
    """(head words, tails as word tuples, meaning or pair key, kind) for every act in the lexicon."""
    out = []
    for kind, table in (("act", ACTS), ("negative", NEGATIVE_ACTS)):
        for meaning, acts in table.items():
            for head, tails in acts:
                out.append((tuple(head.split()), tuple(tuple(t.split()) for t in tails), meaning, kind))
    for head, tails, pair in AMBIGUOUS:
        out.append((tuple(head.split()), tuple(tuple(t.split()) for t in tails), "|".join(pair), "ambiguous"))
    return out


_ENTRIES = _entries()
_BY_HEAD: dict[str, list] = {}
for _entry in _ENTRIES:
    _BY_HEAD.setdefault(_entry[0][0], []).append(_entry)
_VOCABULARY = sorted({w for w in [*_BY_HEAD, *LEMMAS] if len(w) >= 5 and w.isalpha()})


@lru_cache(maxsize=8192)
def lemma(word: str) -> str:
    """The lexicon's form of a word: irregular forms from LEMMAS, then -ing/-ed/-s taken off when that leaves a
    head, then a near-miss spelling of a known word ("appologised")."""
    if word in LEMMAS:
        return LEMMAS[word]
    if word in _BY_HEAD:
        return word
    for cut, add in (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("d", ""), ("s", ""), ("es", ""),
                     ("ied", "y"), ("ies", "y")):
        if word.endswith(cut) and len(word) - len(cut) >= 3:
            stem = word[: -len(cut)] + add
            if stem in _BY_HEAD:
                return stem
    if 5 <= len(word) <= 20 and word.isalpha():
        best = process.extractOne(word, _VOCABULARY, scorer=fuzz.ratio, score_cutoff=85 if len(word) < 8 else 82)
        if best is not None and best[0] != word:
            return lemma(best[0])
    return word


_SPLIT = re.compile(r"[.,;:!?\u2014\u2013]+|\s-\s")


def clauses(text: str) -> list[list[str]]:
    """Normalised words, cut at punctuation; clause words stay in (they bound subjects and negation later)."""
    out = []
    for part in _SPLIT.split(text[:2000] if isinstance(text, str) else ""):
        words = normalize(part).split()
        if words:
            out.append(words)
    return out


def read_reaction(text: str) -> ReactionReading:
    reading = ReactionReading()
    found: set[str] = set()
    pairs: list[tuple[str, str]] = []
    for words in clauses(text):
        lemmas = [lemma(w) for w in words]
        if any(w in _FIRST_PERSON for w in words) or (words and lemmas[0] in _BY_HEAD):
            reading.described = True
        for at, head_word in enumerate(lemmas):
            for head, tails, meaning, kind in _BY_HEAD.get(head_word, ()):
                span = _match(words, lemmas, at, head, tails)
                if span is None or not _my_act(words, span[0], head):
                    continue
                negated = _negated(words, span[0])
                if kind == "negative" and negated:
                    found.add(meaning)
                elif kind == "act" and not negated:
                    found.add(meaning)
                elif kind == "ambiguous" and not negated:
                    pair = tuple(meaning.split("|"))
                    if pair not in pairs:
                        pairs.append(pair)  # type: ignore[arg-type]
                if kind != "negative" or negated:
                    reading.described = True
    reading.patterns = [p for p in PATTERNS if p in found]
    reading.ambiguous = [] if found else pairs
    if not found and not pairs and any(_acted(words) for words in clauses(text)):
        reading.ambiguous = [_UNKNOWN_ACT]  # something was done, in words the lexicon does not know: ask
    return reading


_UNKNOWN_ACT = ("withdrawing", "defending")  # "Was it more like pulling away, or pushing back?"
_NOT_ACTS = frozenset("am was do did have had think thought guess mean know feel felt would could should "
                      "wish hope suppose not never really just".split())


def _acted(words: list[str]) -> bool:
    """Whether a clause tells of something the person did ("I stood in the kitchen"), not of a thought, a
    feeling or a hedge ("I think", "I felt awful", "I don't know")."""
    for at, word in enumerate(words[:-1]):
        if word == "i" and words[at + 1] not in _NOT_ACTS and not _negated(words, at + 1):
            return True
    return False


def _match(words: list[str], lemmas: list[str], at: int, head: tuple[str, ...],
           tails: tuple[tuple[str, ...], ...]) -> tuple[int, int] | None:
    """(start, end) of the head with what goes with it (the start moves back over a tail said before it)."""
    end = at + len(head)
    if tuple([lemmas[at], *words[at + 1: end]]) != head:
        return None
    if not tails:
        return at, end
    for tail in tails:
        size = len(tail)
        for gap in (0, 1):  # before the head: "it was fine", "being so dramatic"
            start = at - gap - size
            if start >= 0 and tuple(words[start: start + size]) == tail:
                return start, end
        for gap in range(_TAIL_GAP_AFTER + 1):  # after it: "went (straight) to my room"
            start = end + gap
            window = words[start: start + size]
            if tuple(window) == tail or (size == 1 and lemmas[start: start + 1] == [tail[0]]):
                return at, start + size
    return None


def _clause_start(words: list[str], at: int) -> int:
    for index in range(at - 1, -1, -1):
        if words[index] in CLAUSE_BREAKS:
            return index + 1
    return 0


def _my_act(words: list[str], at: int, head: tuple[str, ...]) -> bool:
    """Whether the nearest subject before the act is the person themself (or there is none: "walked out")."""
    if head[0] in _ANY_SUBJECT:
        return True
    for index in range(at - 1, _clause_start(words, at) - 1, -1):
        word = words[index]
        if word in _FIRST_PERSON:
            return True
        if word in OTHER_SUBJECTS and (index == 0 or words[index - 1] not in {"told", "asked", "let", "made"}):
            return False
    return True


def _negated(words: list[str], at: int) -> bool:
    start = max(_clause_start(words, at), at - _NEGATION_REACH)
    return any(word in NEGATION_WORDS for word in words[start:at])
