"""Synthesis (real pyttsx3/espeak-ng) and playback (real sounddevice into the virtual sink, captured from its
monitor): every sentence is heard whole and in order, stop() is prompt, a slower rate is really slower."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from mend.audio.errors import DeviceError, SynthesisError
from mend.audio.speaker import FileSpeaker, Speaker, split_sentences
from mend.audio.synth import Synthesizer
from mend.audio.wavio import read_wav, read_wav_16k_mono, wav_duration
from tests.support.audio import MonitorRecorder, speech_segments
from tests.support.audio import isolated_pulse  # noqa: F401 (a fixture: private sound server)

SENTENCES = ["Hello there.", "This is the second sentence!", "And here is a third one?"]


@pytest.fixture
def synth(tmp_path):
    return Synthesizer(cache_dir=tmp_path / "speech")


def speech_seconds(path) -> float:
    samples, rate = read_wav(path)
    segments = speech_segments(samples * 32768, rate)
    return segments[-1][1] - segments[0][0] if segments else 0.0


# -- sentences and synthesis --------------------------------------------------------------------------------------

def test_split_sentences_keeps_pacing_marks_inside():
    assert split_sentences("One. Two!  Three? ") == ["One.", "Two!", "Three?"]
    assert split_sentences("Breathe in… two… three. Out.") == ["Breathe in… two… three.", "Out."]
    assert split_sentences('He said "stop." Then left.') == ['He said "stop."', "Then left."]
    assert split_sentences("   ") == []


def test_synthesis_gives_a_complete_trimmed_private_wav(synth):
    path = synth.synthesize("Take a slow breath.")
    samples, rate = read_wav(path)
    assert rate == 22050 and 0.5 < len(samples) / rate < 3.0
    first_loud = int(np.flatnonzero(np.abs(samples) > 200 / 32768)[0])
    assert first_loud / rate < 0.01                                 # espeak's ~44 ms lead-in silence is gone
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(synth.cache_dir).st_mode) == 0o700
    assert not [p for p in synth.cache_dir.iterdir() if p.name.startswith(".")]   # no temp files left


def test_cache_hit_returns_the_same_file_without_synthesising(synth):
    first = synth.synthesize("Notice what your body is doing.", persistent=True)
    mtime, renders = first.stat().st_mtime_ns, synth.renders
    again = synth.synthesize("  Notice what your body   is doing. ")   # now known: served from the cache
    assert again == first and again.stat().st_mtime_ns == mtime
    assert synth.renders == renders and synth.cache_hits == 1


def test_a_text_not_known_in_advance_is_never_cached_and_is_deleted_once_released(synth):
    text = "You said the garden party hurt."
    path = synth.synthesize(text)
    folder = synth.ephemeral_dir
    assert path.parent == folder and folder.parent != synth.cache_dir and synth.cache_dir not in folder.parents
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700 and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert wav_duration(path) > 0.5
    assert not synth.cache_path(text).exists() and list(synth.cache_dir.iterdir()) == []
    synth.release(path)
    assert not path.exists() and folder.exists()
    again = synth.synthesize(text)                                  # rendered afresh, never from the cache
    assert again != path and synth.cache_hits == 0
    synth.close()
    assert not folder.exists() and synth.ephemeral_dir is None
    assert list(synth.cache_dir.iterdir()) == []


def test_known_texts_are_cached_and_release_never_deletes_them(tmp_path):
    synth = Synthesizer(cache_dir=tmp_path / "speech", known_texts=["Take a slow breath."])
    synth.remember(["Notice your  shoulders."])
    paths = [synth.synthesize(t) for t in ("Take a slow breath.", "Notice your shoulders.")]
    assert paths == [synth.cache_path("Take a slow breath."), synth.cache_path("Notice your shoulders.")]
    for path in paths:
        synth.release(path)
    synth.close()
    assert all(p.exists() for p in paths) and synth.is_known(" Notice your shoulders. ")
    assert not synth.is_known("Something else.")


def test_file_speaker_leaves_no_file_of_a_private_line(tmp_path, synth):
    known = "Take your time."
    private = "Your words were about the garden party."
    synth.prefetch([known])[0].result(timeout=15)
    speaker = FileSpeaker(synth, tmp_path / "said.wav")
    speaker.say(f"{known} {private}")
    assert synth.ephemeral_dir is not None and list(synth.ephemeral_dir.iterdir()) == []   # deleted once played
    assert not synth.cache_path(private).exists()
    assert sorted(synth.cache_dir.iterdir()) == [synth.cache_path(known)]
    assert speaker.last_timing.audio_seconds > 1.5                  # both sentences were spoken
    speaker.close()
    synth.close()


def test_an_unusable_cache_folder_still_speaks_from_temporary_files(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    synth = Synthesizer(cache_dir=blocker / "speech")                # mkdir fails: as on a read-only disk
    assert synth.caching is False
    path = synth.synthesize("Breathe out slowly.", persistent=True)
    assert path.parent == synth.ephemeral_dir and wav_duration(path) > 0.5
    synth.close()
    assert not path.exists()


def test_temporary_folders_left_by_a_killed_process_are_swept(tmp_path, monkeypatch):
    import tempfile

    from mend.audio.synth import EPHEMERAL_PREFIX

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    abandoned = tmp_path / f"{EPHEMERAL_PREFIX}{dead.pid}-x"
    abandoned.mkdir()
    (abandoned / "line-1.wav").write_bytes(b"RIFF")
    alive = tmp_path / f"{EPHEMERAL_PREFIX}{os.getppid()}-y"        # a running process's folder stays
    alive.mkdir()
    synth = Synthesizer(cache_dir=tmp_path / "speech")
    synth.synthesize("Something only said once.")
    assert not abandoned.exists() and alive.exists()
    synth.close()


def test_cache_key_covers_rate_voice_and_volume(synth):
    base = synth.cache_path("Hello.")
    synth.rate_wpm = 120
    slower = synth.cache_path("Hello.")
    synth.rate_wpm, synth.volume = 165, 0.5
    quieter = synth.cache_path("Hello.")
    synth.volume, synth.voice = 1.0, "gmw/en-us"
    voiced = synth.cache_path("Hello.")
    assert len({base, slower, quieter, voiced}) == 4


def test_rate_change_takes_effect_on_the_next_prompt(synth):
    text = "Take your time, there is no hurry at all."
    normal = wav_duration(synth.synthesize(text))
    synth.rate_wpm = 110
    slow = wav_duration(synth.synthesize(text))
    synth.rate_wpm = 240
    fast = wav_duration(synth.synthesize(text))
    assert slow > normal * 1.3 and fast < normal * 0.8


def test_an_ignored_rate_change_is_detected_and_repaired(synth, monkeypatch):
    """Simulate pyttsx3 dropping the rate change: the calibration check notices and re-creates the engine."""
    text = "Slowly now, one word at a time."
    normal = wav_duration(synth.synthesize(text))
    worker = synth._worker
    driver = worker.engine.proxy._driver
    original = driver.setProperty

    def ignore_rate(name, value):
        if name != "rate":
            original(name, value)

    monkeypatch.setattr(driver, "setProperty", ignore_rate)
    restarts = worker.engine_restarts
    synth.rate_wpm = 100
    slow = wav_duration(synth.synthesize(text))
    assert worker.engine_restarts == restarts + 1
    assert slow > normal * 1.4


def test_prefetch_fills_the_cache_in_the_background(synth):
    texts = [f"Prompt number {n}." for n in range(4)]
    futures = synth.prefetch(texts)
    paths = [f.result(timeout=10) for f in futures]
    renders = synth.renders
    assert [synth.synthesize(t) for t in texts] == paths
    assert synth.renders == renders


def test_concurrent_callers_all_get_complete_files(synth):
    results: dict[int, object] = {}

    def work(n: int) -> None:
        results[n] = synth.synthesize(f"Caller {n} says hello.")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert len({str(p) for p in results.values()}) == 6
    assert all(wav_duration(p) > 0.5 for p in results.values())


def test_unavailable_engine_is_a_synthesis_error(tmp_path, monkeypatch):
    import pyttsx3

    from mend.audio import synth as synth_module

    def broken(*args, **kwargs):
        raise RuntimeError("could not initialize espeak")

    monkeypatch.setattr(pyttsx3, "init", broken)
    monkeypatch.setattr(pyttsx3, "Engine", broken)
    monkeypatch.setattr(synth_module._EngineWorker, "_instance", None)
    broken_synth = Synthesizer(cache_dir=tmp_path / "speech")
    with pytest.raises(SynthesisError) as caught:
        broken_synth.synthesize("Hello.")
    assert "speech synthesis is unavailable" in caught.value.message
    assert "espeak-ng" in caught.value.hint and "captions" in caught.value.hint


# -- playback on the virtual device --------------------------------------------------------------------------------

@pytest.mark.audio
def test_speaker_plays_every_sentence_whole_and_in_order(isolated_pulse, synth):
    lengths = [speech_seconds(synth.synthesize(s)) for s in SENTENCES]
    captions: list[str] = []
    speaker = Speaker(synth, on_caption=captions.append)
    with MonitorRecorder() as recorder:
        time.sleep(0.1)
        speaker.say(" ".join(SENTENCES))
        time.sleep(0.3)
    timing = speaker.last_timing
    heard = speech_segments(recorder.samples())
    assert len(heard) == len(SENTENCES)
    for (start, end), expected in zip(heard, lengths):
        assert end - start == pytest.approx(expected, abs=0.05)
    assert captions == [" ".join(SENTENCES)]
    assert timing.start_latency < 0.1
    heard_end = recorder.start_time + heard[-1][1]
    assert timing.ended == pytest.approx(heard_end, abs=0.1)       # say() returns when the sound is over
    assert not speaker.speaking.is_set()


@pytest.mark.audio
def test_stop_interrupts_within_100_ms(isolated_pulse, synth):
    speaker = Speaker(synth)
    text = "This is a long prompt that keeps going for several seconds so that it can be interrupted."
    synth.synthesize(text)
    stopped_at: list[float] = []

    def stop_soon() -> None:
        assert speaker.speaking.wait(2.0)
        time.sleep(0.6)
        stopped_at.append(time.monotonic())
        speaker.stop()

    with MonitorRecorder() as recorder:
        helper = threading.Thread(target=stop_soon)
        helper.start()
        speaker.say(text)
        returned = time.monotonic()
        helper.join()
        time.sleep(0.3)
    assert speaker.last_timing.interrupted
    assert returned - stopped_at[0] < 0.1
    last_sound = recorder.start_time + speech_segments(recorder.samples(), min_gap=0.3)[-1][1]
    assert last_sound - stopped_at[0] < 0.1


@pytest.mark.audio
def test_slower_rate_makes_the_next_prompt_longer(isolated_pulse, synth):
    speaker = Speaker(synth)
    text = "Let us try that once more."
    speaker.say(text)
    normal = speaker.last_timing.ended - speaker.last_timing.first_sample
    assert speaker.set_rate_factor(0.7) == 0.7
    speaker.say(text)
    slower = speaker.last_timing.ended - speaker.last_timing.first_sample
    assert slower > normal * 1.25
    assert speaker.set_rate_factor(5) == 1.6                        # bounded


@pytest.mark.audio
def test_speaking_flag_is_set_only_while_speaking(isolated_pulse, synth):
    speaker = Speaker(synth)
    seen: list[bool] = []
    probe = threading.Timer(0.2, lambda: seen.append(speaker.speaking.is_set()))
    probe.start()
    speaker.say("One moment please. I am still talking.")
    probe.join()
    assert seen == [True] and not speaker.speaking.is_set()
    started = time.monotonic()
    speaker.say("   ")
    assert time.monotonic() - started < 0.05


@pytest.mark.audio
def test_unknown_output_device_is_a_device_error(isolated_pulse, synth):
    with pytest.raises(DeviceError, match="no output device matches"):
        Speaker(synth, device="no such speaker")


# -- speaking into a file ---------------------------------------------------------------------------------------

def test_file_speaker_writes_speech_with_simulated_gaps(tmp_path, synth):
    out = tmp_path / "said.wav"
    synth.remember(["Hello there.", "How are you?", "Good."])         # cached, so the parts below are the same audio
    speaker = FileSpeaker(synth, out, simulate=True, gap=1.0, sentence_gap=0.25)
    speaker.say("Hello there. How are you?")
    speaker.say("Good.")
    speaker.close()
    parts = [read_wav_16k_mono(synth.synthesize(s)) for s in ("Hello there.", "How are you?", "Good.")]
    expected = sum(len(p) for p in parts) / 32000 + 0.25 + 1.0
    assert wav_duration(out) == pytest.approx(expected, abs=0.01)
    pcm = read_wav_16k_mono(out)
    assert pcm.startswith(parts[0]) and pcm.endswith(parts[2])


def test_file_speaker_uses_real_elapsed_silence(tmp_path, synth):
    out = tmp_path / "said.wav"
    speaker = FileSpeaker(synth, out)
    speaker.say("First.")
    after_first = speaker.seconds_written
    time.sleep(0.4)
    speaker.say("Second.")
    gap_written = speaker.seconds_written - after_first - speaker.last_timing.audio_seconds
    assert gap_written == pytest.approx(0.4, abs=0.08)
    assert wav_duration(out) == pytest.approx(speaker.seconds_written, abs=0.001)   # valid after every say
    speaker.close()
