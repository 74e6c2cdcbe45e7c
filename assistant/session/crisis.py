"""The moment a reply shows someone may not be safe: where help is, by ear, and a way back when mend got it wrong.

The exercise pauses and the crisis lines are said (`assistant.safety.resources.crisis_message`). Then the person
chooses: "repeat" says the numbers again, as often as asked; "I'm safe" (a false alarm, a figure of speech mend
misread) goes back to the reflection where it was; "stop", silence or anything else ends the session gently.
Nothing here lets a definite concern slip by unanswered: the lines are always said first, in full.
"""

from __future__ import annotations

import re

from mend.assistant.safety.resources import CrisisResources, crisis_message, numbers_again
from mend.assistant.safety.rules import SafetyConcern
from mend.assistant.safety.unsure import REASSURANCE
from mend.assistant.session.conversation import Conversation
from mend.assistant.session.listening import listen_request
from mend.assistant.understanding.meanings import normalize
from mend.assistant.understanding.second_hearing import hear_again
from mend.audio.turns import Heard, ListenRequest

MAX_REPEATS = 20  # "as often as asked", with an end: a loop that never closes is not care either


def crisis_turns(conversation: Conversation, concern: SafetyConcern | None, resources: CrisisResources) -> bool:
    """Say where help is, then listen; True when the person says they are safe and wants to go back."""
    words = resources.message
    conversation.say_all(crisis_message(concern, resources))
    request = _choice_request(conversation, resources)
    doubted = False
    for _ in range(MAX_REPEATS):
        conversation.say(words.choices)
        heard = conversation.hear(request)
        choice = None if heard.silent else crisis_choice(heard.text, resources)
        if choice == "safe" and not _heard_safe_again(heard, resources):
            if doubted:
                break  # heard two ways twice: not safe enough to go back on
            doubted = True
            conversation.say(words.safe_unsure)
            continue
        if choice == "repeat":
            conversation.say_all(numbers_again(concern, resources))
            continue
        if choice == "safe":
            conversation.say(words.back)
            return True
        break
    conversation.say(words.goodbye)
    return False


def crisis_choice(text: str, resources: CrisisResources) -> str | None:
    """"repeat", "safe" or None (stop, or anything else) for a reply after the crisis lines. A reply with any
    denial or fear in it is never "safe" ("I don't feel safe" and "no, I'm not okay" hold "safe" and "okay" but
    mean the opposite), except the few ways of saying mend misheard ("that's not what I meant")."""
    words = resources.message
    said = f" {normalize(text)} "
    if any(f" {normalize(phrase)} " in said for phrase in words.repeat_words):
        return "repeat"
    misread = bool(REASSURANCE.search(said))  # "nobody is hurting me": safe, for all its "hurting"
    said = REASSURANCE.sub(" ", said)
    for phrase in words.misread_words:  # "that's not what I meant" holds a "not" and still means a misreading
        misread = misread or f" {normalize(phrase)} " in said
        said = said.replace(f" {normalize(phrase)} ", " ")
    if _DOUBT.search(said) or _NOT_ABOUT_MEND.search(said):  # "I don't feel safe", "I'm scared": never safe
        return None
    if misread or any(f" {normalize(phrase)} " in said for phrase in words.safe_words):
        return "safe"
    return None


def _heard_safe_again(heard: Heard, resources: CrisisResources) -> bool:
    """By voice, "I'm safe" is heard through a grammar of the choices, which makes it out of "I don't feel safe",
    "something is wrong" or "I'm scared" too: it goes back to the exercise only if the full model's hearing is read
    as safe, or is a few words with no denial or fear in them (it hears "you misheard me" as "you mister me").
    Typed text has no second hearing and is taken as written."""
    if getattr(heard, "hear_openly", None) is None and not heard.open_text:
        return True
    again = heard.open_text or hear_again(heard)
    if crisis_choice(again, resources) == "safe":
        return True
    said = f" {normalize(again)} "
    return 0 < len(said.split()) <= 3 and not (_DOUBT.search(said) or _NOT_ABOUT_MEND.search(said))


# "wrong" and "mistake" say mend misread only when they are not about the person or their world ("you got it wrong",
# "that was a mistake"; not "something is wrong", "I made a mistake", "everything went wrong")
_NOT_ABOUT_MEND = re.compile(r"(?<!\S)(?:something|everything|anything|nothing|what|i|i have|i did|i made|feel|feels|"
                             r"felt|went|going|all)(?: \S+){0,2} (?:wrong|mistake|mistakes)(?!\S)")
# any denial or fear in the reply: "safe" or "fine" beside it does not mean the person is safe
_DOUBT = re.compile(r"(?<!\S)(?:not|never|no longer|cannot|unsafe|scared|afraid|frightened|terrified|help|danger|"
                    r"hurt|kill|die|worse|guess|maybe|wish|hope|for now|probably|hopefully|sort of|kind of|if only|"
                    r"i meant it|i meant that|i mean it|meant every word)"
                    r"(?!\S)")


def _choice_request(conversation: Conversation, resources: CrisisResources) -> ListenRequest:
    words = resources.message
    phrases = [*words.repeat_words, *words.safe_words, *words.misread_words, "say the number again", "stop", "done",
               "[unk]"]
    return listen_request(conversation.settings.listening, phrases, patience=30.0)
