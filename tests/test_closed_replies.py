"""Long replies to closed questions: what the full model heard of them is read for safety first, and an answer the
grammar made of them is said back before it is kept. The hearings are built by hand here; the listener and whole
spoken sessions are in test_voice_safety.py."""

from __future__ import annotations

from mend.assistant.understanding.reading import more_than_an_answer, needs_confirming, read_reply, safety_reading
from mend.audio.turns import Heard
from mend.flows import builtin_flow

RATING = builtin_flow("repair").steps["activation_before"]


def _closed(text: str = "", open_text: str = "", unknown: int = 0, alternatives=()) -> Heard:
    words = [(word, 1.0) for word in text.split()]
    return Heard(text=text, confidence=1.0 if words else 0.0, words=words, unknown_words=unknown,
                 open_text=open_text, alternatives=list(alternatives))


def test_a_crisis_the_grammar_could_not_place_is_read_from_the_full_models_hearing():
    heard = _closed(unknown=5, open_text="i do not want to be alive anymore")
    reading = read_reply(RATING, heard)
    assert reading.kind == "crisis" and reading.concern.kind == "self_harm"


def test_a_crisis_heard_openly_outranks_the_number_the_grammar_made_of_it():
    heard = _closed("about a five", open_text="my husband hits me when he drinks")
    assert read_reply(RATING, heard).kind == "crisis"


def test_an_uncertain_concern_heard_openly_is_asked_about():
    heard = _closed(unknown=3, open_text="he gets me when he is angry")
    reading = read_reply(RATING, heard)
    assert reading.kind == "check_in" and reading.concern.kind == "abuse"
    assert read_reply(RATING, heard, check_in=False).kind == "unclear"  # after a clear no: just not an answer


def test_a_threat_only_the_full_model_heard_is_asked_about_not_assumed():
    heard = _closed(unknown=4, open_text="i am so angry i could kill him")
    assert safety_reading(heard).kind == "check_in"


def test_spotted_words_count_when_the_grammar_heard_only_unknown_sounds():
    heard = _closed(unknown=3, alternatives=["he kicked me"])
    assert safety_reading(heard) is not None


def test_a_number_out_of_a_sentence_is_said_back_first():
    heard = _closed("a five", open_text="my mother kept calling about the party again")
    reading = read_reply(RATING, heard)
    assert reading.kind == "answer" and reading.value == 5 and not reading.guessed
    assert more_than_an_answer(RATING, heard, 5)
    assert needs_confirming(RATING, heard, reading, 0.6)


def test_a_sentence_that_names_the_same_number_among_many_words_is_said_back_too():
    heard = _closed("five", open_text="well i guess five but my dad would say it was way more than that")
    assert needs_confirming(RATING, heard, read_reply(RATING, heard), 0.6)


def test_an_answer_the_full_model_heard_the_same_way_is_kept():
    for text, open_text in (("seven out of ten", "seven out of ten"), ("about a seven", "about a seven i think")):
        heard = _closed(text, open_text=open_text)
        reading = read_reply(RATING, heard)
        assert reading.value == 7 and not needs_confirming(RATING, heard, reading, 0.6), open_text


def test_a_short_answer_has_no_open_hearing_and_is_kept():
    heard = _closed("seven")
    reading = read_reply(RATING, heard)
    assert reading.value == 7 and not more_than_an_answer(RATING, heard, 7)
    assert not needs_confirming(RATING, heard, reading, 0.6)


def test_typed_replies_are_untouched():
    typed = Heard(text="7")
    assert read_reply(RATING, typed).value == 7 and not needs_confirming(RATING, typed, read_reply(RATING, typed), 0.6)
    assert safety_reading(Heard(text="he gets me")) is None


def test_a_few_words_the_full_model_misheard_leave_the_grammars_answer_standing():
    heard = _closed("about a seven", open_text="i'm outta sam and")
    assert not needs_confirming(RATING, heard, read_reply(RATING, heard), 0.6)
    other = _closed("seven", open_text="about a three")
    assert needs_confirming(RATING, other, read_reply(RATING, other), 0.6)


def test_a_sentence_the_grammar_strung_many_words_out_of_is_said_back():
    heard = _closed("that a one two out", open_text="that's presentation absolutely kill everyone clapped")
    assert needs_confirming(RATING, heard, read_reply(RATING, heard), 0.6)
