"""The full model's next-best readings: parsing Vosk's several-guesses results, and what mend reads from them."""

from __future__ import annotations

import pytest

from assistant.interpret import read_reply
from assistant.understanding import detect_patterns
from audio.hypotheses import best_reading, next_best_texts
from audio.turns import Heard
from flows import Step

FIRST_REACTION = Step.model_validate({"id": "first_reaction", "prompts": ["?"], "expects": "free",
                                      "slot": "reaction", "understand": "patterns", "reprompt_silence": ["?"],
                                      "help": "?"})


def guesses(*readings: tuple[str, float]) -> dict:
    return {"alternatives": [{"text": text, "confidence": score,
                              "result": [{"word": w, "start": 0.1 * i, "end": 0.1 * i + 0.1}
                                         for i, w in enumerate(text.split())]}
                             for text, score in readings]}


def test_the_best_guess_gets_its_share_of_the_probability_as_word_confidence():
    reading = best_reading(guesses(("i kept saying salary", 10.0), ("i kept saying sorry", 10.0)))
    assert reading["text"] == "i kept saying salary"
    assert [item["word"] for item in reading["result"]] == ["i", "kept", "saying", "salary"]
    assert all(item["conf"] == pytest.approx(0.5) for item in reading["result"])
    assert best_reading(guesses(("yes", 30.0), ("yet", 10.0)))["result"][0]["conf"] > 0.99
    single = {"text": "yes", "result": [{"word": "yes", "conf": 0.8}]}
    assert best_reading(single) is single  # a single-guess result is read as it is
    assert best_reading({"alternatives": []}) == {"text": "", "result": []}
    assert best_reading({"alternatives": "garbage"}) == {"text": "", "result": []}


def test_next_best_readings_change_one_utterance_at_a_time_smallest_loss_first():
    first = guesses(("i went quiet", 50.0), ("i want quiet", 49.0), ("i went quite", 47.0))
    second = guesses(("and said salary", 40.0), ("and said sorry", 39.5))
    readings = next_best_texts([first, second])
    assert readings == ["i went quiet and said sorry", "i want quiet and said salary", "i went quite and said salary"]
    assert next_best_texts([first, second], limit=1) == ["i went quiet and said sorry"]
    assert next_best_texts([{"text": "yes", "result": []}]) == []  # grammar results carry one guess
    # a guess that differs only by "[unk]" is the same reading
    assert next_best_texts([guesses(("okay", 5.0), ("okay [unk]", 4.0))]) == []


def test_next_best_readings_may_name_a_default_response_the_best_one_missed():
    spoken = [("x", 0.5)]
    heard = Heard("i kept saying salary over and over", 0.4, words=spoken,
                  next_best=["i kept saying celery over and over", "i kept saying sorry over and over"])
    assert read_reply(FIRST_REACTION, heard).extracted["patterns"] == ["over_apologizing"]
    # what the best reading names is kept, and not joined by a guess
    heard = Heard("i went quiet", 0.6, words=spoken, next_best=["i went quiet and kept saying sorry"])
    assert read_reply(FIRST_REACTION, heard).extracted["patterns"] == ["withdrawing"]
    # only the first few readings count: a far-fetched one names nothing
    heard = Heard("we talked", 0.6, words=spoken, next_best=["we talk", "we walked", "we stalked",
                                                             "we walked out"])
    assert read_reply(FIRST_REACTION, heard).extracted["patterns"] == []


def test_next_best_readings_are_never_read_for_safety_or_closed_answers():
    spoken = [("x", 0.5)]
    heard = Heard("i want to kill my cell", 0.5, words=spoken, next_best=["i want to kill myself"])
    assert read_reply(FIRST_REACTION, heard).kind == "answer"  # safety listens to its own spotter instead
    who = Step.model_validate({"id": "who", "prompts": ["?"], "expects": "choice", "slot": "relationship",
                               "options": [{"id": "friend", "label": "friend"}, {"id": "family", "label": "family"}],
                               "reprompt_silence": ["?"], "help": "?"})
    assert read_reply(who, Heard("friend", 0.9, words=spoken, next_best=["family"])).value == "friend"


@pytest.mark.model
def test_a_spoken_answer_whose_best_reading_loses_the_key_word_still_names_its_response(test_model):
    from audio.recognizer import ModelLoader
    from tests.support.speech import have_espeak, hear_open_answer, noise, room, speech

    if not have_espeak():
        pytest.skip("espeak-ng is not installed")
    recognizer = ModelLoader(test_model).start().recognizer(timeout=60)
    audio = room(noise(0.3, 0), speech("i shut down and stopped talking to her", voice="en-us", rate=140),
                 noise(0.2, 0), seed=1)
    heard = hear_open_answer(recognizer, audio)
    # the best reading lost it ("i shot down and stop talking to the") ...
    assert detect_patterns(heard.text) == [], heard.text
    assert any(detect_patterns(reading) == ["withdrawing"] for reading in heard.next_best)  # ... another kept it
    assert 0.0 < heard.confidence <= 1.0
    assert read_reply(FIRST_REACTION, heard).extracted["patterns"] == ["withdrawing"]
