"""Which speech engine each platform gets. Only the Linux path (espeak-ng) can run here: the macOS and Windows
path is checked with a stand-in pyttsx3 engine that writes a WAV, so what is verified is the selection and the
public pyttsx3 calls, not the platform's own voices."""

from __future__ import annotations

import sys
from types import SimpleNamespace

import numpy as np
import pytest

from mend.audio import synth_portable
from mend.audio.espeak_worker import EngineWorker
from mend.audio.synth import Synthesizer
from mend.audio.synth_portable import PortableWorker, driver_name, worker_class
from mend.audio.wavio import read_wav, write_wav


@pytest.mark.parametrize("platform, driver, worker", [
    ("linux", "espeak", EngineWorker), ("darwin", "nsss", PortableWorker), ("win32", "sapi5", PortableWorker),
    ("cygwin", "sapi5", PortableWorker), ("freebsd14", "espeak", EngineWorker),
])
def test_the_engine_is_chosen_by_platform(monkeypatch, platform, driver, worker):
    assert driver_name(platform) == driver and worker_class(platform) is worker
    monkeypatch.setattr(sys, "platform", platform)
    assert driver_name() == driver and worker_class() is worker


class StandInEngine:
    """pyttsx3's public Engine surface: properties, save_to_file, runAndWait (which writes the queued files)."""

    def __init__(self, driver):
        self.driver, self.properties, self.queued, self.saved = driver, {}, [], []

    def setProperty(self, name, value):
        self.properties[name] = value

    def getProperty(self, name):
        return [SimpleNamespace(id="stand-in-voice")] if name == "voices" else self.properties.get(name)

    def save_to_file(self, text, path):
        self.queued.append((text, path))

    def runAndWait(self):
        for text, path in self.queued:
            rate = 22050
            tone = 0.3 * np.sin(2 * np.pi * 220 * np.arange(rate // 2) / rate)
            write_wav(path, (np.concatenate([np.zeros(2000), tone]) * 32767).astype("<i2").tobytes(), rate)
            self.saved.append((text, dict(self.properties)))
        self.queued.clear()


def test_windows_speech_goes_through_pyttsx3s_own_driver(monkeypatch, tmp_path):
    import pyttsx3

    engines = []

    def init(driverName=None, debug=False):
        engines.append(StandInEngine(driverName))
        return engines[-1]

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(pyttsx3, "init", init)
    monkeypatch.setattr(PortableWorker, "_instance", None)
    synth = Synthesizer(voice="stand-in-voice", rate_wpm=150, cache_dir=tmp_path / "speech")
    try:
        path = synth.synthesize("Let us take a slow breath.", persistent=True)
        samples, rate = read_wav(path)
        assert rate == 22050 and len(samples) < 11025 + 1000     # the leading silence was trimmed
        assert [e.driver for e in engines] == ["sapi5"]
        assert engines[0].saved == [("Let us take a slow breath.",
                                     {"voice": "stand-in-voice", "rate": 150, "volume": 1.0})]
        assert "sapi5" in synth._worker.engine_version and synth.voices() == ["stand-in-voice"]
    finally:
        synth.close()
        monkeypatch.setattr(PortableWorker, "_instance", None)


def test_a_missing_platform_engine_is_a_hinted_error(monkeypatch, tmp_path):
    import pyttsx3

    from mend.audio.errors import SynthesisError

    def broken(*args, **kwargs):
        raise RuntimeError("no such driver")

    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(pyttsx3, "init", broken)
    monkeypatch.setattr(PortableWorker, "_instance", None)
    synth = Synthesizer(cache_dir=tmp_path / "speech")
    with pytest.raises(SynthesisError) as caught:
        synth.synthesize("Hello.")
    assert "unavailable" in caught.value.message and caught.value.hint == synth_portable.PORTABLE_HINT
    monkeypatch.setattr(PortableWorker, "_instance", None)
