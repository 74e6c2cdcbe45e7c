"""Spoken replies to the 0-10 rating question: a crisis statement the grammar has no words for still reaches the
crisis lines, a long unrelated sentence is never kept as a rating without saying it back, and a short "seven" is
heard as fast as ever (the full model never starts on it). espeak-ng voices, the Vosk test model, mend's real
listener; whole sessions replayed from WAV files and, for the crisis, live over PulseAudio's virtual device."""

from __future__ import annotations

import pytest

from mend.assistant.config import Settings
from mend.assistant.safety.rules import safety_phrases
from mend.assistant.session.loop import Session
from mend.assistant.understanding.reading import needs_confirming, read_reply
from mend.audio.listener import VoiceListener
from mend.audio.recognizer import ModelLoader
from mend.flows import builtin_flow
from tests.support.audio import isolated_pulse  # noqa: F401 (a fixture: a private sound server per module)
from tests.support.speech import BytesSource, have_espeak, room, silence, speech
from tests.support.voice import LiveSession, answer_wavs, heard_texts, replay_session

pytestmark = [pytest.mark.model, pytest.mark.skipif(not have_espeak(), reason="espeak-ng is not installed")]

FLOW = builtin_flow("repair")
RATING = FLOW.steps["activation_before"]
BEFORE_RATING = ["", "my girlfriend", "we argued about the dishes and I said something sharp"]
CRISIS = "I don't want to be alive anymore, I just want it all to stop"
UNRELATED = "my mother called me five times about the party on saturday"
CRISIS_LINES = ("988", "Is someone hurting you", "Are you thinking of hurting yourself")


@pytest.fixture(scope="module")
def recognizer(test_model):
    return ModelLoader(test_model).start().recognizer(timeout=60)


def _hear_at_the_rating_step(recognizer, line: str, voice: str = "en-us", rate: int = 150):
    source = BytesSource(room(silence(0.3), speech(line, voice=voice, rate=rate), silence(0.3), seed=1))
    listener = VoiceListener(source, recognizer, spotting=safety_phrases())
    heard = listener.listen(Session(FLOW, None, None, Settings(), voice=True).request_for(RATING))
    return heard, listener.last_turn


def test_a_short_rating_is_heard_by_the_grammar_alone_and_kept(recognizer):
    for line in ("seven", "about a seven"):
        heard, turn = _hear_at_the_rating_step(recognizer, line)
        reading = read_reply(RATING, heard)
        assert reading.kind == "answer" and reading.value == 7, heard
        assert heard.open_text == ""  # the full model never started
        assert not needs_confirming(RATING, heard, reading, Settings().listening.confirm_below)
        # the closed patience: the turn ends half a second (plus the detector's lag) after the last word
        assert turn.endpoint_delay <= Settings().listening.closed_trailing_silence + 0.15, turn
        assert turn.finalised_early


def test_a_crisis_statement_at_the_rating_step_is_heard_by_the_full_model_too(recognizer):
    heard, _ = _hear_at_the_rating_step(recognizer, CRISIS)
    assert heard.open_text, heard
    assert read_reply(RATING, heard).kind in ("crisis", "check_in"), heard


def test_an_unrelated_sentence_at_the_rating_step_is_never_kept_without_asking(recognizer):
    for voice, rate in (("en-us", 150), ("en-gb+f3", 170)):
        heard, _ = _hear_at_the_rating_step(recognizer, UNRELATED, voice, rate)
        reading = read_reply(RATING, heard)
        assert reading.kind != "answer" or needs_confirming(RATING, heard, reading, 0.6), heard


def test_replay_a_crisis_statement_at_the_rating_step_reaches_the_crisis_lines(tmp_path, test_model):
    wavs = answer_wavs(tmp_path / "answers", [*BEFORE_RATING, CRISIS])
    result, outcome, events = replay_session(tmp_path, test_model, wavs)
    assert result.returncode == 0, result.stderr
    assert "Just a number is fine" not in result.stdout, heard_texts(events)
    assert any(line in result.stdout for line in CRISIS_LINES), heard_texts(events)


def test_replay_an_unrelated_sentence_at_the_rating_step_is_not_stored_as_a_rating(tmp_path, test_model):
    wavs = answer_wavs(tmp_path / "answers", [*BEFORE_RATING, UNRELATED, "stop"])
    result, outcome, events = replay_session(tmp_path, test_model, wavs)
    assert result.returncode == 0, result.stderr
    assert outcome["activation"] == [] or "Did you say" in result.stdout, heard_texts(events)
    assert outcome["activation"] == [], heard_texts(events)


def test_replay_a_short_rating_is_kept_without_a_question(tmp_path, test_model):
    wavs = answer_wavs(tmp_path / "answers", [*BEFORE_RATING, "seven", "stop"])
    result, outcome, events = replay_session(tmp_path, test_model, wavs)
    assert result.returncode == 0, result.stderr
    assert "Did you say" not in result.stdout and "hurting" not in result.stdout, heard_texts(events)
    assert [(r["moment"], r["value"]) for r in outcome["activation"]] == [("before", 7)], heard_texts(events)


@pytest.mark.audio
def test_live_a_crisis_statement_at_the_rating_step_reaches_the_crisis_lines(tmp_path, test_model, isolated_pulse):
    wavs = answer_wavs(tmp_path / "answers", [*BEFORE_RATING, CRISIS, "stop", "stop"])
    code, out, err, outcome, events = LiveSession(tmp_path, test_model, wavs, "--rate", "300").run(timeout=300)
    assert "Traceback" not in err
    assert "Just a number is fine" not in out, heard_texts(events)
    assert any(line in out for line in CRISIS_LINES), heard_texts(events)


def test_replay_danger_said_after_the_crisis_lines_names_emergency_services(tmp_path, test_model):
    # the crisis choices are heard through a small grammar; "I already took them" is heard by the full model
    lines = ["", "my girlfriend", "I want to kill myself", "it's too late, I already took the pills", "stop"]
    result, outcome, events = replay_session(tmp_path, test_model, answer_wavs(tmp_path / "answers", lines))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    after_choices = out[out.index("Say repeat to hear the numbers again"):]
    assert "This sounds like an emergency. Please call 911 now" in after_choices, heard_texts(events)
    assert outcome["ended"] == "safety"
