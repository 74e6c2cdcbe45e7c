"""The full model's hearing as a second reading of a reply to a closed question (`understanding.second_hearing`),
with hearings given as text: when it replaces the grammar's reading, when it is not even asked for, and that it
goes through the safety rules first. The same rules over real audio are in test_voice_second_hearing.py."""

from __future__ import annotations

from mend.assistant.understanding.second_hearing import read_heard
from mend.audio.turns import Heard
from mend.flows import builtin_flow

FLOW = builtin_flow("repair")
WHO, RATING, GESTURE = FLOW.steps["who"], FLOW.steps["activation_before"], FLOW.steps["gesture"]


class Later:
    """A second hearing that says what the full model "heard" and counts how often it was asked."""

    def __init__(self, text: str) -> None:
        self.text, self.calls = text, 0

    def __call__(self) -> str:
        self.calls += 1
        return self.text


def closed(text: str, confidence: float = 1.0, *, open_text: str = "", later: str | None = None) -> Heard:
    words = [(word, confidence) for word in text.split()]
    return Heard(text=text, confidence=confidence, words=words, open_text=open_text,
                 hear_openly=Later(later) if later is not None else None)


def test_a_sure_answer_is_never_heard_again():
    heard = closed("seven", later="heaven")
    reading = read_heard(RATING, heard)
    assert (reading.kind, reading.value) == ("answer", 7)
    assert heard.hear_openly.calls == 0 and heard.open_text == ""


def test_a_command_in_a_sentence_wins_over_the_grammars_near_miss():
    heard = closed("a one", 0.4, later="er can we go back one")
    reading = read_heard(RATING, heard)
    assert (reading.kind, reading.command) == ("command", "back")
    assert heard.hear_openly.calls == 1 and heard.open_text == "er can we go back one"
    long = closed("can we skip slower", open_text="can we skip this one")  # a long reply: heard as it came
    assert read_heard(GESTURE, long).command == "skip"


def test_an_answer_the_grammar_made_nothing_of_is_said_back_first():
    reading = read_heard(WHO, closed("my", 0.9, later="my gf"))
    assert (reading.kind, reading.value, reading.guessed) == ("answer", "partner", True)
    assert reading.extracted["relationship_words"] == "your gf"


def test_a_self_correction_ends_on_the_last_answer():
    heard = closed("a friend my sister", open_text="a friend actually my sister")
    reading = read_heard(WHO, heard)
    assert (reading.value, reading.guessed, reading.extracted["relationship_words"]) == ("family", True, "your sister")


def test_the_same_person_in_fuller_words_keeps_the_fuller_words():
    reading = read_heard(WHO, closed("my friend", 0.5, later="my oldest friend"))
    assert (reading.value, reading.guessed) == ("friend", False)
    assert reading.extracted["relationship_words"] == "your oldest friend"


def test_a_second_hearing_that_makes_less_sense_leaves_the_grammars_reading():
    for grammar, later in (("about a seven", "i'm outta sam and"), ("yes", "guess")):
        step = RATING if "seven" in grammar else FLOW.steps["come_back_later"]
        reading = read_heard(step, closed(grammar, 0.3, later=later))
        assert reading.kind == "answer" and reading.value in (7, True) and not reading.guessed


def test_what_the_full_model_heard_goes_through_the_safety_rules_first():
    reading = read_heard(RATING, closed("five", 0.3, later="i want to kill myself"))
    assert reading.kind in ("crisis", "check_in") and reading.concern is not None


def test_typed_replies_and_open_steps_are_read_once():
    open_step = FLOW.steps["what_happened"]
    heard = closed("we argued", 0.2, later="we argued about money")
    assert read_heard(open_step, heard).value == "we argued" and heard.hear_openly.calls == 0
    assert read_heard(WHO, Heard(text="let me think about it for a moment")).kind == "unclear"


def test_yourself_heard_by_the_grammar_is_checked_against_the_full_models_hearing():
    from mend.assistant.understanding.reading import needs_confirming

    heard = closed("myself", 1.0, later="um it's my older brother")
    reading = read_heard(WHO, heard)
    assert heard.hear_openly.calls == 1
    assert needs_confirming(WHO, heard, reading, 0.6)  # "Did you say yourself?" before the path for oneself
    sure = closed("myself", 1.0, later="myself")
    assert not needs_confirming(WHO, sure, read_heard(WHO, sure), 0.6)


def test_a_spoken_command_the_full_model_heard_a_little_wrong_is_still_a_command_at_an_open_step():
    open_step = FLOW.steps["what_happened"]
    slips = [("killed you slow down a bit please", "slower"), ("i'm sorry what am i supposed to say", "help"),
             ("from your job you say that again", "repeat"), ("what's what's the question again", "repeat")]
    for heard_as, command in slips:
        reading = read_heard(open_step, closed(heard_as, 0.8))
        assert (reading.kind, reading.command) == ("command", command), heard_as
        assert read_heard(open_step, Heard(text=heard_as)).kind == "answer"  # typed: read as written
    for story in ("she told you to slow down a bit", "i'm sorry i raised my voice", "why did you say that again"):
        assert read_heard(open_step, closed(story, 0.8)).kind == "answer", story


def test_the_second_hearing_never_ends_the_session_and_keeps_what_it_learns_about_contact():
    reading = read_heard(RATING, closed("a one", 0.3, later="okay stop here"))
    assert reading.kind != "command" or reading.command != "stop"
    reading = read_heard(WHO, closed("my partner", 0.5, later="my ex"))
    assert reading.value == "partner" and reading.extracted.get("no_contact") is True


def test_words_meant_for_someone_else_are_never_read_as_commands():
    for step_id in ("their_first_words", "listening_reply", "rehearse_say"):
        reading = read_heard(FLOW.steps[step_id], closed("maybe you stop", 0.8))
        assert reading.kind == "answer", step_id
    for slip in ("i'm stopping the pills", "i'm skipping my meds", "i'm ending it"):
        assert read_heard(FLOW.steps["what_happened"], closed(slip, 0.8)).kind != "command", slip
