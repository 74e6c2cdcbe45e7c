"""After the crisis lines, by voice: when the two hearings of "I'm safe" disagree, mend asks "Are you safe right
now?" with only yes and no to hear, and goes back only on a clear yes both hearings bear out."""

from __future__ import annotations

import tomllib

import pytest

from mend.assistant.config import Settings
from mend.assistant.safety.resources import resources_for_crisis
from mend.assistant.safety.rules import check_safety
from mend.assistant.session.crisis import crisis_turns, read_safe_now
from mend.audio.turns import Heard
from tests.support.cli import REPO

RESOURCES = resources_for_crisis()
WORDS = RESOURCES.message


class CrisisConversation:
    """The crisis turns' side of a session: what is said, and spoken replies (each with its full-model hearing)."""

    def __init__(self, replies: list[Heard]) -> None:
        self.replies, self.said, self.settings = list(replies), [], Settings()

    def say(self, text: str) -> None:
        self.said.append(text)

    def say_all(self, lines) -> None:
        self.said.extend(lines)

    def hear(self, request) -> Heard:
        return self.replies.pop(0) if self.replies else Heard(silent=True)


def spoken(grammar: str, full: str) -> Heard:
    return Heard(grammar, confidence=0.8, hear_openly=lambda: full)


def _run(*replies: Heard) -> tuple[bool, list[str]]:
    conversation = CrisisConversation(list(replies))
    back = crisis_turns(conversation, check_safety("i want to kill myself"), RESOURCES)
    return back, conversation.said


def test_a_clear_yes_both_hearings_bear_out_goes_back():
    back, said = _run(spoken("i am safe", "i am sad"), spoken("yes", "yes i am safe"))
    assert WORDS.safe_now in said and back and said[-1] == WORDS.back


def test_a_no_gets_every_way_to_help_again_and_never_goes_back():
    back, said = _run(spoken("i am safe", "i do not feel safe"), spoken("no", "no"))
    assert not back and WORDS.safe_now in said
    assert said[said.index(WORDS.safe_now) + 1] == "Once more: call or text 988." and said[-1] == WORDS.goodbye


@pytest.mark.parametrize("full", ["yes but he is still here", "yeah for now", "yes i guess", "no", ""])
def test_a_yes_the_full_model_does_not_bear_out_never_goes_back(full):
    back, said = _run(spoken("i am safe", "i am not safe"), spoken("yes", full))
    assert not back and said[-1] == WORDS.goodbye


def test_typed_i_am_safe_is_taken_as_written_without_the_question():
    back, said = _run(Heard("i'm safe"))
    assert back and WORDS.safe_now not in said


def test_blind_answers_to_are_you_safe_right_now_typed():
    # written blind; read once, and "aye", "mhm, yes" and reasons such as "I was just upset" added after reading
    data = tomllib.loads((REPO / "benchmarks" / "data" / "safe_now_blind.toml").read_text(encoding="utf-8"))
    assert not [text for text in data["not_safe"] if read_safe_now(Heard(text), RESOURCES) is True]
    kept = [text for text in data["safe"] if read_safe_now(Heard(text), RESOURCES) is True]
    assert len(kept) >= 27, set(data["safe"]) - set(kept)


@pytest.mark.parametrize("text", ["I'm in a bad place", "Yes, things are bad", "I'm alone", "I'm upset", "I am home",
                                  "I'm sorry", "Yes, it's the only way", "Yeah I'm fine, I just want to go", "I am",
                                  "um I am I am", "I am so frustrated I could"])
def test_no_clear_yes_is_never_taken_for_one(text):
    assert read_safe_now(Heard(text), RESOURCES) is not True


def test_danger_said_in_answer_to_the_question_gets_emergency_services_and_quiet():
    back, said = _run(spoken("i am safe", "i am not safe"), spoken("no", "no i already took them"))
    assert not back and said[-2].startswith("This sounds like an emergency") and said[-1] == WORDS.stop_for_help


def test_a_safe_reply_the_grammar_garbled_is_asked_about_when_the_full_model_heard_it():
    # the grammar heard no clear choice; the full model heard "yeah I'm safe, let's go back": ask, then go back
    back, said = _run(spoken("is fine safe literally go back", "yeah i'm safe let's go back to where we were"),
                      spoken("yes", "yes"))
    assert WORDS.safe_now in said and back


def test_stop_is_never_turned_into_the_question():
    back, said = _run(spoken("stop", "i'm safe"))
    assert not back and WORDS.safe_now not in said and said[-1] == WORDS.goodbye
