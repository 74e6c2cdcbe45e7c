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
from mend.assistant.session.conversation import Conversation
from mend.assistant.session.listening import listen_request
from mend.assistant.understanding.meanings import normalize
from mend.audio.turns import ListenRequest

MAX_REPEATS = 20  # "as often as asked", with an end: a loop that never closes is not care either


def crisis_turns(conversation: Conversation, concern: SafetyConcern | None, resources: CrisisResources) -> bool:
    """Say where help is, then listen; True when the person says they are safe and wants to go back."""
    words = resources.message
    conversation.say_all(crisis_message(concern, resources))
    request = _choice_request(conversation, resources)
    for _ in range(MAX_REPEATS):
        conversation.say(words.choices)
        heard = conversation.hear(request)
        choice = None if heard.silent else crisis_choice(heard.text, resources)
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
    if any(f" {normalize(phrase)} " in said for phrase in words.misread_words):
        return "safe"
    if _DOUBT.search(said):  # "I don't feel safe", "no, I'm not okay", "I'm scared": never read as safe
        return None
    if any(f" {normalize(phrase)} " in said for phrase in words.safe_words):
        return "safe"
    return None


# any denial or fear in the reply: "safe" or "fine" beside it does not mean the person is safe
_DOUBT = re.compile(r"(?<!\S)(?:not|never|no longer|cannot|unsafe|scared|afraid|frightened|terrified|help|danger|"
                    r"hurt|kill|die|worse)(?!\S)")


def _choice_request(conversation: Conversation, resources: CrisisResources) -> ListenRequest:
    words = resources.message
    phrases = [*words.repeat_words, *words.safe_words, *words.misread_words, "say the number again", "stop", "done",
               "[unk]"]
    return listen_request(conversation.settings.listening, phrases, patience=30.0)
