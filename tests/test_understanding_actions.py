"""Default responses from the lexicon of acts, commands inside sentences, self-corrections, the person's own words
and "I'm ready": read in a step's context, with phrasings nobody wrote into a table."""

from __future__ import annotations

import pytest

from mend.assistant.understanding.actions import read_reaction
from mend.assistant.understanding.asking import read_asked
from mend.assistant.understanding.meanings import detect_patterns, parse_command
from mend.assistant.understanding.people import corrected, own_words, unusual_relationship
from mend.assistant.understanding.reading import read_reply
from mend.audio.turns import Heard
from mend.flows import builtin_flow

FLOW = builtin_flow("repair")
STEPS = FLOW.steps


@pytest.mark.parametrize(("text", "expected"), [
    ("locked myself in the bathroom till she went to bed", ["withdrawing"]),
    ("fired off an email justifying every decision", ["defending"]),
    ("kept apologising even after she said it was fine", ["over_apologizing"]),
    ("started listing ways to make it up to him before he'd finished", ["rushing_to_fix"]),
    ("muted the group chat", ["withdrawing"]),
    ("I didn't reply for two days", ["withdrawing"]),
    ("honestly I think I'm the problem, I hate myself", ["self_blame"]),
    ("told her it was no big deal, I was overreacting", ["minimizing"]),
    ("i went to my room and stayed there", ["withdrawing"]),
    ("went quiet, then later I kept apologising", ["withdrawing", "over_apologizing"]),
    ("I didn't walk out", []),
    ("he stormed out", []),  # someone else's act
    ("I didn't shout, I just went silent", ["withdrawing"]),
])
def test_default_responses_come_from_what_was_done_not_from_listed_phrases(text, expected):
    assert detect_patterns(text) == expected


def test_an_action_that_could_mean_two_things_is_asked_about_not_asserted():
    reading = read_reply(STEPS["first_reaction"], Heard("I changed the subject"))
    assert reading.kind == "answer" and reading.extracted["patterns"] == []
    assert reading.ask is not None and reading.ask.question.startswith("Was it more like")
    assert read_asked(reading.ask, "playing it down i guess") == ["minimizing"]
    assert read_asked(reading.ask, "a bit of both") == ["withdrawing", "minimizing"]
    assert read_reaction("I said sorry").ambiguous == [("over_apologizing", "rushing_to_fix")]
    assert read_reply(STEPS["first_reaction"], Heard("I walked out")).ask is None
    unknown = read_reply(STEPS["first_reaction"], Heard("I stood in the kitchen for a while")).ask
    assert unknown is not None and unknown.question == "Was it more like pulling away, or pushing back?"
    assert read_asked(unknown, "pulling away, yeah") == ["withdrawing"]
    assert read_asked(unknown, "neither really") == []
    assert read_reply(STEPS["first_reaction"], Heard("I think it was the tone")).ask is None


@pytest.mark.parametrize(("text", "command"), [
    ("hang on, could you say that again?", "repeat"),
    ("er, back one", "back"),
    ("sorry, what do I say here?", "help"),
    ("um what was the question again?", "repeat"),
    ("could you go back to the last question please", "back"),
    ("can we skip this one?", "skip"),
    ("sorry could you slow down a little", "slower"),
    ("I went back to my room", None),
    ("I want to stop fighting with her", None),
    ("wait no, my sister", None),
])
def test_commands_are_heard_inside_sentences_and_questions(text, command):
    assert parse_command(text) == command


def test_a_command_asked_as_a_question_is_never_stored_as_an_answer():
    reading = read_reply(STEPS["what_happened"], Heard("hang on, could you say that again?"))
    assert (reading.kind, reading.command) == ("command", "repeat")
    assert read_reply(STEPS["first_reaction"], Heard("I went back to my room")).kind == "answer"


def test_self_corrections_keep_what_was_said_last_for_every_kind_of_answer():
    assert read_reply(STEPS["gesture"], Heard("the second one, no wait, the first")).value == "conversation"
    who = read_reply(STEPS["who"], Heard("a friend, actually my sister"))
    assert (who.value, who.extracted["relationship_words"]) == ("family", "your sister")
    assert read_reply(STEPS["safe_check"], Heard("no, wait, yes")).value is True
    assert read_reply(STEPS["first_reaction"], Heard("i went quiet. no wait, i argued back")).extracted == {
        "patterns": ["defending"]}
    assert corrected("a small act of care actually") == "a small act of care actually"  # nothing after it


@pytest.mark.parametrize(("text", "category", "words"), [
    ("my dad", "family", "your dad"), ("my manager", "colleague", "your manager"),
    ("um it's my older brother", "family", "your older brother"), ("myself", "self", "yourself"),
])
def test_the_person_is_named_in_their_own_words(text, category, words):
    reading = read_reply(STEPS["who"], Heard(text))
    assert reading.value == category and own_words(text, category) == words


def test_an_unusual_relationship_gets_a_question_not_a_confident_label():
    assert unusual_relationship("someone I've been dating for a few weeks")
    reading = read_reply(STEPS["who"], Heard("someone I've been dating for a few weeks"))
    assert reading.value is None and reading.ask is not None and reading.ask.target == "value"
    assert read_asked(reading.ask, "more like a partner") == ["partner"]
    assert reading.extracted["relationship_words"] == "someone you have been dating for a few weeks"


@pytest.mark.parametrize("text", ["I'm ready", "ready", "okay, I'm ready", "ok ready"])
def test_ready_starts_a_say_anything_step_and_only_resumes_a_pause(text):
    assert read_reply(STEPS["welcome"], Heard(text)).kind == "answer"
    assert read_reply(STEPS["reflect"], Heard(text)).kind == "answer"
    question = read_reply(STEPS["who"], Heard(text))
    assert (question.kind, question.command) == ("command", "repeat")
