"""Danger happening now: an overdose already taken, heavy bleeding, someone at the door with a knife.

Safe-messaging and domestic-violence practice agree on one thing for these moments: emergency services come first,
before any helpline. So mend reads, beside whether a reply raises a concern at all (`rules.check_safety`), whether
it says the danger is here right now or already done, and then leads with the emergency line
(`resources.crisis_message`). Two readings meet here: frames for acts that are an emergency on their own (pills
swallowed with "the whole bottle" or "an hour ago", a hose in the car window, someone not breathing), and a
concern the rules already found plus a sign that it is happening now ("he's still here", "she's on her way").
Right after the crisis lines were said, the words that count are wider: "too late, I already took them" means one
thing there.

Text is normalised with its figures of speech blanked (`risk_figures.blank_figures`); a settled past ("years ago
I took an overdose") or a denial just before ("I haven't taken anything") is not now. Words: `danger_words`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mend.assistant.safety import danger_frames as frames
from mend.assistant.safety.risk_figures import RESOLVED_PAST
from mend.assistant.safety.risk_frame import rx

__all__ = ["Danger", "danger_now"]


@dataclass(frozen=True)
class Danger:
    kind: str  # "self_harm" | "abuse" | "harm_others"
    matched: str


_WINDOW = 60  # characters around a match in which a sign, a settled past or an ordinary reason counts


def danger_now(text: str, *, concern_kind: str | None = None, after_crisis: bool = False) -> Danger | None:
    """The danger a reply says is here now or already done, in normalised, figure-blanked text, or None.

    `concern_kind`: a certain concern the rules found in the same reply (or, after the crisis lines, the one they
    were said for); a sign that it is happening now ("he's still here", "tonight") then makes it danger now.
    `after_crisis`: the reply answers the crisis lines, so "I've already taken them" needs no pills named."""
    if not text:
        return None
    padded = f" {text} ".replace(" nobodys ", " nobody is ").replace(" no ones ", " no one is ")
    padded = _ANSWER_WORD.sub(" ", padded, count=1)  # "no, I already took them" answers; it denies nothing
    found = (_self_now(padded, concern_kind) or _abuse_now(padded, concern_kind)
             or _others_now(padded, concern_kind))
    if found is None and after_crisis:
        found = (_first("self_harm", padded, frames.AFTER_CRISIS)
                 or _first("harm_others", padded, [frames.DONE_TO_SOMEONE]))
        if found is None and concern_kind == "abuse":
            found = _first("abuse", padded, [frames.PRESENT])
    return found


def _first(kind: str, text: str, patterns, *, sign=None, accident_counts: bool = True) -> Danger | None:
    """The first match that no "not" just before denies, no settled past or ordinary reason beside it makes
    ordinary, and (when asked for) with a sign beside it."""
    for pattern in patterns:
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            near = text[max(0, start - _WINDOW):end + _WINDOW]
            after = text[start:end + _WINDOW]
            if _denied(text, start) or _settled(near) or frames.ORDINARY.search(after):
                continue
            if accident_counts and frames.ACCIDENT_SAID.search(after):
                continue
            if sign is not None and not sign.search(text[max(0, start - _WINDOW):end + 2 * _WINDOW]):
                continue
            return Danger(kind, match.group(0).strip())
    return None


def _self_now(text: str, concern_kind: str | None) -> Danger | None:
    swallowed = _first("self_harm", text, [frames.SWALLOWED, frames.AMOUNT_OF_DRUG], sign=frames.OVERDOSE_SIGN,
                       accident_counts=False)
    if swallowed is None:  # or the amount is said inside it: "took the whole bottle of ..."
        found = _first("self_harm", text, [frames.SWALLOWED], accident_counts=False)
        swallowed = found if found is not None and (frames.HOW_MUCH.search(found.matched)
                                                    or frames.POISONED.search(found.matched)) else None
    return (swallowed
            or _first("self_harm", text, [frames.CUT_SELF], sign=frames.WOUND_SIGN)
            or _first("self_harm", text, [frames.HIGH_UP], sign=frames.ABOUT_TO_ACT)
            or _first("self_harm", text, frames.SELF_NOW)
            or _first("self_harm", text, [frames.PUTTING_IT_ON], sign=frames.BAG)
            or _first("self_harm", text, [frames.SELF_INTENT_NOW],
                      sign=None if concern_kind == "self_harm" else frames.MEANS_AT_HAND))


def _abuse_now(text: str, concern_kind: str | None) -> Danger | None:
    if concern_kind == "abuse":  # a blow or a threat the rules found, and a sign it is happening now
        found = _first("abuse", text, [frames.ABUSE_NOW, frames.HURT_NOW])
        if found is not None:
            return found
    return (_first("abuse", text, [frames.ARMED], sign=frames.ARMED_AND_MEANT)
            or _first("abuse", text, [frames.THREAT, frames.BREACH, frames.INJURED, frames.FORCED_PAST, frames.FOUND],
                      sign=frames.ABUSE_NOW)
            or _first("abuse", text, [frames.HIDING], sign=frames.SOUGHT)
            or _first("abuse", text, [frames.RAMPAGE], sign=frames.RAMPAGE_AIMED)
            or _first("abuse", text, [frames.HELD, frames.FORCE, frames.HITTING, frames.THREAT_NOW, frames.ARSON]))


def _others_now(text: str, concern_kind: str | None) -> Danger | None:
    if concern_kind == "harm_others" and not frames.VENTING.search(text):
        found = _first("harm_others", text, [frames.HARM_OTHERS_NOW])
        if found is not None:
            return found
    return (_first("harm_others", text, [frames.COLLAPSED, frames.OTHER_HARMED, frames.OTHER_FELL,
                                          *frames.ABOUT_TO_HARM])
            or _first("harm_others", text, [frames.OTHER_CUT], sign=frames.WOUND_SIGN)
            or _first("harm_others", text, [frames.OTHER_HIGH], sign=frames.ABOUT_TO_ACT)
            or _first("harm_others", text, [frames.GOING_TO_HARM], sign=frames.HARM_SIGN))


# a "not" that denies nothing that follows: "it doesn't matter, I already took them"
_NOT_A_DENIAL = rx(r"(?:does|do|did|will|would) not (?:matter|care|help|work|change anything)|no matter|"
                   r"not sure|not anymore|cannot take it|could not take it|not any more|do not try|"
                   r"do not bother|not coming back|i am not safe|not safe|no point|(?:do|did) not get it|"
                   r"do not understand|not listening")
_ANSWER_WORD = re.compile(r"^ (?:(?:no|nope|nah|yes|yeah|yep|well|um|uh) )+")
_NEAR_DENIAL = rx(r"(?:not|never|no(?! (?:my|he|she|they|his|her|i|the|we|it|someone|somebody|there)(?!\S))|nobody|"
                  r"no one|nothing) (?:\S+ )?$")


def _settled(near: str) -> bool:
    """A settled past beside the match ("years ago", "I used to"), but not a description ("he used to be kind")."""
    return any(not near[match.end():].startswith(" be ") for match in RESOLVED_PAST.finditer(near))


def _denied(text: str, start: int) -> bool:
    """A "not" in the two words just before ("I haven't taken anything", "he is not here"), not one that belongs
    to another clause ("I didn't tell anyone, I took the whole bottle")."""
    before = _NOT_A_DENIAL.sub(" _ ", text[:start])
    return bool(_NEAR_DENIAL.search(before))
