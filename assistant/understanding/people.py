"""The person a rupture was with, in the person's own words, and what to ask when the words fit no category.

"my dad" is family for branching, but mend says "your dad", not "someone in your family"; "my manager" stays
"your manager". A relationship the five categories do not hold well ("someone I've been dating for a few weeks",
"my neighbour", "my friend's mum") gets a short question instead of a confident wrong label. Corrections ("a friend,
actually my sister", "the second one, no wait, the first") keep what was said last.
"""

from __future__ import annotations

import re

from mend.assistant.understanding.matching import normalize
from mend.assistant.understanding.phrasebook import RELATIONSHIP_WORDS

__all__ = ["own_words", "unusual_relationship", "corrected"]

_WORDS = sorted({normalize(w) for words in RELATIONSHIP_WORDS.values() for w in words}, key=len, reverse=True)
_WORD_RX = re.compile(r"(?<!\S)(?:(my|our|a|the|an) )?((?:[a-z]+ ){0,2}?)(" + "|".join(map(re.escape, _WORDS))
                      + r")s?(?!\S)")
_MODIFIERS = frozenset("best older younger little big oldest youngest eldest twin new old close ex step closest "
                       "former current long time longtime work".split())
_GENERIC = {"family": "someone in your family", "colleague": "someone at work", "team": "your team",
            "at work": "someone at work", "someone at work": "someone at work", "work": "someone at work",
            "office": "someone at work", "friendship": "your friend"}
_UNUSUAL = re.compile(
    r"(?<!\S)(?:dating|been seeing|seeing someone|situationship|talking stage|hook ?up|hooking up|crush|fling|"
    r"friends? with benefits|it is complicated|on and off|on again off again|landlord|landlady|tenant|"
    r"teacher|professor|tutor|coach|therapist|counsellor|counselor|doctor|nurse|neighbou?r|classmate|bandmate|"
    r"pen ?pal|online friend|internet friend|godmother|godfather|godparent|carer|caregiver|nanny|babysitter|"
    r"friends (?:mum|mom|dad|husband|wife)|(?:sister|brother|mum|mom|dad)s "
    r"(?:boyfriend|girlfriend|friend|partner|husband|wife))(?!\S)")
_POSSESSIVE = re.compile(r"(?<!\S)(friend|sister|brother|partner|wife|husband|mum|mom|dad|boss|cousin)s "
                         r"(?=\S)(\S+)")
_SWAP = {"i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "am": "are", "our": "your",
         "we": "you", "us": "you", "was": "were"}
_LEAD = re.compile(r"^(?:(?:um|uh|er|erm|well|so|it is|it was|its|this is|with|about|oh|like|just|mostly|"
                   r"the person is|this is about|yeah) )+")
_CORRECTION = re.compile(r"(?<!\S)(?:no wait|wait no|no sorry|sorry no|sorry i mean|i mean|no actually|actually no|"
                         r"actually|scratch that|or rather|rather|make that|correction|no no|let me rephrase|wait)"
                         r"(?!\S)")


def own_words(text: str, category: str | None) -> str | None:
    """How mend says the person: "your dad", "your older brother", "someone you have been dating"; None when
    nothing better than the category's own label is there."""
    if category == "self":
        return "yourself"
    norm = normalize(corrected(text))
    if unusual_relationship(norm):
        phrase = _POSSESSIVE.sub(r"\1's \2", _LEAD.sub("", norm).strip())
        if not phrase or len(phrase.split()) > 9:
            return None
        return " ".join(_SWAP.get(word, word) for word in phrase.split())
    match = _WORD_RX.search(norm)
    if match is None:
        return None
    mods = [w for w in match.group(2).split() if w in _MODIFIERS]
    word = match.group(3)
    return _GENERIC.get(word) or " ".join(["your", *mods, word])


def unusual_relationship(text: str) -> bool:
    """Whether the words name a relationship the five categories do not hold well."""
    return bool(_UNUSUAL.search(normalize(text)))


def corrected(text: str, parses=None) -> str:
    """What a person said last, when they corrected themself ("a friend, actually my sister" -> "my sister").

    With `parses` (a function giving None for a part that answers nothing), the correction counts only when what
    follows it is an answer too; otherwise the text is kept whole."""
    if not isinstance(text, str):
        return ""
    norm = normalize(text)
    matches = list(_CORRECTION.finditer(norm))
    for match in reversed(matches):
        tail = norm[match.end():].strip()
        tail = re.sub(r"^(?:no|it is|it was|its|i meant|mean) ", "", tail).strip()
        if not tail:
            continue
        if parses is None or parses(tail) is not None:
            return tail
    return text
