"""Asking for a break by voice at a closed step: a yes/no question, the 0-10 rating and a choice each listen
through a grammar of their own answers, which must hold the ways of asking for a break too. Spoken by espeak-ng,
heard by mend's real listener and the Vosk test model, read as the session reads it.

TUNING are phrasings the grammar was built from; HELD_OUT are phrasings never tuned on (their floor only guards
against getting worse). Ordinary answers at the same steps must still be read as before, never as a break.
"""

from __future__ import annotations

import pytest

from mend.assistant.config import Settings
from mend.assistant.safety.rules import safety_phrases
from mend.assistant.session.listening import step_request
from mend.assistant.understanding.reading import read_reply
from mend.audio.listener import VoiceListener
from mend.audio.recognizer import ModelLoader
from mend.flows import builtin_flow
from tests.support.speech import BytesSource, have_espeak, room, silence, speech

pytestmark = [pytest.mark.model, pytest.mark.skipif(not have_espeak(), reason="espeak-ng is not installed")]

FLOW = builtin_flow("repair")
STEPS = ("safe_check", "activation_before", "who", "gesture")  # yes/no, number, choice, choice
TUNING = ["I need a break", "can we stop for now and continue later", "take a break", "can we take a break",
          "time out", "stop for now", "let's continue later", "pick this up later"]
HELD_OUT = ["I think I need a break", "could we take a break please", "can we pick this up later",
            "let's stop for now", "I need to take a break", "can we continue this later", "I'd like a break",
            "can I take a break", "sorry, I need a break", "can we stop here for now and continue later"]
ORDINARY = {
    "safe_check": [("yes", True), ("no", False), ("not really", False)],
    "activation_before": [("seven", 7), ("about a six", 6), ("three", 3)],
    "who": [("my girlfriend", "partner"), ("my boss", "colleague"), ("a friend", "friend")],
    "gesture": [("a conversation", "conversation"), ("a small act", "small_act")],
}
TUNING_FLOOR, HELD_OUT_FLOOR = 0.9, 0.6  # measured when written: 1.00 (32 of 32) and 0.65 (26 of 40); 0 and 0 before


@pytest.fixture(scope="module")
def recognizer(test_model):
    return ModelLoader(test_model).start().recognizer(timeout=60)


def read_at(recognizer, step_id: str, line: str, seed: int = 1):
    step = FLOW.steps[step_id]
    source = BytesSource(room(silence(0.3), speech(line), silence(0.3), seed=seed))
    heard = VoiceListener(source, recognizer, spotting=safety_phrases()).listen(
        step_request(Settings().listening, step))
    return heard, read_reply(step, heard)


def break_rate(recognizer, phrasings: list[str]) -> tuple[float, list[str]]:
    misses = []
    for step_id in STEPS:
        for line in phrasings:
            heard, reading = read_at(recognizer, step_id, line)
            if not (reading.kind == "command" and reading.command == "break"):
                misses.append(f"{step_id}: {line!r} heard as {heard.text!r} ({reading.kind})")
    return 1 - len(misses) / (len(STEPS) * len(phrasings)), misses


def test_a_break_is_heard_at_every_kind_of_closed_step(recognizer):
    rate, misses = break_rate(recognizer, TUNING)
    print(f"\nbreak phrasings, tuning: {rate:.2f} of {len(STEPS) * len(TUNING)}", *misses, sep="\n  ")
    assert rate >= TUNING_FLOOR, misses


def test_held_out_ways_of_asking_for_a_break(recognizer):
    rate, misses = break_rate(recognizer, HELD_OUT)
    print(f"\nbreak phrasings, held out: {rate:.2f} of {len(STEPS) * len(HELD_OUT)}", *misses, sep="\n  ")
    assert rate >= HELD_OUT_FLOOR, misses


def test_ordinary_answers_are_still_read_as_answers(recognizer):
    wrong = []
    for step_id, answers in ORDINARY.items():
        for line, value in answers:
            heard, reading = read_at(recognizer, step_id, line)
            if reading.kind != "answer" or reading.value != value:
                wrong.append(f"{step_id}: {line!r} heard as {heard.text!r} -> {reading.kind} {reading.value!r}")
    assert not wrong, wrong


def test_every_break_phrase_is_in_each_closed_grammar_with_words_the_model_knows(recognizer):
    import json

    from mend.assistant.understanding.vocabulary import BREAK_WORDS, vocabulary_for

    for step_id in STEPS:
        vocabulary = vocabulary_for(FLOW.steps[step_id])
        grammar = json.loads(recognizer.grammar_for(vocabulary))
        expected = [p for p in BREAK_WORDS if p in vocabulary]  # a rating's grammar leaves out phrases opening "i"
        assert len(expected) >= len(BREAK_WORDS) - 1
        assert [p for p in expected if p not in grammar] == [], step_id
