"""Spoken replies that might hide a safety concern the recognizer could not hear clearly: mend asks, it does not guess.

The small English model hears "he hits me" as "he gets me" or "he gave me" about half the time, and hears the
harmless "she gets me" as "she gets me" too; the safety spotter, which may only choose among safety phrases,
hears both as "... beats me", and turns a short "sure" into "suicide". Neither a crisis stop on "she gets me"
nor silence on "he hits me" is acceptable, so such hearings get one gentle question instead ("Is someone
hurting you, or are you afraid of someone?"): a yes, an unclear answer or no answer gives the crisis
resources; a clear no goes on with the exercise.

Measured on espeak-ng voices (four voices, two rates, clean and with noise at 20 dB SNR): ten ways of saying
someone hits, kicks, slaps or hurts them, 160 hearings: 38 definite, 108 asked about, 14 passed over (12 of
them "he hurts me", which mend does not take as a concern even typed: "she hurt me" is most often about
feelings). Nine harmless sound-alikes, 144 hearings: no crisis stop, 28 asked about ("she gets me" every time,
"he gets me every time" 6 times, "she gave me a hug" twice, a door kicked or a wall hit once each when the full
model lost the verb).

Only spoken replies are read this way: typed text says what it means.
"""

from __future__ import annotations

import re

from mend.assistant.lines import say as line
from mend.assistant.safety.risk_model import MODEL_MATCH
from mend.assistant.safety.rules import _ME_NOT_IDIOM, _OFTEN, _SUBJ, _TO_ME, SafetyConcern, check_safety, safety_phrases
from mend.assistant.understanding.meanings import normalize, parse_yes_no

__all__ = ["possible_concern", "check_in_question", "heard_threat_needs_asking", "clear_no", "spoken_clear_no",
           "REASSURANCE"]

# the spotter put someone and a striking verb before "me" ("he kicked me ...", "my hits me"), whatever came
# around it; "i choked me ..." or "don't beats me" strung together from ordinary speech name no one
_SPOTTED_BLOW = re.compile(rf"(?<!\S)(?:he|she|they|my\S*|my \S+) {_TO_ME} me(?!\S)")
# the spotter heard the intent but not the end of "myself" ("i want to hurt my am")
_SPOTTED_SELF_HARM = re.compile(r"(?<!\S)(?:want to|going to|wanna) (?:hurt|kill|harm|cut) my(?!\S)")
# the full model kept the threat but lost the words around it ("i have kill him" for "i could kill him"); the
# spotter's own "kill him" counts only when the full model heard a kill-word too ("like have killed in"): on its
# own it also comes out of a single "cousin"
_HEARD_THREAT = re.compile(r"(?<!\S)(?:kill|killed|kills) (?:him|her|them)(?!\S)")
_SPOTTED_THREAT = re.compile(r"(?<!\S)kill (?:him|her|them)(?!\S)")
_HEARD_KILL = re.compile(r"(?<!\S)(?:kill|kills|killed|killing)(?!\S)")
# all the spotter heard was someone striking ("he hit" out of "he hits me when he is angry") and the full model
# heard no striking verb at all, so nothing tells a blow to a person from one to a wall
_SPOTTED_STRIKE = re.compile(rf"^(?:he|she|they|my \S+) {_TO_ME}$")
_HEARD_STRIKE = re.compile(rf"(?<!\S){_TO_ME}(?!\S)")
# what the full model makes of "hits me"/"hit me" in these voices, when a person or pronoun comes first and no
# object follows ("he gave me a look" and "she gets me every time" are left alone)
_HEARD_LIKE_A_BLOW = re.compile(
    rf"(?<!\S){_SUBJ} {_OFTEN}(?:gets|get|gave|gives|gates|kids|fits|fix|fixes|hates) me(?!\S){_ME_NOT_IDIOM}"
    r"(?! (?:the|this|that|my|his|her|their|so|every|all|really|too|much|more|better|wrong|right|now))"
)


def possible_concern(text: str, spotted: list[str]) -> SafetyConcern | None:
    """A concern this spoken reply may contain but that no definite rule found (see the module's docstring)."""
    hearings = [normalize(candidate) for candidate in spotted or () if isinstance(candidate, str)]
    for words in hearings:
        match = _SPOTTED_BLOW.search(words)
        if match:
            return SafetyConcern("abuse", match.group(0))
        if len(words.split()) == 1 or _has_long_phrase(words):
            # one word ("suicide" out of "sure"), or a whole sentence among loose words ("i am i could kill
            # him"): too little to act on, enough to ask
            concern = check_safety(words)
            if concern is not None:
                return concern
        match = _SPOTTED_SELF_HARM.search(words)
        if match:
            return SafetyConcern("self_harm", match.group(0))
    text = normalize(text or "")
    for words in hearings:  # what the spotter heard, weighed against the full model's words
        match = _SPOTTED_THREAT.search(words)
        if match and _HEARD_KILL.search(text):
            return SafetyConcern("harm_others", match.group(0))
        match = _SPOTTED_STRIKE.search(words)
        if match and not _HEARD_STRIKE.search(text):
            return SafetyConcern("abuse", match.group(0))
    match = _HEARD_THREAT.search(text)
    if match:
        return SafetyConcern("harm_others", match.group(0))
    match = _HEARD_LIKE_A_BLOW.search(text)
    if match:
        return SafetyConcern("abuse", match.group(0))
    return None


def heard_threat_needs_asking(concern: SafetyConcern, spotted: list[str]) -> bool:
    """A threat to someone else that only the full model heard in a spoken reply is asked about before the exercise
    stops: that model made "i killed them" out of "i could have handled that better", and a spoken "i could kill
    him" is most often anger, which a clear no lets the person go on reflecting on. When the safety spotter heard
    the threat too, it stands. Self-harm and abuse are never held back this way."""
    if concern.kind != "harm_others":
        return False
    for candidate in spotted or ():
        confirmed = check_safety(candidate) if isinstance(candidate, str) else None
        if confirmed is not None and confirmed.kind == "harm_others":
            return False
    return True


_LONG_PHRASES = [f" {normalize(p)} " for p in safety_phrases() if len(normalize(p).split()) >= 4]


def _has_long_phrase(words: str) -> bool:
    padded = f" {words} "
    return any(phrase in padded for phrase in _LONG_PHRASES)


def check_in_question(concern: SafetyConcern) -> str:
    """The yes/no question mend asks when it is unsure it heard a concern; one that only the risk model raised gets
    the question that covers every kind."""
    if concern.now:
        return line("check_in.now")
    return line("check_in.any" if concern.matched == MODEL_MATCH else f"check_in.{concern.kind}")


# What a plain no to a safety question is made of: a no, then nothing but more of the same no. Anything else
# after it ("no, I'm afraid of my ex", "no, only when he drinks", "no, not yet"), and every no that does not
# start like this ("I'm not okay", "I don't think so"), is no clear no.
_NO_HEAD = (r"(?:no|nope|nah|naw|never|not at all|definitely not|absolutely not|certainly not|of course not|no way|"
            r"nobody|no one|nothing like that|nothing of the sort|neither|none)")
_NOBODY = r"(?:nobody|no one|nobodys|no ones) (?:is )?(?:hurting|harming|threatening|scaring|hitting) me"
_I_AM = r"i am (?:totally |really |completely |absolutely |perfectly |quite )?"
_NOT_ME = r"(?:myself|anyone|anybody|someone|somebody|him|her|them|anything)"
_WILL_NOT_HARM = rf"(?:i am|i will) not (?:going to |gonna )?(?:hurt|harm|kill) {_NOT_ME}"
_WOULD_NOT_HARM = (rf"i (?:do not|would not|would never|will never|could never) (?:want to |plan to |intend to )?"
                   rf"(?:hurt|harm|kill) {_NOT_ME}")
_NOT_AFRAID = r"afraid|scared|frightened|in (?:any )?danger|at (?:any )?risk"
_MORE_OF_THE_NO = "|".join([
    _NO_HEAD, "thanks", "thank you", "honestly", "really not",
    rf"{_I_AM}(?:fine|ok|okay|good|alright|all right|safe)(?: now)?",
    r"(?:it is|that is|all is|everything is|all|we are|things are) (?:fine|ok|okay|good|alright|all right)",
    _NOBODY, _WILL_NOT_HARM, _WOULD_NOT_HARM,
    r"i do not want to die",
    rf"{_I_AM}not (?:{_NOT_AFRAID}|thinking about that|thinking about it)"
    r"(?: of anyone| of anybody| of them| of him| of her)?",
    r"(?:that is|it is|that|it) not (?:happening|the case|it|like that)",
    r"(?:he|she|they) (?:does|do|is|are|did|has|have) not(?: done that| do that| (?:hit|hurt|harm|threaten|scare)"
    r"(?:s|ed)? me)?",
])
# statements of being safe that hold a "not" or a harm word ("nobody is hurting me", "I'm not in any danger", "I'm
# not going to hurt anyone"): read as reassurance wherever they stand, before any "not" or fear word is weighed
REASSURANCE = re.compile(rf"(?<!\S)(?:{_NOBODY}|{_WILL_NOT_HARM}|i (?:do not|would not|would never|will never) "
                         rf"(?:want to )?(?:hurt|harm|kill) {_NOT_ME}|{_I_AM}not (?:{_NOT_AFRAID})"
                         r"(?: of anyone| of anybody)?)(?!\S)")
_CLEAR_NO = re.compile(rf"^(?:(?:um|uh|er|erm|well) )*(?:{_NOBODY}|{_NO_HEAD})"
                       rf"(?: (?:and |so |but |just )?(?:{_MORE_OF_THE_NO}))*$")


def clear_no(text: str) -> bool | None:
    """The answer to a safety question ("Are you thinking of hurting yourself?"), where only a plain no goes back
    to the exercise ("no", "no, I'm fine"): a no that puts it off, hedges it or turns ("not yet", "not really", "no
    but he gets rough sometimes"), or not answering ("I'd rather not say"), is no clear no, and leads to help like
    an unclear answer does (None)."""
    if _CLEAR_NO.match(normalize(text)):
        return False
    answer = parse_yes_no(text)
    return None if answer is False else answer


def spoken_clear_no(grammar: str, full_model: str | None) -> bool | None:
    """`clear_no` for a spoken answer to a safety question, from both of its hearings: the yes/no grammar's words,
    and the full model's (None: there is no second hearing, as for typed text, which is taken as written).

    The grammar holds only short answers, so it makes "no" out of "no, not at the moment" or "not right now", and
    "not okay" out of "I'd rather not say": its no stands only when the full model's words bear it out. A hedge it
    did hear ("not really") is never made plain by a full model that lost the hedge."""
    first = clear_no(grammar)
    if full_model is None or first is True:
        return first
    if first is False:
        return False if _bears_out_a_no(full_model) else None
    if not full_model or _GRAMMAR_HEDGE.search(normalize(grammar)):
        return None
    return clear_no(_as_meant(full_model))


def _bears_out_a_no(full_model: str) -> bool:
    """The full model heard a clear no too, or a few words that are nothing but what it makes of a lone short no
    ("the law", "the op" in a Scottish voice): any other word ("he does", "help me") means more was said."""
    if clear_no(_as_meant(full_model)) is False:
        return True
    words = normalize(full_model).split()
    return 0 < len(words) <= 3 and all(word in _NO_AS_HEARD for word in words)


def _as_meant(full_model: str) -> str:
    """The full model's usual slip in these answers undone: "i'm" heard as "him", "in" or "and" before how they are
    ("nope him safe", "no in okay", "and not going to hurt myself")."""
    return _IM_AS_HEARD.sub("i am ", normalize(full_model))


# what the full model makes of a lone "no", "nope" or "no thanks" in some voices, and nothing else
_NO_AS_HEARD = frozenset({"the", "a", "uh", "um", "er", "oh", "or", "law", "low", "lo", "know", "nor", "no", "nope",
                          "op", "nah", "naw", "thanks"})
_IM_AS_HEARD = re.compile(r"(?<!\S)(?:him|in|an|and|em|um|i) (?=(?:totally |really |completely |absolutely )?"
                          r"(?:fine|ok|okay|good|alright|safe|not going|not gonna)(?!\S))")
# the grammar's own hedges: what it heard of "not really" or "I don't think so" was said, whatever the full model lost
_GRAMMAR_HEDGE = re.compile(r"(?<!\S)(?:not really|do not think so|maybe|not sure|i guess)(?!\S)")
