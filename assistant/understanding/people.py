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

__all__ = ["own_words", "is_plural", "unusual_relationship", "corrected"]

_WORDS = sorted({normalize(w) for words in RELATIONSHIP_WORDS.values() for w in words}, key=len, reverse=True)
_SINGULARS = frozenset(_WORDS)
_WORD_ALTERNATION = "|".join(map(re.escape, _WORDS))
_WORD_RX = re.compile(r"(?<!\S)(?:(my|our|a|the|an) )?((?:[a-z]+ ){0,2}?)(" + _WORD_ALTERNATION + r")(s?)(?!\S)")
# "my mum and dad", "my mom and my sister": both are said back
_AND_RX = re.compile(r"^ and ((?:my|our) )?((?:[a-z]+ ){0,1}?)(" + _WORD_ALTERNATION + r")(s?)(?!\S)")
_MODIFIERS = frozenset("best older younger little big oldest youngest eldest twin new old close ex step closest "
                       "former current long time longtime work two three four".split())
# words that name more than one person without a plural s; "team" and "family" are one group ("has")
_PLURAL_WORDS = frozenset("children kids folks people in laws grandchildren".split())
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
    if match.group(3) in _GENERIC and not (match.group(4) and match.group(3) == "colleague"):
        return _GENERIC[match.group(3)]
    said = _named(match)
    also = _AND_RX.match(norm[match.end():])
    if also and also.group(3) not in _GENERIC:
        said += " and " + _named(also).removeprefix("" if also.group(1) else "your ")
    said = re.sub(r"(?<!\S)in (laws?)(?!\S)", r"in-\1", said)  # "your in-laws"
    return re.sub(r"(?<!your) (in-laws?)(?!\S)", r"-\1", said)  # "your mother-in-law", "your parents-in-law"


def _named(match: re.Match) -> str:
    mods = [w for w in match.group(match.re.groups - 2).split() if w in _MODIFIERS]
    word, plural = match.group(match.re.groups - 1), match.group(match.re.groups)
    if match.string[match.end():].startswith(" in law"):  # "my parents in law"
        plural += " in law"
    return " ".join(["your", *mods, word + plural])


def is_plural(words: str | None) -> bool:
    """Whether mend's words for the person name more than one ("your parents", "your mum and dad", "your
    in-laws"), so a verb beside them agrees ("have", "are") and "they" is the only pronoun."""
    if not words:
        return False
    norm = normalize(words)
    if " and " in f" {norm} ":
        return True
    last = norm.split()[-1]
    return norm in _PLURAL_WORDS or last in _PLURAL_WORDS or bool(re.search(r"(?:^|s) in laws?$", norm)) or (
        last.endswith("s") and not last.endswith(("ss", "us", "is")) and last[:-1] in _SINGULARS)


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
        tail = re.sub(r"^(?:no|know|it is|it was|its|i meant|mean) ", "", tail).strip()  # "know": "no" misheard
        if not tail:
            continue
        if parses is None or parses(tail) is not None:
            return tail
    return text
