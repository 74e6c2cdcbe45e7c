"""Natural replies to closed questions by voice (espeak-ng, the Vosk test model, mend's real listener): the
grammar alone forces them onto its own phrases, and the full model's second hearing gives them the reading they
have when typed. A sure short answer is never heard twice, and the frames kept for a second hearing are let go
when the next turn begins."""

from __future__ import annotations

import pytest

from mend.assistant.config import Settings
from mend.assistant.safety.rules import safety_phrases
from mend.assistant.safety.unsure import clear_no, spoken_clear_no
from mend.assistant.session.listening import answer_yes_no, step_request
from mend.assistant.understanding.reading import read_reply
from mend.assistant.understanding.second_hearing import read_heard
from mend.audio.listener import VoiceListener
from mend.audio.recognizer import ModelLoader
from mend.flows import builtin_flow
from tests.support.fakes import SideQuestionSession
from tests.support.speech import BytesSource, have_espeak, room, silence, speech

pytestmark = [pytest.mark.model, pytest.mark.skipif(not have_espeak(), reason="espeak-ng is not installed")]

FLOW = builtin_flow("repair")


@pytest.fixture(scope="module")
def recognizer(test_model):
    return ModelLoader(test_model).start().recognizer(timeout=60)


def hear(recognizer, step_id: str, *lines: str):
    audio = [part for line in lines for part in (speech(line, voice="en-us", rate=150), silence(2.5))]
    listener = VoiceListener(BytesSource(room(silence(0.3), *audio, seed=3)), recognizer,
                             spotting=safety_phrases())
    request = step_request(Settings().listening, FLOW.steps[step_id])
    return listener, [listener.listen(request) for _ in lines]


NATURAL = [  # (step, said, the typed reading)
    ("gesture", "can we skip this one?", ("command", "skip")),
    ("who", "wait, say that one more time?", ("command", "repeat")),
    ("who", "a friend, actually my sister", ("answer", "family")),
]


def test_natural_replies_get_their_typed_reading(recognizer):
    grammar_wrong = []
    for step_id, said, expected in NATURAL:
        step = FLOW.steps[step_id]
        _, (heard,) = hear(recognizer, step_id, said)
        grammar_only = read_reply(step, heard)
        reading = read_heard(step, heard)
        got = (reading.kind, reading.command if reading.kind == "command" else reading.value)
        assert got == expected, (said, heard.text, heard.open_text, grammar_only)
        if (grammar_only.kind, grammar_only.command or grammar_only.value) != expected:
            grammar_wrong.append(said)
    print(f"\nthe grammar alone misread {len(grammar_wrong)} of {len(NATURAL)}: {grammar_wrong}")
    assert grammar_wrong  # the second hearing is what made the difference for some of them


def test_a_sure_short_answer_is_heard_once_and_its_frames_are_let_go(recognizer):
    listener, (first, second) = hear(recognizer, "activation_before", "seven", "about a three")
    assert (read_heard(FLOW.steps["activation_before"], first).value, first.open_text) == (7, "")
    assert first.hear_openly is not None and first.hear_openly() == ""  # the next turn began: nothing kept
    assert second.hear_openly is not None and "three" in second.hear_openly()  # this turn's frames, heard again


def test_by_voice_only_a_plain_no_to_the_safety_question_goes_back_to_the_exercise(recognizer):
    """The yes/no grammar makes a bare "no" out of "no, not at the moment" and "not right now"; the full model's
    hearing of it decides whether that no stands."""
    said = ["no", "no, not at the moment", "nope", "not right now", "no thanks", "I'd rather not say"]
    plain = {"no": False, "nope": False, "no thanks": False}
    guarded = []
    for voice in ("en-us", "en-gb"):
        audio = [part for line in said for part in (speech(line, voice=voice, rate=160), silence(2.5))]
        listener = VoiceListener(BytesSource(room(silence(0.3), *audio, seed=3)), recognizer,
                                 spotting=safety_phrases())
        session = SideQuestionSession(listener)
        answers = {line: answer_yes_no(session, "Is someone hurting you?", clear_no, settle=spoken_clear_no)
                   for line in said}
        assert {line: answers[line] for line in plain} == plain, voice
        assert [line for line in said if line not in plain and answers[line] is False] == [], voice  # help
        grammar = dict(zip(said, (heard.text for heard in session.heard)))
        guarded += [line for line in said if line not in plain and clear_no(grammar[line]) is False]
    assert guarded  # the grammar alone took at least one of them for a plain no: what the second hearing is for


def test_by_voice_i_am_safe_after_the_crisis_lines_needs_the_full_models_hearing_too(recognizer):
    """The grammar of the crisis choices makes "safe" out of "I don't feel safe" and "something is wrong" (its
    "wrong" is for "you got it wrong"); the full model's hearing keeps them from going back to the exercise."""
    from mend.assistant.safety.resources import load_resources
    from mend.assistant.session.crisis import _choice_request, _heard_safe_again, crisis_choice

    resources = load_resources()
    said = ["I don't feel safe", "something is wrong", "I'm safe", "go back"]
    audio = [part for line in said for part in (speech(line, voice="en-us", rate=150), silence(2.5))]
    listener = VoiceListener(BytesSource(room(silence(0.3), *audio, seed=3)), recognizer, spotting=safety_phrases())
    request = _choice_request(SideQuestionSession(listener), resources)
    heard, grammar, back = [], [], []
    for _ in said:  # each is heard again before the next turn begins, as the session does
        heard.append(listener.listen(request))
        grammar.append(crisis_choice(heard[-1].text, resources))
        back.append(grammar[-1] == "safe" and _heard_safe_again(heard[-1], resources))
    assert back == [False, False, True, True], list(zip(said, [h.text for h in heard], grammar))
    assert "safe" in grammar[:2]  # the grammar alone would have gone back on at least one: what the check is for
