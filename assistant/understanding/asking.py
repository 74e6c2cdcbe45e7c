"""Short either/or questions for answers that describe something real but leave its meaning open.

"I said sorry" could be apologising over and over or hurrying to make it right; "I changed the subject" could be
pulling away or playing it down. mend asks ("Was it more like pulling away, or playing it down?") rather than
asserting a guess or saying nothing was named. A relationship the categories do not hold well is asked about the
same way. The session says the question and reads the reply with `read_asked`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mend.assistant.understanding.actions import read_reaction
from mend.assistant.understanding.matching import normalize
from mend.assistant.understanding.meanings import parse_choice

__all__ = ["Ask", "pattern_question", "relationship_question", "read_asked"]

_SAID = {
    "withdrawing": ("pulling away", ["pulling away", "pull away", "pulled away", "away", "pulling back", "withdrawing",
                                     "getting away", "quiet", "distance", "space", "hiding", "leaving"]),
    "defending": ("pushing back", ["pushing back", "push back", "pushed back", "defending", "defending myself",
                                   "arguing", "fighting back", "standing my ground", "defensive"]),
    "over_apologizing": ("saying sorry again and again", ["sorry again and again", "again and again", "over and over",
                                                          "saying sorry", "apologising", "apologizing", "sorry"]),
    "self_blame": ("blaming yourself", ["blaming myself", "blame myself", "my fault", "beating myself up"]),
    "minimizing": ("playing it down", ["playing it down", "play it down", "played it down", "down", "brushing it off",
                                       "pretending", "fine", "not a big deal", "minimizing", "minimising"]),
    "rushing_to_fix": ("hurrying to make it right", ["hurrying", "make it right", "making it right", "fixing",
                                                     "fix it", "fix", "rushing", "sort it out", "hurry"]),
}
_BOTH = frozenset(normalize(p) for p in ("both", "a bit of both", "bit of both", "both of them", "kind of both",
                                         "probably both", "both really", "a mix", "a mix of both", "the two"))
_RELATIONSHIP_TERMS = {
    "partner": ["partner", "more like a partner", "dating", "romantic", "seeing each other", "together", "boyfriend",
                "girlfriend"],
    "friend": ["friend", "more like a friend", "friends", "just friends", "mate", "neighbour", "neighbor"],
    "family": ["family", "more like family", "relative", "like family"],
    "colleague": ["colleague", "work", "more like a colleague", "someone at work", "professional", "coworker"],
}


@dataclass
class Ask:
    """A question to settle one reading: what to say, the options it offers, and which slot the answer fills
    ("patterns", or "value" for the step's own answer)."""

    question: str
    options: list[tuple[str, list[str]]] = field(default_factory=list)
    target: str = "patterns"


def pattern_question(pair: tuple[str, str]) -> Ask:
    first, second = pair
    return Ask(f"Was it more like {_SAID[first][0]}, or {_SAID[second][0]}?",
               [(first, _SAID[first][1]), (second, _SAID[second][1])], "patterns")


def relationship_question(words: str | None, allowed: list[str]) -> Ask:
    who = f"With {words}, is it" if words and len(words.split()) <= 7 else "Is it"
    ids = [oid for oid in ("partner", "friend", "family", "colleague") if oid in allowed]
    named = ", ".join(f"a {oid}" if oid in ("partner", "friend", "colleague") else oid for oid in ids[:-1])
    return Ask(f"{who} closest to {named}, or {'a ' if ids[-1] != 'family' else ''}{ids[-1]}?",
               [(oid, _RELATIONSHIP_TERMS[oid]) for oid in ids], "value")


def read_asked(ask: Ask, text: str) -> list[str]:
    """The option ids a reply to an Ask picks: one, both for "a bit of both", none when it picks nothing."""
    norm = normalize(text)
    ids = [oid for oid, _ in ask.options]
    if ask.target == "patterns" and any(p in norm for p in _BOTH):
        return ids
    choice = parse_choice(text, ask.options)
    if choice is not None:
        return [choice]
    if ask.target == "patterns":
        found = read_reaction(text).patterns
        return found
    return []
