"""mend's endpointer over synthetic frames: no model, no clock, every position exact."""

from __future__ import annotations

import pytest

from mend.audio.endpointing import Decision, Endpointer, EndpointSettings, FrameSplitter, VoiceActivity
from mend.audio.errors import RecognizerInputError
from tests.support.speech import blocks, concat, noise, silence, speech, voice_like, with_noise

FRAME = 0.02


def frames_of(seconds: float, voiced: bool) -> list[tuple[bytes, bool]]:
    count = round(seconds / FRAME)
    return [(bytes([1 if voiced else 0]) * 640, voiced) for _ in range(count)]


def run(endpointer: Endpointer, frames, partial=lambda: ""):
    """Push frames until a decision; return (decision, frames fed to the recognizer, steps seen)."""
    fed: list[bytes] = []
    steps = []
    for frame, voiced in frames:
        step = endpointer.push(frame, voiced, partial)
        steps.append(step)
        if step.restart:
            fed.clear()
        else:
            fed.extend(step.feed)
        if step.decision is not Decision.CONTINUE:
            return step.decision, fed, steps
    return Decision.CONTINUE, fed, steps


def test_silence_only_times_out_exactly_and_feeds_nothing():
    endpointer = Endpointer(trailing_silence=1.0, no_speech_timeout=2.0, max_utterance=10.0)
    decision, fed, steps = run(endpointer, frames_of(5.0, False))
    assert decision is Decision.SILENT
    assert endpointer.position == pytest.approx(2.0)
    assert fed == []  # nothing reaches the recognizer while nobody speaks
    assert endpointer.speech_start is None


def test_burst_then_silence_ends_after_exactly_the_trailing_silence():
    endpointer = Endpointer(trailing_silence=0.8, no_speech_timeout=5.0, max_utterance=10.0)
    frames = frames_of(1.0, False) + frames_of(0.5, True) + frames_of(3.0, False)
    decision, fed, _ = run(endpointer, frames, partial=lambda: "yes")
    assert decision is Decision.END
    assert endpointer.speech_start == pytest.approx(1.0)
    assert endpointer.speech_end == pytest.approx(1.5)
    assert endpointer.position - endpointer.speech_end == pytest.approx(0.8)
    # pre-roll (0.3 s) before the start was detected, then everything from there on
    assert len(fed) == round((endpointer.position - (1.0 + 3 * FRAME - 0.3)) / FRAME)


def test_pre_roll_keeps_the_first_syllable():
    endpointer = Endpointer(trailing_silence=0.5, no_speech_timeout=5.0, max_utterance=10.0)
    frames = frames_of(1.0, False) + frames_of(0.2, True)
    _, fed, steps = run(endpointer, frames)
    start_step = next(s for s in steps if s.feed)
    assert len(start_step.feed) == 15  # 300 ms of 20 ms frames
    assert sum(1 for f in start_step.feed if f[0] == 1) == 3  # ... ending in the voiced frames that started it


def test_pause_shorter_than_trailing_silence_does_not_end_the_turn():
    endpointer = Endpointer(trailing_silence=1.0, no_speech_timeout=5.0, max_utterance=20.0)
    frames = (
        frames_of(0.4, False)
        + frames_of(0.6, True)
        + frames_of(0.9, False)  # a thinking pause
        + frames_of(0.7, True)
        + frames_of(2.0, False)
    )
    decision, _, _ = run(endpointer, frames, partial=lambda: "words")
    assert decision is Decision.END
    assert endpointer.speech_end == pytest.approx(0.4 + 0.6 + 0.9 + 0.7)
    assert endpointer.position == pytest.approx(0.4 + 0.6 + 0.9 + 0.7 + 1.0)


def test_single_voiced_blips_in_the_silence_do_not_reset_the_trailing_silence():
    endpointer = Endpointer(trailing_silence=1.0, no_speech_timeout=5.0, max_utterance=20.0)
    tail = []
    for _ in range(10):
        tail += frames_of(0.18, False) + frames_of(0.02, True)
    decision, _, _ = run(endpointer, frames_of(0.5, True) + tail, partial=lambda: "words")
    assert decision is Decision.END
    assert endpointer.position == pytest.approx(1.5)


def test_max_utterance_closes_a_turn_that_never_pauses():
    endpointer = Endpointer(trailing_silence=1.0, no_speech_timeout=5.0, max_utterance=2.0)
    decision, fed, _ = run(endpointer, frames_of(0.5, False) + frames_of(10.0, True))
    assert decision is Decision.MAX_UTTERANCE
    assert endpointer.position - endpointer.speech_start == pytest.approx(2.0)
    assert fed  # the speech was handed to the recognizer


def test_a_click_the_recognizer_did_not_hear_is_a_false_start_not_an_answer():
    endpointer = Endpointer(trailing_silence=0.5, no_speech_timeout=3.0, max_utterance=10.0)
    frames = frames_of(0.5, False) + frames_of(0.08, True) + frames_of(5.0, False)
    decision, fed, steps = run(endpointer, frames, partial=lambda: "")
    assert any(s.restart for s in steps)
    assert endpointer.false_starts == 1
    assert decision is Decision.SILENT
    assert endpointer.position == pytest.approx(3.0)


def test_a_short_sound_the_recognizer_understood_is_an_answer():
    endpointer = Endpointer(trailing_silence=0.5, no_speech_timeout=3.0, max_utterance=10.0)
    frames = frames_of(0.5, False) + frames_of(0.08, True) + frames_of(5.0, False)
    decision, _, _ = run(endpointer, frames, partial=lambda: "no")
    assert decision is Decision.END


def test_partial_text_is_asked_for_only_when_the_turn_could_end():
    calls = []
    endpointer = Endpointer(trailing_silence=0.5, no_speech_timeout=3.0, max_utterance=10.0)
    frames = frames_of(0.5, False) + frames_of(1.0, True) + frames_of(1.0, False)
    decision, _, _ = run(endpointer, frames, partial=lambda: calls.append(1) or "hello")
    assert decision is Decision.END and len(calls) == 1


def test_decided_endpointer_stays_decided():
    endpointer = Endpointer(trailing_silence=0.5, no_speech_timeout=0.1, max_utterance=10.0)
    run(endpointer, frames_of(0.2, False))
    step = endpointer.push(bytes(640), True)
    assert step.decision is Decision.SILENT and step.feed == ()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"trailing_silence": 0},
        {"no_speech_timeout": -1},
        {"max_utterance": float("nan")},
        {"trailing_silence": "1"},
    ],
)
def test_invalid_limits_are_rejected(kwargs):
    values = {"trailing_silence": 1.0, "no_speech_timeout": 5.0, "max_utterance": 10.0} | kwargs
    with pytest.raises(RecognizerInputError):
        Endpointer(**values)


@pytest.mark.parametrize("kwargs", [{"frame_ms": 25}, {"vad_aggressiveness": 4}, {"start_frames": 6},
                                    {"early_final": -0.1}, {"early_final": float("nan")},
                                    {"pause_decoded": -1.0}, {"pause_decoded": float("nan")}, {"pause_decoded": "1"}])
def test_invalid_settings_are_rejected(kwargs):
    with pytest.raises(RecognizerInputError):
        EndpointSettings(**kwargs)


def test_silence_after_speech_counts_the_pause_and_drops_to_zero_when_speech_resumes():
    endpointer = Endpointer(trailing_silence=1.0, no_speech_timeout=5.0, max_utterance=10.0)
    run(endpointer, frames_of(0.3, False))
    assert endpointer.silence_after_speech == 0.0  # not in speech yet
    run(endpointer, frames_of(0.4, True))
    assert endpointer.silence_after_speech == 0.0
    run(endpointer, frames_of(0.26, False))
    assert endpointer.silence_after_speech == pytest.approx(0.26)  # what a listener compares with early_final
    run(endpointer, frames_of(0.06, True))  # three voiced frames in a row: speech again
    assert endpointer.silence_after_speech == 0.0 and endpointer.done is None


# --- the real voice detector on synthetic audio -------------------------------------------------------------


def classify(samples, settings=None) -> list[bool]:
    activity = VoiceActivity(settings)
    return [activity.is_speech(b) for b in blocks(samples)]


def test_detector_hears_voice_like_bursts_and_not_silence():
    flags = classify(concat(silence(0.5), voice_like(0.4, 120), silence(0.5), voice_like(0.4, 200), silence(0.5)))
    assert flags == [False] * 25 + [True] * 20 + [False] * 25 + [True] * 20 + [False] * 25



def test_detector_ignores_steady_noise_once_the_floor_is_known():
    flags = classify(noise(4.0, level=300))
    assert sum(flags[-100:]) == 0  # webrtcvad alone calls every one of these frames speech


@pytest.mark.parametrize("aggressiveness", [0, 3])
def test_detector_hears_speech_over_noise_at_any_aggressiveness(aggressiveness):
    said = speech("I felt hurt when you left the room")
    audio = with_noise(concat(silence(2.0), said, silence(0.5)), snr_db=15, seed=3)
    flags = classify(audio, EndpointSettings(vad_aggressiveness=aggressiveness))
    speech_frames = flags[100 : 100 + len(said) // 320]
    assert sum(speech_frames) >= 0.5 * len(speech_frames)
    assert sum(flags[60:100]) <= 2  # the noise before speech stays quiet


def test_bursts_with_a_short_gap_make_one_turn_through_detector_and_endpointer():
    audio = concat(silence(0.6), voice_like(0.5, 120), silence(0.7), voice_like(0.5, 180), silence(2.0))
    activity = VoiceActivity()
    endpointer = Endpointer(trailing_silence=1.0, no_speech_timeout=5.0, max_utterance=10.0)
    decision = Decision.CONTINUE
    for block in blocks(audio):
        decision = endpointer.push(block, activity.is_speech(block), lambda: "x").decision
        if decision is not Decision.CONTINUE:
            break
    assert decision is Decision.END
    assert endpointer.speech_start == pytest.approx(0.6, abs=0.05)
    assert endpointer.speech_end == pytest.approx(2.3, abs=0.05)
    assert endpointer.position - endpointer.speech_end == pytest.approx(1.0)


def test_frame_splitter_recuts_30ms_and_odd_blocks_into_20ms_frames():
    stream = bytes(range(256)) * 30
    splitter = FrameSplitter(640)
    frames = []
    for start in range(0, len(stream), 960):
        frames += splitter.push(stream[start : start + 960])
    assert all(len(f) == 640 for f in frames)
    assert b"".join(frames) == stream[: len(frames) * 640]
    assert len(frames) == len(stream) // 640
