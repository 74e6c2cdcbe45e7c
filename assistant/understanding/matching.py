"""Making replies and table phrases comparable: normalised words, whole-phrase regexes and near-miss spelling.

A small offline recogniser writes lower case without punctuation and slips on homophones; a keyboard adds typos,
accents and contractions with or without apostrophes. Everything is brought to one form (lower-case words separated
by single spaces) before any table is consulted, and rapidfuzz maps near-miss words onto the tables' own vocabulary.
Input is capped at MAX_CHARS so every call stays fast whatever arrives.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz, process

from mend.assistant.understanding.phrasebook import RELATIONSHIP_WORDS, SHORT_FORMS

MAX_CHARS = 2000


_APOSTROPHES = re.compile(r"[\u2019\u2018`\u00b4\u02bc\u2032]")
_CONTRACTION = re.compile(r"\b(\w+)'(ll|re|ve|d|m|s|t)\b")
_NOT_BASES = {"ca": "can", "wo": "will", "sha": "shall", "ai": "am"}
_IS_WORDS = frozenset("it he she that what there who where here how".split())


# Words a recogniser (or a hurried typist) splits in two.
_SPLIT_COMPOUND = re.compile(r"(?<!\S)(girl|boy|co|room|flat|house|team|work|step|self) "
                             r"(friend|worker|mate|mom|mum|dad|son|daughter|sister|brother|ie|harm)(?!\S)")


def _expand(match: re.Match) -> str:
    word, tail = match.group(1), match.group(2)
    if tail == "t" and word.endswith("n"):
        base = word[:-1]
        return _NOT_BASES.get(base, base) + " not"
    if tail == "s":
        return f"{word} is" if word in _IS_WORDS else ("let us" if word == "let" else word + "s")
    return word + " " + {"ll": "will", "re": "are", "ve": "have", "d": "would", "m": "am", "t": "t"}[tail]


def normalize(text: str) -> str:
    """Lower-case words separated by single spaces: accents, punctuation and control characters gone,
    contractions spelled out ("don't"/"dont" -> "do not", "I'm" -> "i am"), at most MAX_CHARS long.

    Spelling contractions out lets one table serve both the recogniser (which writes "don't") and typists (who
    often write "dont")."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFKD", text[:MAX_CHARS])[:MAX_CHARS]
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _CONTRACTION.sub(_expand, _APOSTROPHES.sub("'", text)).replace("'", "")
    words = re.sub(r"[\W_]+", " ", text).split()
    out = " ".join(SHORT_FORMS.get(word, word) for word in words)
    out = _SPLIT_COMPOUND.sub(lambda m: m.group(1) + m.group(2), out)
    return out.replace("can not", "cannot")[:MAX_CHARS].strip()


def phrase_regex(body: str) -> str:
    """A regex source matching `body` as whole words inside normalised text."""
    return r"(?<!\S)(?:" + body + r")(?!\S)"


def alternation(phrases, plural: bool = False) -> str:
    """One regex for many phrases, longest first so that "i do not think so" beats "i think so"."""
    bodies = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        body = re.escape(normalize(phrase))
        if body:
            bodies.append(body + ("s?" if plural else ""))
    return phrase_regex("|".join(bodies) or "(?!)")


_VOCABULARY = sorted({w for table in RELATIONSHIP_WORDS.values() for phrase in table
                      for w in re.findall(r"[a-z]+", re.sub(r"\\[A-Za-z]", " ", phrase)) if len(w) >= 5})
_VOCABULARY_SET = frozenset(_VOCABULARY)


@lru_cache(maxsize=8192)
def _canonical_word(word: str) -> str:
    """Map a misspelt or misheard word onto the tables' vocabulary; short words must match exactly, because
    one changed letter in a four-letter word is usually a different word."""
    if len(word) < 5 or len(word) > 24 or word in _VOCABULARY_SET or not word.isascii() or not word.isalpha():
        return word
    best = process.extractOne(word, _VOCABULARY, scorer=fuzz.ratio, score_cutoff=85 if len(word) < 7 else 82)
    return best[0] if best else word


def canonical_tokens(text: str) -> str:
    """Normalised text with near-miss words replaced by the tables' spelling."""
    return " ".join(_canonical_word(word) for word in normalize(text).split())
