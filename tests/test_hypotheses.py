"""Next-best readings: parsing Vosk's several-guesses results, and what mend reads from them (open answers' default
responses, and closed answers the best reading missed; never safety)."""

from __future__ import annotations

import pytest

from mend.assistant.safety.risk_model import MODEL_MATCH

from mend.assistant.understanding.reading import answer_confidence, needs_confirming, read_reply
from mend.assistant.understanding.meanings import detect_patterns
from mend.audio.hypotheses import best_reading, next_best_readings
from mend.audio.turns import Heard
from mend.flows import Step

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
    readings = next_best_readings([first, second])
    assert [text for text, _ in readings] == [
        "i went quiet and said sorry", "i want quiet and said salary", "i went quite and said salary"]
    # each with its guess's share in the utterance where it differs: e^-0.5 / (1 + e^-0.5) for "sorry"
    assert [round(share, 3) for _, share in readings] == [0.378, 0.259, 0.035]
    assert [text for text, _ in next_best_readings([first, second], limit=1)] == ["i went quiet and said sorry"]
    assert next_best_readings([{"text": "yes", "result": []}]) == []  # a single-guess result has no others
    # a guess that differs only by "[unk]" is the same reading, and its probability adds to that reading's
    assert next_best_readings([guesses(("okay", 5.0), ("okay [unk]", 4.0))]) == []
    assert best_reading(guesses(("okay", 5.0), ("okay [unk]", 5.0), ("ok", 5.0)))["result"][0]["conf"] == \
        pytest.approx(2 / 3)
    merged = next_best_readings([guesses(("yes", 5.0), ("yet", 4.0), ("yet [unk]", 4.0))])
    assert [(text, round(share, 3)) for text, share in merged] == [("yet", 0.424)]


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


WHO = Step.model_validate({"id": "who", "prompts": ["?"], "expects": "choice", "slot": "relationship",
                           "understand": "relationship",
                           "options": [{"id": "friend", "label": "friend", "synonyms": ["buddy"]},
                                       {"id": "family", "label": "family"}],
                           "reprompt_silence": ["?"], "help": "?"})
RATE = Step.model_validate({"id": "rate", "prompts": ["?"], "expects": "number", "slot": "before",
                            "reprompt_silence": ["?"], "help": "?"})
SPOKEN = [("x", 0.5)]


def test_next_best_readings_are_never_read_for_safety_nor_when_the_best_reading_gave_an_answer():
    heard = Heard("i want to kill my cell", 0.5, words=SPOKEN, next_best=["i want to kill myself"])
    reading = read_reply(FIRST_REACTION, heard)  # safety listens to its own spotter instead of the next best
    # the best reading itself may get the broad question of the whole-reply model, never the next best's stop
    assert reading.kind == "answer" or (reading.kind == "check_in" and reading.concern.matched == MODEL_MATCH)
    reading = read_reply(WHO, Heard("friend", 0.9, words=SPOKEN, next_best=["family"]))
    assert (reading.value, reading.guessed) == ("friend", False)


@pytest.mark.parametrize("best", ["", "my"])  # "[unk]" alone, or a word that is no answer
def test_a_closed_answer_the_best_reading_missed_is_taken_from_the_next_ones_and_marked_for_confirming(best):
    reading = read_reply(WHO, Heard(best, 0.0, words=SPOKEN, next_best=["not", "buddy", "family"]))
    assert (reading.kind, reading.value, reading.guessed) == ("answer", "friend", True)
    assert reading.extracted == {"relationship": "friend", "relationship_words": "your buddy"}
    number = read_reply(RATE, Heard("about of ten", 0.6, words=SPOKEN, next_best=["about a ten"]))
    assert (number.kind, number.value, number.guessed) == ("answer", 10, True)


def test_a_reply_the_grammar_heard_as_unknown_words_is_never_guessed_into_an_answer():
    # "what do you mean by that" on a rating question: "[unk]" in the best reading, "one" in the next
    off_topic = Heard("", 0.0, words=SPOKEN, next_best=["one"], unknown_words=2)
    assert read_reply(RATE, off_topic).kind == "unclear"
    half_heard = Heard("my", 0.4, words=SPOKEN, next_best=["buddy"], unknown_words=1)
    assert read_reply(WHO, half_heard).kind == "unclear"


def test_a_closed_answer_is_as_sure_as_all_the_readings_that_give_it_and_a_guess_is_always_said_back():
    # "friend", "a friend", "my friend": one answer, its probability split three ways
    split = Heard("friend", 0.4, words=[("friend", 0.4)], next_best=["a friend", "family", "my friend"],
                  next_best_shares=[0.3, 0.2, 0.1])
    reading = read_reply(WHO, split)
    assert reading.value == "friend" and answer_confidence(WHO, split, reading.value) == pytest.approx(0.8)
    assert not needs_confirming(WHO, split, reading, 0.5)
    torn = Heard("friend", 0.4, words=[("friend", 0.4)], next_best=["family"], next_best_shares=[0.35])
    assert needs_confirming(WHO, torn, read_reply(WHO, torn), 0.5)
    guessed = Heard("", 0.0, words=SPOKEN, next_best=["buddy"], next_best_shares=[0.9])
    assert needs_confirming(WHO, guessed, read_reply(WHO, guessed), 0.0)
    typed = Heard("friend")  # typed text: certain, never said back
    assert answer_confidence(WHO, typed, "friend") == 1.0 and not needs_confirming(WHO, typed, read_reply(WHO, typed), 0.5)
    free = read_reply(FIRST_REACTION, Heard("i went quiet", 0.1, words=SPOKEN))
    assert not needs_confirming(FIRST_REACTION, Heard("i went quiet", 0.1), free, 0.5)  # open answers never


def test_only_the_first_three_next_best_readings_are_read_and_a_command_is_never_a_guess():
    assert read_reply(WHO, Heard("", 0.0, words=SPOKEN, next_best=["not", "that", "next", "buddy"])).kind == "unclear"
    assert read_reply(WHO, Heard("", 0.0, words=SPOKEN, next_best=[])).kind == "unclear"
    assert read_reply(WHO, Heard("", 0.0, words=SPOKEN, next_best=["next"])).kind == "unclear"  # never a command


@pytest.mark.model
def test_a_spoken_answer_whose_best_reading_loses_the_key_word_still_names_its_response(test_model):
    from mend.audio.recognizer import ModelLoader
    from tests.support.speech import have_espeak, hear_open_answer, noise, room, speech

    if not have_espeak():
        pytest.skip("espeak-ng is not installed")
    recognizer = ModelLoader(test_model).start().recognizer(timeout=60)
    audio = room(noise(0.3, 0), speech("i shut down and stopped talking to her", voice="en-us", rate=140),
                 noise(0.2, 0), seed=1)
    heard = hear_open_answer(recognizer, audio)
    # the best reading lost the key word ("i shot down and stop talking to the"); the lexicon of acts still reads
    # "stop talking" as pulling away, and a next-best reading names it too
    assert "shut" not in heard.text, heard.text
    assert any(detect_patterns(reading) == ["withdrawing"] for reading in heard.next_best)
    assert 0.0 < heard.confidence <= 1.0
    assert read_reply(FIRST_REACTION, heard).extracted["patterns"] == ["withdrawing"]
