"""Replies to an offer: "Would you like to practise it once?", "Shall we take a break now?", "Would you like me to
keep a note of this?".

An offer is declined in more ways than a question of fact is answered: "not now", "maybe later", "I'll pass",
"I'm good, thanks". Read as a plain yes or no, these come out as unsure ("maybe later"), or as nothing at all, and
mend asks again, which presses someone who has already said no. So for offers alone, a reply that opens by putting
it off or passing on it is a no, and "go on then" is a yes; anything else is read as any yes or no is.

Not for the safety questions: there "not now" ("Are you thinking of hurting yourself?") is no clear no, and must
still lead to help (`session.loop.Session._asked_is_no`).
"""

from __future__ import annotations

import re

from mend.assistant.understanding.matching import alternation, normalize
from mend.assistant.understanding.meanings import parse_yes_no

__all__ = ["DECLINES", "ACCEPTS", "declines", "parse_offer_reply"]

_OPENERS = r"(?:(?:um|uh|er|erm|hmm|oh|well|ah|honestly|actually|i think|no|nah|thanks|thank you|please) )*"
# putting it off, passing on it, or needing nothing more
DECLINES = [
    "not now", "not right now", "not just now", "not this time", "not today", "not tonight", "not yet",
    "maybe later", "later maybe", "perhaps later", "maybe another time", "another time", "some other time",
    "next time", "i'll pass", "i will pass", "pass", "i'm good", "i am good", "i'm all good", "i'm fine", "i'm okay",
    "i'm ok", "i'm alright", "i'm all right", "i'm okay thanks",
    "i'm ok thanks", "i'm fine thanks", "i'm fine thank you", "i'm alright thanks", "i'm all right thanks",
    "let's not", "let's leave it", "leave it", "not for me", "no need", "i'll skip it", "i'll leave it",
    "i don't need to", "i don't need it", "i'd rather leave it", "not really feeling it",
]
ACCEPTS = [
    "go on then", "go on", "go ahead", "why not", "sure why not", "let's do it", "let's do that", "let's try",
    "let's try it", "i'll give it a go", "i'll give it a try", "i'll try", "i'll try it", "alright then",
    "all right then", "okay then", "ok then", "i suppose so", "might as well", "let's go", "sounds good",
    "that would help", "that'd help", "that would be good", "please do",
]
_POLITE = frozenset({"thanks", "thank", "you", "for", "now", "though", "really", "anyway", "cheers"})
_DECLINE_RX = re.compile(rf"^{_OPENERS}(?:{alternation(DECLINES)})(?!\S)")
_ACCEPT_RX = re.compile(rf"^{_OPENERS}(?:{alternation(ACCEPTS)})(?!\S)")


def declines(text: str) -> bool:
    """Whether a reply opens by putting an offer off or passing on it ("not now", "I'm good, thanks"; not "I'm
    good at this")."""
    said = normalize(text)
    declined = _DECLINE_RX.search(said)
    return bool(declined) and not (declined.group(0).split()[-2:-1] == ["am"]
                                   and set(said[declined.end():].split()) - _POLITE)


def parse_offer_reply(text: str) -> bool | None:
    """True to take the offer up, False to decline it (now or for good), None when unsure or absent."""
    said = normalize(text)
    if declines(text):
        return False
    if _ACCEPT_RX.search(said):
        answer = parse_yes_no(said)
        return None if answer is False else True  # "why not... no, actually" is no clear yes
    return parse_yes_no(text)
