"""The moment a reply shows someone may not be safe: where help is, by ear, and a way back when mend got it wrong.

The exercise pauses and the crisis lines are said (`assistant.safety.resources.crisis_message`). Then the person
chooses: "repeat" says the numbers again, as often as asked; "I'm safe" (a false alarm, a figure of speech mend
misread) goes back to the reflection where it was; "stop", silence or anything else ends the session gently. A
reply that says the danger is here now ("too late, I already took them") gets emergency services, and then mend
stops talking, so it never talks over the call. By voice, a reply either hearing takes for "I'm safe" without both
agreeing gets "Are you safe right now?" with only yes and no to hear, and only a clear yes goes back.
Nothing here lets a definite concern slip by unanswered: the lines are always said first, in full.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from mend.assistant.safety.danger_now import Danger, danger_now
from mend.assistant.safety.resources import CrisisResources, crisis_message, emergency_now, numbers_again
from mend.assistant.safety.risk_figures import blank_figures
from mend.assistant.safety.rules import SafetyConcern, check_safety
from mend.assistant.safety.unsure import REASSURANCE
from mend.assistant.session.conversation import Conversation
from mend.assistant.session.listening import listen_request, yes_no_request
from mend.assistant.understanding.meanings import normalize, parse_yes_no
from mend.assistant.understanding.second_hearing import hear_again
from mend.audio.turns import Heard, ListenRequest

MAX_REPEATS = 20  # "as often as asked", with an end: a loop that never closes is not care either


def crisis_turns(conversation: Conversation, concern: SafetyConcern | None, resources: CrisisResources) -> bool:
    """Say where help is, then listen; True when the person says they are safe and wants to go back."""
    words = resources.message
    conversation.say_all(crisis_message(concern, resources))
    request = _choice_request(conversation, resources)
    doubted = asked_again = False
    kind = concern.kind if concern else None
    for _ in range(MAX_REPEATS):
        if not asked_again:
            conversation.say(words.choices)
        asked_again = False
        heard = conversation.hear(request)
        danger = None if heard.silent else danger_in_reply(heard, kind)
        if danger is not None:  # "I already took them": emergency services, then quiet so the call is not talked over
            return _help_now(conversation, resources, danger, kind)
        choice = None if heard.silent else crisis_choice(heard.text, resources)
        if _spoken(heard) and choice != "repeat":
            choice = spoken_choice(heard, choice, resources)
        if choice == "ask":  # by voice "I'm safe" and "I don't feel safe" can sound alike, a yes and a no hardly do
            return _back_if_safe_now(conversation, resources, concern)
        if choice == "unsure":
            if doubted:
                break  # heard two ways twice: not safe enough to go back on
            doubted = asked_again = True
            conversation.say(words.safe_unsure)  # in place of the choices, once
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


def _help_now(conversation: Conversation, resources: CrisisResources, danger: Danger, kind: str | None) -> bool:
    abuse = "abuse" in (danger.kind, kind)  # calling may not be safe to do where the one who hurts is near
    conversation.say(emergency_now(resources, "abuse" if abuse else danger.kind))
    conversation.say(resources.message.stop_for_help)
    return False


def _back_if_safe_now(conversation: Conversation, resources: CrisisResources, concern: SafetyConcern | None) -> bool:
    """Ask whether the person is safe right now; True (back to the exercise) only on a clear yes. A no gets every
    way to reach help once more, danger said in the answer the emergency line; then the session ends gently."""
    words, kind = resources.message, concern.kind if concern else None
    reply = safe_right_now(conversation, resources)
    danger = None if reply.silent else danger_in_reply(reply, kind)
    if danger is not None:
        return _help_now(conversation, resources, danger, kind)
    answer = None if reply.silent else read_safe_now(reply, resources)
    if answer is True:
        conversation.say(words.back)
        return True
    if answer is False:
        conversation.say_all(numbers_again(concern, resources))
    conversation.say(words.goodbye)
    return False


def safe_right_now(conversation: Conversation, resources: CrisisResources) -> Heard:
    """Ask "Are you safe right now?" with only yes and no to hear (read by `read_safe_now`)."""
    conversation.say(resources.message.safe_now)
    return conversation.hear(yes_no_request(conversation.settings.listening))


def read_safe_now(heard: Heard, resources: CrisisResources) -> bool | None:
    """A yes counts only when the reply is a yes and nothing else but ways of saying one is safe ("yes, I'm safe,
    it was a figure of speech"), and the full model hears the same; "yes but he's still here", "yeah, for now" or
    a yes the full model heard as something else is no yes. A no (either hearing) is False. (Danger said in the
    answer is read before this, by `danger_in_reply`.)"""
    again = heard.open_text or hear_again(heard)
    if clear_yes(heard.text, resources) and (not _spoken(heard) or clear_yes(again, resources)):
        return True
    if parse_yes_no(heard.text) is False or (again and parse_yes_no(again) is False):
        return False
    return None


def clear_yes(text: str, resources: CrisisResources) -> bool:
    """A yes first, then nothing but ways of saying one is safe or why the words came out wrong ("yes, I was just
    upset", "yeah, we only argued, nothing physical"): never a "but", a "he" or a doubt."""
    said = f" {normalize(text)} "
    if not _YES_FIRST.match(said) or check_safety(text) is not None:
        return False
    rest = REASSURANCE.sub(" ", _YES_FIRST.sub(" ", said, count=1))
    for phrase in resources.message.misread_words:
        rest = rest.replace(f" {normalize(phrase)} ", " ")
    if _doubts(rest):
        return False
    return all(word in _YES_SMALL or word in _SAFE_EXPLAINING for word in rest.split()) or \
        crisis_choice(rest, resources) == "safe"


def _spoken(heard: Heard) -> bool:
    return getattr(heard, "hear_openly", None) is not None or bool(heard.open_text)


def danger_in_reply(heard: Heard, kind: str | None = None) -> Danger | None:
    """Danger here now in a reply to the crisis lines, typed or heard by either model (the grammar of the choices
    cannot hold "I've already taken them"; the full model can). `kind`: what the crisis lines were said for, so
    that after lines about abuse, "he's back" is danger now."""
    for text in filter(None, dict.fromkeys((heard.text, heard.open_text or hear_again(heard)))):
        concern = check_safety(text)  # a concern with a sign of now ("he's back, he has a knife")
        if concern is not None and concern.now:
            return Danger(concern.kind, concern.matched)
        danger = danger_now(blank_figures(normalize(text)), concern_kind=kind, after_crisis=True)
        if danger is not None:
            return danger
    return None


def crisis_choice(text: str, resources: CrisisResources) -> str | None:
    """"repeat", "safe", "unsure" or None (stop, or anything else) for a reply after the crisis lines.

    "safe" only when the whole reply says so: safe phrases, ways of saying mend misheard ("that's not what I
    meant") and reassurance ("nobody is hurting me"), with nothing else but small words, no denial or fear, and
    nothing the safety rules read as a concern. A safe phrase beside other words ("all good, I've got the pills
    ready", "I'm safe but he's still here") is "unsure": asked once more, never taken as safe."""
    words = resources.message
    said = f" {normalize(text)} "
    if any(f" {normalize(phrase)} " in said for phrase in words.repeat_words):
        return "repeat"
    said = _ANSWER_FIRST.sub(" ", said, count=1).replace(" let us ", " ")  # "no, I'm fine, let's go back"
    rest = REASSURANCE.sub(" ", said)
    named = rest != said
    for phrase in words.misread_words:  # "that's not what I meant" holds a "not" and still means a misreading
        named = named or f" {normalize(phrase)} " in rest
        rest = rest.replace(f" {normalize(phrase)} ", " ")
    if _doubts(rest):  # "I don't feel safe", "I'm scared": never safe
        return None
    for phrase in sorted((normalize(p) for p in words.safe_words), key=len, reverse=True):
        named = named or f" {phrase} " in rest
        rest = rest.replace(f" {phrase} ", " ")
    if not named:
        return None
    left = rest.split()
    if (check_safety(REASSURANCE.sub(" ", said)) is not None or _ASKED.match(said)
            or [word for word in left if word not in _SMALL_WORDS]):
        return "unsure"  # "all good, I've got the pills ready"; "am I safe?"
    return "safe"


def spoken_choice(heard: Heard, choice: str | None, resources: CrisisResources) -> str | None:
    """A spoken reply's choice from both hearings: "safe" when the grammar heard it and the full model bears it
    out; "ask" (are you safe right now?) when either hearing leans towards safe without both agreeing; otherwise
    the grammar's choice ("stop" and the like end gently)."""
    if choice == "safe" and _heard_safe_again(heard, resources):
        return "safe"
    if choice in ("safe", "unsure"):
        return "ask"
    if choice is None and not heard.silent and not _STOP.search(f" {normalize(heard.text)} "):
        again = heard.open_text or hear_again(heard)
        if again and crisis_choice(again, resources) in ("safe", "unsure"):
            return "ask"
    return choice


def _heard_safe_again(heard: Heard, resources: CrisisResources) -> bool:
    """By voice, "I'm safe" is heard through a grammar of the choices, which makes it out of "I don't feel safe",
    "something is wrong" or "I'm scared" too: it goes back to the exercise only if the full model's hearing is read
    as safe, or sounds almost the same as the grammar's words with nothing in it that the rules or a denial flag
    (it hears "you misheard me" as "you mister me"; only for such words, never "i am safe" heard as "i am sad"). Typed text has no second hearing and is taken as written."""
    if not _spoken(heard):
        return True
    again = heard.open_text or hear_again(heard)
    if crisis_choice(again, resources) == "safe":
        return True
    said = f" {normalize(again)} "
    grammar = f" {normalize(heard.text)} "
    misread = any(f" {normalize(phrase)} " in grammar for phrase in resources.message.misread_words)
    alike = misread and SequenceMatcher(None, grammar.strip(), said.strip()).ratio() >= 0.75  # never "i am sad"
    return bool(again) and alike and not (_doubts(said) or check_safety(again))


def _doubts(said: str) -> bool:
    """Denial, fear or a "wrong" about the person's own world in normalised, space-padded text."""
    return bool(_DOUBT.search(said) or _NOT_ABOUT_MEND.search(said))


# the small words a reply that only says "I'm safe" or "you misheard" may hold besides
_SMALL_WORDS = frozenset("""i am it is was that this just really honestly totally completely perfectly please yes yeah
yep okay ok so and sorry thanks thank you um uh er well a an the to we are us can could now fine good alright me
promise at of bad choice words came being serious literally joke only oh gosh absolutely definitely very quite home
things misunderstood""".split())
# a no or yes said first answers "are you in danger?" ("no, I'm fine"); a "no" anywhere else is not small
_ANSWER_FIRST = re.compile(r"^ (?:(?:oh|um|uh|well) )?(?:(?:no|nope|nah|yes|yeah|yep) (?!need ))+")
_STOP = re.compile(r" (?:stop|done|goodbye|bye|end) ")
# a yes said first (the answer to "Are you safe right now?")
_YES_FIRST = re.compile(r"^ (?:(?:oh|um|uh|mhm|mm|well|definitely|absolutely|honestly) )*(?:(?:yes|yeah|yep|yup|yea|"
                        r"ya|yah|aye)(?: (?:yes|yeah|yep))*(?: i am(?= ))?|i am(?= (?:safe|okay|ok|fine|alright|all "
                        r"right)(?!\S))) ")
# why the words came out wrong, or where one is safe, beside a yes: no "he", no "but", no danger word among them
_SAFE_EXPLAINING = frozenset("""safe okay ok fine alright upset badly venting vent said put it like mean meant argued arguing
argument row words nothing physical home my own flat sisters mums moms dads brothers friends parents talk through
continue carry on back want wanted just wrong in at""".split())
# the small words beside a yes: none that can say things are bad ("yes, things are bad", "it's the only way")
_YES_SMALL = _SMALL_WORDS - frozenset("bad choice only being serious literally joke".split())
# a question, not an answer: "am I safe?", "is it safe?"
_ASKED = re.compile(r"^ (?:am|are|is|can|could|will|would|do|does|should|how|what|where|why) ")


# "wrong" and "mistake" say mend misread only when they are not about the person or their world ("you got it wrong",
# "that was a mistake"; not "something is wrong", "I made a mistake", "everything went wrong")
_NOT_ABOUT_MEND = re.compile(r"(?<!\S)(?:something|everything|anything|nothing|what|i|i have|i did|i made|feel|feels|"
                             r"felt|went|going|all)(?: \S+){0,2} (?:wrong|mistake|mistakes)(?!\S)")
# any denial or fear in the reply: "safe" or "fine" beside it does not mean the person is safe
_DOUBT = re.compile(r"(?<!\S)(?:not|never|no longer|cannot|unsafe|scared|afraid|frightened|terrified|help|danger|"
                    r"hurt|kill|die|worse|guess|maybe|wish|hope|for now|probably|hopefully|sort of|kind of|if only|"
                    r"i meant it|i meant that|i mean it|meant every word|meant what i said|said what i meant|"
                    r"sorry for everything|goodbye|bye|farewell|back at)"
                    r"(?!\S)")


def _choice_request(conversation: Conversation, resources: CrisisResources) -> ListenRequest:
    words = resources.message
    phrases = [*words.repeat_words, *words.safe_words, *words.misread_words, "say the number again", "stop", "done",
               "[unk]"]
    return listen_request(conversation.settings.listening, phrases, patience=30.0)
