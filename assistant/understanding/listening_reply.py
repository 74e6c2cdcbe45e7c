"""Whether a reply prepared for the other person listens or defends.

In the rehearsal, the person prepares one reply to what the other might say first. Replies are read by the moves
they make, not as whole sentences: a defence explains or justifies ("I was only trying to help"), blames back ("you
never listen either"), brushes the hurt off ("calm down, it was a joke") or contradicts ("that's not what
happened"); listening asks ("what was that like for you?"), reflects back ("it sounds like you felt let down") or
acknowledges ("that must have been hard"). Blaming back or brushing off is a defence even when asked as a question
("why do you always..."); an explanation that also asks or reflects is not, and a reply with neither move is never
called a defence: mend only offers another way when it is fairly sure.
"""

from __future__ import annotations

import re

from mend.assistant.understanding.matching import alternation, normalize

__all__ = ["sounds_defensive"]


def _for_anyone(*phrases: str) -> list[str]:
    """Phrases with "them" also said of him and of her ("hear them out", "hear him out", "hear her out")."""
    return sorted({phrase.replace("them", who) for phrase in phrases for who in ("them", "him", "her")})


# moves that put the person's own side first, by what they do
DEFENDING = {
    "contradicting": ["it is not like i", "that is not fair", "that is not true", "that is not what happened",
                      "that is not what i", "that was not what", "i never said", "i did not say",
                      "i did not do anything", "not my fault", "i did nothing wrong"],
    "justifying": ["i did not mean", "i was only", "i was just", "i only did", "i only said", "i just wanted",
                   "i had no choice", "i had to", "in my defence", "in my defense", "to be fair", "because i was",
                   "because you", "i was trying to", "i already said sorry", "i already apologised",
                   "i already apologized", "i was under", "work was", "doing my best", "did my best", "on purpose",
                   "how i talk", "how i am", "not the only one", "i was right", "my side", "it has been a"],
    "explaining": ["explain", "justify", "argue", "defend", "point out", "set the record straight", "remind",
                   "correct", *_for_anyone("make them see", "tell them why")],
    "blaming_back": ["you always", "you never", "you do the same", "you do exactly the same", "you started it",
                     "you said worse", "you did too", "you too", "what about you", "what about when you",
                     "coming from you", "you knew", "you asked me to", "you cancelled", "you canceled",
                     "make everything about you", "what is wrong with you", "you are the one", "if you had",
                     "if you would", "you should have", "you made me"],
    "brushing_off": ["calm down", "overreacting", "too sensitive", "lighten up", "get over it", "relax",
                     "just a joke", "a joke", "no big deal", "not a big deal", "it was nothing", "not that deep",
                     "not that bad", "mountain out of", "overthinking", "so dramatic", "being dramatic"],
}
# The same moves said in more ways than a phrase list holds, built from parts: the person's own state or a reason
# as the answer ("I was knackered", "I had a long day", "I had a good reason"), the other person's failings put
# beside theirs ("you weren't exactly nice either", "he does it all the time", "she needs to calm down", "her
# problem, not mine"), the hurt made small ("blowing it out of proportion", "reading too much into it") and
# another account put against theirs ("I don't remember it that way", "he's got it wrong").
_WHO = r"(?:you|he|she|they|him|her|them)"
_STATE = (r"(?:so |really |just |a bit |very |pretty |completely |absolutely )?(?:tired|exhausted|knackered|shattered|"
          r"drained|worn out|busy|swamped|stressed|stressed out|slammed|rushed|hungry|hungover|sick|ill|overwhelmed|"
          r"distracted|under pressure|in a rush|in a hurry|running late)")
DEFENDING_FORMS = {
    "justifying": [
        rf"\bi (?:was|had been|felt) {_STATE}\b",  # then, as the reason for it; "I'm tired too" is about now
        r"\bi (?:had|have) (?:had )?(?:a |such a )?(?:rough|long|bad|hard|awful|terrible|stressful|busy) "
        r"(?:day|week|night|morning|time)\b",
        r"\b(?:a|my|good|perfectly good) reasons?\b", r"\bfor a reason\b", r"\bi (?:told|warned) you\b",
        r"\bi said what i said\b", r"\b(?:nothing|anything) to apologi[sz]e for\b",
        r"\bnot (?:going to|gonna) apologi[sz]e\b", r"\bi stand by\b",
    ],
    "blaming_back": [
        rf"\b{_WHO} (?:were|was|are|is) not (?:exactly |that |very )?(?:nice|kind|great|perfect|innocent|fair|"
        r"easy|helping)\b",
        rf"\b(?:{_WHO}|you) (?:should|could) not have(?! had to| needed to| been)\b", rf"\b{_WHO} (?:always|never)\b",
        rf"\b{_WHO} (?:does|do|did) (?:it|that|this) (?:all the time|too|as well|constantly)\b",
        rf"\b{_WHO} (?:was|were) (?:late|rude|mean|worse|wrong) too\b",
        r"(?<!not )\b(?:his|her|their|your) (?:problem|issue|fault)\b",
        r"\bnot mine\b", r"\bon (?:his|her|their) part\b",
        rf"\b{_WHO} (?:needs?|has|have|had) to (?:stop|calm|chill|relax|toughen|grow|get over|move on|let it go|"
        r"get a grip)\b", r"\bthat is rich\b", r"\bwhat did (?:you|he|she|they) expect\b",
    ],
    "brushing_off": [
        r"\bout of proportion\b",
        r"\b(?:no|not a|not that|not such a|what is the|what the|making a|make a|made a|such a) big deal\b",
        r"\bnot (?:that|so|very) (?:serious|important|bad|deep)\b",
        r"\breading (?:too much|way too much|a lot) into\b", r"\bmaking (?:a scene|a fuss|such a fuss)\b",
        r"\btoughen up\b", r"\bgrow up\b", r"\b(?:a|just a|only a) misunderstanding\b",
    ],
    "contradicting": [
        r"\b(?:do not|did not|don't) remember it (?:that way|like that)\b", r"\bnot how i remember\b",
        rf"\b{_WHO} (?:is|are|has|have|has got|is got|have got) (?:got )?it (?:all )?wrong\b",
        r"\bwhat (?:actually|really) happened\b", r"\bnot my job\b", r"\bthat is not how it\b",
    ],
}
# of those, the ones no question or reflection can soften
ATTACKING = ("blaming_back", "brushing_off")
# a contrast that opens the reply ("but...", "yeah but...", "look...", "no..."): a question after it is rhetorical
_OPENING_CONTRAST = re.compile(r"^(?:(?:um|uh|well|yeah|yes|ya|yea|yep|ok|okay|i mean|honestly) )*"
                               r"(?:but|look|no)(?: |$)")

LISTENING = {
    "asking": ["what was that like", "what was it like", "how did it feel", "how did that feel", "how was it for",
               "tell me more", "tell me what", "say more", "help me understand", "what do you need",
               "what would help", "what you need", "what she needs", "what he needs", "what they need",
               "what she needed", "what he needed", "what they needed", "ask", "go on"],
    "reflecting": ["sounds like", "it sounds", "that sounds", "so you felt", "you felt", "you must have felt",
                   "must have felt", "must have been", "that must", "i hear you", "i can hear", "i can see",
                   "i get why", "i get that", "makes sense", "i understand", "you are right"],
    "acknowledging": ["thank you for telling me", "thanks for telling me", "i am listening", "listen", "i am sorry it",
                      "sorry it landed", "i did not realise", "i did not realize", "i am here", "curious",
                      "repeat back", "hear more", "i want to understand", "glad we are talking", "nod",
                      *_for_anyone("thank them", "hear them out", "let them finish", "let them say")],
}

_DEFENDING = {meaning: re.compile(alternation(phrases)) for meaning, phrases in DEFENDING.items()}
_DEFENDING_FORMS = {meaning: re.compile("|".join(forms)) for meaning, forms in DEFENDING_FORMS.items()}
_LISTENING = re.compile(alternation([phrase for phrases in LISTENING.values() for phrase in phrases]))
_QUESTION = re.compile(r"\?\s*$")
_ASKING_OPENER = re.compile(r"^(?:what|how|can you|could you|would you|will you|is it|was it|did it|do you)(?: |$)")


def defending_moves(text: str) -> list[str]:
    """The kinds of defending move in a reply (empty for none)."""
    norm = normalize(text)
    moves = [meaning for meaning, pattern in _DEFENDING.items() if pattern.search(norm)]
    moves += [meaning for meaning, pattern in _DEFENDING_FORMS.items() if meaning not in moves and pattern.search(norm)]
    if _OPENING_CONTRAST.match(norm):
        moves.append("opening_contrast")
    return moves


def listens(text: str, *, questions: bool = True) -> bool:
    """Whether a reply asks, reflects back or acknowledges (with `questions=False`, in words: a question mark or
    a question's first word alone does not count)."""
    norm = normalize(text)
    asked = questions and bool(_QUESTION.search(text or "") or _ASKING_OPENER.match(norm))
    return bool(_LISTENING.search(norm)) or asked


def sounds_defensive(text: str) -> bool:
    """True when the reply defends (explains, justifies, contradicts) and does not also listen; when it blames
    back or brushes the hurt off, whatever else it does; and when it opens with "but" or "look" and only a
    question follows ("but I texted you, didn't you see it?" asks nothing about them)."""
    moves = defending_moves(text)
    if not moves:
        return False
    if any(move in ATTACKING for move in moves):
        return True
    return not listens(text, questions="opening_contrast" not in moves)
