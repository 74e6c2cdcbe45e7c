"""By voice, a rehearsed line comes back in the person's own voice: kept in memory for that one turn (the listener,
with the real model), played through the same output as mend's speech (real sounddevice into the virtual sink,
captured from its monitor), and never written anywhere (the session's data folder and temporary folder are
searched for it afterwards)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from mend.audio.listener import ListenRequest, VoiceListener
from mend.audio.recognizer import ModelLoader
from mend.audio.speaker import Speaker
from mend.audio.synth import Synthesizer
from mend.audio.turns import Recording
from mend.audio.wavio import read_wav_16k_mono
from tests.support.audio import MonitorRecorder, best_alignment, samples_of, speech_segments
from tests.support.audio import isolated_pulse  # noqa: F401 (a fixture: a private sound server per module)
from tests.support.cli import REPO
from tests.support.flows import MINI_FLOW, mutate
from tests.support.speech import BytesSource, have_espeak, noise, room, speech
from tests.support.voice import answer_wavs, mend_env, read_events

pytestmark = [pytest.mark.model, pytest.mark.skipif(not have_espeak(), reason="espeak-ng is not installed")]

LINE = "I have been thinking about Sunday and I am sorry I raised my voice"
RATE = 16000
# the small test flow with its first question turned into one rehearsal turn, so the live test needs seconds,
# not the whole repair flow's minutes (its number can never be high: the flow goes straight to its end)
PRACTICE_FLOW = mutate(MINI_FLOW, 'expects = "number"\nslot = "level"\n',
                       'expects = "free"\nslot = "level"\nplay_back = true\n')


@pytest.fixture(scope="module")
def recognizer(test_model):
    return ModelLoader(test_model).start().recognizer(timeout=60)


def _speech_only(samples: np.ndarray) -> np.ndarray:
    segments = speech_segments(samples)
    return samples[int(segments[0][0] * RATE): int(segments[-1][1] * RATE)]


def test_the_listener_keeps_an_answer_only_when_asked_and_without_the_silence_that_ended_it(recognizer):
    said = speech(LINE)
    audio = room(noise(0.6, 0), said, noise(2.0, 0))
    request = ListenRequest(None, trailing_silence=1.5, no_speech_timeout=5.0, max_utterance=30.0)
    plain = VoiceListener(BytesSource(audio), recognizer).listen(request)
    assert plain.recording is None and plain.text
    kept = VoiceListener(BytesSource(audio), recognizer).listen(
        ListenRequest(None, trailing_silence=1.5, no_speech_timeout=5.0, max_utterance=30.0, keep_recording=True))
    assert "voice" in kept.text and kept.recording is not None and kept.recording.rate == RATE
    recorded = samples_of(bytes(kept.recording.samples))
    # the whole answer, from its pre-roll to a short tail: not the 1.5 s of quiet that ended the turn
    assert len(said) / RATE <= kept.recording.seconds <= len(said) / RATE + 0.3 + 0.25 + 0.2
    _, correlation = best_alignment(recorded, np.asarray(said, dtype=np.float32))
    assert correlation > 0.95
    kept.recording.discard()
    assert len(kept.recording.samples) == 0


@pytest.mark.audio
def test_the_speaker_plays_a_recording_through_the_device_it_speaks_with(isolated_pulse, tmp_path):
    said = np.asarray(speech(LINE), dtype=np.int16)
    speaker = Speaker(Synthesizer(cache_dir=tmp_path / "speech"))
    with MonitorRecorder() as recorder:
        time.sleep(0.1)
        assert speaker.play(Recording(bytearray(said.tobytes()), RATE)) is True
        time.sleep(0.3)
    timing = speaker.last_timing
    captured = recorder.samples()
    _, correlation = best_alignment(captured, said.astype(np.float32))
    assert correlation > 0.95
    heard = speech_segments(captured)
    assert heard[-1][1] - heard[0][0] == pytest.approx(len(_speech_only(said.astype(np.float32))) / RATE, abs=0.1)
    assert timing.ended == pytest.approx(recorder.start_time + heard[-1][1], abs=0.15)  # returns when it is over
    assert not speaker.speaking.is_set()


def _files(*folders: Path) -> list[Path]:
    return [path for folder in folders if folder.exists() for path in folder.rglob("*") if path.is_file()]


def _holds(path: Path, source: np.ndarray) -> float:
    """How much of the line a file holds: the best correlation with it, read as a WAV or as raw 16-bit samples."""
    data = path.read_bytes()
    if len(data) < len(source):  # shorter than half the line's samples: cannot hold it
        return 0.0
    try:
        samples = samples_of(read_wav_16k_mono(path)) if data[:4] == b"RIFF" else samples_of(data[: len(data) // 2 * 2])
    except Exception:
        samples = samples_of(data[: len(data) // 2 * 2])
    if len(samples) < len(source):
        return 0.0
    return best_alignment(samples, source)[1]


@pytest.mark.audio
def test_a_spoken_rehearsal_is_played_back_in_the_persons_own_voice_and_never_stored(isolated_pulse, tmp_path,
                                                                                      test_model):
    """The microphone is a second virtual sink's monitor (as with headphones), so what the output's monitor records
    around the playback is mend's output only."""
    flow = tmp_path / "practice.toml"
    flow.write_text(PRACTICE_FLOW, encoding="utf-8")
    home, temp = tmp_path / "home", tmp_path / "tmp"
    temp.mkdir()
    answer = answer_wavs(tmp_path / "answers", [LINE])[0]
    source = _speech_only(samples_of(read_wav_16k_mono(answer)))
    events_path, summary = tmp_path / "events.jsonl", tmp_path / "summary.json"
    env = mend_env(home, test_model, events_path, {"PULSE_SOURCE": "micsink.monitor", "TMPDIR": str(temp)})
    with MonitorRecorder() as recorder:
        process = subprocess.Popen(
            [sys.executable, "-m", "mend.assistant.cli", "session", "--flow", str(flow), "--no-pauses", "--no-save",
             "--rate", "300", "--summary-json", str(summary)], cwd=REPO, env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            answered, deadline = False, time.monotonic() + 180
            while process.poll() is None and time.monotonic() < deadline:
                if not answered and any(e["event"] == "listen" for e in read_events(events_path)):
                    time.sleep(0.2)  # the microphone is live once the listening turn has begun
                    subprocess.run(["paplay", "--latency-msec=20", "-d", "micsink", str(answer)], check=True,
                                   timeout=30)
                    answered = True
                time.sleep(0.05)
            out, err = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
        time.sleep(0.3)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    outcome = json.loads(summary.read_text())
    assert outcome["ended"] == "completed" and outcome["steps_visited"] == ["ask", "done"]
    events = read_events(events_path)
    played = [e for e in events if e["event"] == "played"]
    assert len(played) == 1 and played[0]["played"] is True, events
    assert any(e["event"] == "play" and e["seconds"] >= len(source) / RATE for e in events)
    # what the output carried while mend played the recording back is the line, as it was said
    captured = recorder.samples()
    start = int((played[0]["first_sample"] - recorder.start_time - 0.5) * RATE)
    end = int((played[0]["ended"] - recorder.start_time + 0.5) * RATE)
    window = captured[max(0, start): end]
    _, correlation = best_alignment(window, source)
    assert correlation > 0.9, correlation
    # and nowhere else: the answer went into the other sink, so the output never carried it but for the playback
    before = captured[: max(0, start)]
    assert len(before) <= len(source) or best_alignment(before, source)[1] < 0.5
    # nothing of it was written: not in mend's data folder (cache included), not in its temporary folder
    files = _files(home, temp)
    assert files, "mend wrote nothing at all, so this check would prove nothing"
    assert all(_holds(path, source) < 0.5 for path in files), [(p, _holds(p, source)) for p in files]
    assert not [p for p in files if p.suffix in (".wav", ".raw", ".pcm") and "speech" not in p.parts]
