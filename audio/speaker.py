"""Say text aloud: synthesise sentence by sentence and play through sounddevice, returning when the sound is over.

Sentence 1 starts playing while later sentences are still being synthesised, so the person hears speech almost at
once even for long prompts. Playback is ours (not pyttsx3's aplay) so it can be stopped mid-word, timed exactly for
half-duplex listening, and sent to the chosen device. `FileSpeaker` writes the same speech into a WAV instead of a
device, for replay mode and for tests that need no sound server.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from audio.devices import resolve_device, sounddevice_module
from audio.errors import DeviceError
from audio.wavio import TARGET_RATE, read_wav, samples_to_16k_int16

RATE_FACTOR_RANGE = (0.6, 1.6)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"'”’)\]])\s+")


def split_sentences(text: str) -> list[str]:
    """Split at ., ! or ? followed by space; ellipses and commas stay inside a sentence (they are pacing)."""
    parts = [p.strip() for p in _SENTENCE_END.split(" ".join(str(text).split()))]
    return [p for p in parts if p]


@dataclass
class SpeechTiming:
    """time.monotonic() marks for one say(): for benchmarks and for half-duplex listening."""
    requested: float                  # say() was called
    first_sample: float | None = None  # the first speech sample was handed to the device
    ended: float | None = None        # playback finished (or was stopped)
    interrupted: bool = False
    audio_seconds: float = 0.0        # total speech audio handed over, excluding gaps

    @property
    def start_latency(self) -> float | None:
        return None if self.first_sample is None else self.first_sample - self.requested


class _Feed:
    """Audio waiting to be played, filled by say() and drained by the PortAudio callback."""

    def __init__(self) -> None:
        self.chunks: list[np.ndarray] = []
        self.offset = 0
        self.complete = False
        self.lock = threading.Lock()

    def add(self, samples: np.ndarray) -> None:
        with self.lock:
            self.chunks.append(samples)

    def fill(self, out: np.ndarray) -> int:
        """Copy up to len(out) samples into out; returns how many were real audio (the rest is zeroed)."""
        written = 0
        with self.lock:
            while written < len(out) and self.chunks:
                head = self.chunks[0]
                take = min(len(out) - written, len(head) - self.offset)
                out[written:written + take] = head[self.offset:self.offset + take]
                written += take
                self.offset += take
                if self.offset >= len(head):
                    self.chunks.pop(0)
                    self.offset = 0
        out[written:] = 0
        return written

    def drained(self) -> bool:
        with self.lock:
            return self.complete and not self.chunks


class _SpeakerBase:
    """Shared by the device and file speakers: sentence pipeline, rate factor, captions, speaking flag."""

    def __init__(self, synth, on_caption: Callable[[str], None] | None, sentence_gap: float) -> None:
        self.synth = synth
        self.on_caption = on_caption
        self.sentence_gap = sentence_gap
        self.base_rate_wpm = synth.rate_wpm
        self.rate_factor = 1.0
        self.speaking = threading.Event()
        self.last_timing: SpeechTiming | None = None
        self._stop = threading.Event()
        self._say_lock = threading.Lock()

    def set_rate_factor(self, factor: float) -> float:
        """Slower (<1) or faster (>1) speech for every later prompt; bounded to 0.6..1.6. Returns the factor used."""
        low, high = RATE_FACTOR_RANGE
        self.rate_factor = float(min(high, max(low, factor)))
        self.synth.rate_wpm = self.base_rate_wpm * self.rate_factor
        return self.rate_factor

    def stop(self) -> None:
        """Stop speaking at once (safe from any thread); say() then returns."""
        self._stop.set()

    def _sentences(self, text: str) -> list:
        sentences = split_sentences(text)
        if sentences and self.on_caption is not None:
            self.on_caption(" ".join(sentences))
        return [self.synth.submit(s) for s in sentences]   # the worker renders them in order: pipelined

    @staticmethod
    def _load(future) -> tuple[np.ndarray, int]:
        samples, rate = read_wav(future.result())
        return samples, rate


class Speaker(_SpeakerBase):
    """Plays synthesised speech on an output device (index, name substring or None for the default)."""

    def __init__(self, synth, device: int | str | None = None, on_caption: Callable[[str], None] | None = None,
                 sentence_gap: float = 0.25, latency: str | float = 0.04) -> None:
        super().__init__(synth, on_caption, sentence_gap)
        self._sd = sounddevice_module()
        self.device = resolve_device(device, "output")
        self.latency = latency
        self._stream = None
        self._audible_until = 0.0

    def say(self, text: str) -> None:
        """Speak `text` and return exactly when playback has finished (or stop() was called)."""
        with self._say_lock:
            self._stop.clear()
            timing = SpeechTiming(requested=time.monotonic())
            self.last_timing = timing
            futures = self._sentences(text)
            if not futures:
                timing.ended = time.monotonic()
                return
            self.speaking.set()
            try:
                self._play(futures, timing)
            finally:
                for future in futures:
                    future.cancel()
                self.speaking.clear()
                if timing.ended is None:
                    timing.ended = time.monotonic()

    def _open(self, rate: int, feed: _Feed, timing: SpeechTiming, done: threading.Event):
        sd = self._sd

        def callback(outdata, frames, time_info, status) -> None:
            out = np.frombuffer(outdata, dtype=np.float32)
            if self._stop.is_set():
                out[:] = 0
                raise sd.CallbackAbort
            real = feed.fill(out)
            now = time.monotonic()
            if real and timing.first_sample is None:
                timing.first_sample = now
            if real:   # when the last real sample will leave the device, on the monotonic clock
                ahead = time_info.outputBufferDacTime - time_info.currentTime
                ahead = ahead if 0.0 <= ahead < 1.0 else frames / rate
                self._audible_until = now + ahead + real / rate
            if real < frames and feed.drained():
                raise sd.CallbackStop

        def finished() -> None:
            timing.ended = time.monotonic()
            done.set()

        return sd.RawOutputStream(samplerate=rate, channels=1, dtype="float32", device=self.device,
                                  latency=self.latency, callback=callback, finished_callback=finished)

    def _open_any(self, rate: int, feed: _Feed, timing: SpeechTiming, done: threading.Event):
        """Open at the voice's rate, or at the device's own rate if it refuses that one. Returns (stream, rate)."""
        sd = self._sd
        try:
            try:
                return self._open(rate, feed, timing, done), rate
            except sd.PortAudioError as exc:
                if "sample rate" not in str(exc).lower():
                    raise
                device_rate = int(sd.query_devices(self.device, kind="output")["default_samplerate"])
                return self._open(device_rate, feed, timing, done), device_rate
        except (sd.PortAudioError, ValueError) as exc:
            raise DeviceError(f"the speaker cannot be opened ({exc})") from None

    def _play(self, futures: list, timing: SpeechTiming) -> None:
        sd = self._sd
        samples, voice_rate = self._load(futures[0])
        feed, done = _Feed(), threading.Event()
        stream, rate = self._open_any(voice_rate, feed, timing, done)
        gap = np.zeros(int(self.sentence_gap * rate), dtype=np.float32)
        samples = _resample(samples, voice_rate, rate)
        feed.add(samples)
        timing.audio_seconds = len(samples) / rate
        self._stream = stream
        try:
            stream.start()
            for future in futures[1:]:
                if self._wait_or_stop(future):
                    break
                more, more_rate = self._load(future)
                more = _resample(more, more_rate, rate)
                feed.add(gap)
                feed.add(more)
                timing.audio_seconds += len(more) / rate
            feed.complete = True
            self._wait_done(done, feed, rate, timing)
        except sd.PortAudioError as exc:
            raise DeviceError(f"the speaker stopped working ({exc})") from None
        finally:
            self._stream = None
            try:
                stream.abort() if self._stop.is_set() else stream.stop()
                stream.close()
            except Exception:   # a vanished device must not turn a finished prompt into an error
                pass

    def _wait_or_stop(self, future) -> bool:
        while not future.done():
            if self._stop.wait(0.005):
                return True
        return self._stop.is_set()

    def _wait_done(self, done: threading.Event, feed: _Feed, rate: int, timing: SpeechTiming) -> None:
        with feed.lock:
            left = sum(len(c) for c in feed.chunks) - feed.offset
        deadline = time.monotonic() + left / rate + 2.0
        while not done.wait(0.005):
            if self._stop.is_set():
                break
            if time.monotonic() > deadline:
                raise DeviceError("the speaker stopped playing (device unplugged or sound server gone)")
        if self._stop.is_set():
            timing.interrupted = True
            done.wait(0.05)   # the callback aborts on its next period
            timing.ended = time.monotonic()
            return
        if not feed.drained():   # the stream ended by itself with speech still queued: the device went away
            raise DeviceError("the speaker stopped playing (device unplugged or sound server gone)")
        # PortAudio reports the end when the last buffer is handed over; the sound is heard a latency later
        while time.monotonic() < self._audible_until and not self._stop.wait(0.002):
            pass
        timing.interrupted = self._stop.is_set()
        timing.ended = time.monotonic()

    def close(self) -> None:
        self.stop()


def _resample(samples: np.ndarray, rate: int, target: int) -> np.ndarray:
    if rate == target:
        return samples
    import soxr
    return soxr.resample(samples, rate, target).astype(np.float32)


class FileSpeaker(_SpeakerBase):
    """Writes everything said into one 16 kHz mono WAV (for `--audio-out` and replay), without any device.

    Between prompts it writes the silence that really passed (monotonic clock, capped at `max_gap`), or a fixed
    `gap` when `simulate=True`, so the file can be replayed with the original pacing. With `realtime=True`,
    say() takes as long as the speech would, like a real speaker.
    """

    def __init__(self, synth, path: str | Path, on_caption: Callable[[str], None] | None = None,
                 sentence_gap: float = 0.25, simulate: bool = False, gap: float = 1.0, max_gap: float = 30.0,
                 realtime: bool = False) -> None:
        super().__init__(synth, on_caption, sentence_gap)
        import wave
        self.path = Path(path)
        self.simulate = simulate
        self.gap = gap
        self.max_gap = max_gap
        self.realtime = realtime
        self.seconds_written = 0.0
        self._last_end: float | None = None
        try:
            self._writer = wave.open(str(self.path), "wb")
        except OSError as exc:
            raise DeviceError(f"cannot write speech audio to {self.path} ({exc.strerror or exc})",
                              "Choose a writable path for --audio-out.") from None
        self._writer.setnchannels(1)
        self._writer.setsampwidth(2)
        self._writer.setframerate(TARGET_RATE)

    def _write(self, pcm: bytes) -> None:
        self._writer.writeframes(pcm)   # wave patches the header on every write, so the file is always valid
        self.seconds_written += len(pcm) / 2 / TARGET_RATE

    def say(self, text: str) -> None:
        with self._say_lock:
            self._stop.clear()
            now = time.monotonic()
            timing = SpeechTiming(requested=now)
            self.last_timing = timing
            futures = self._sentences(text)
            if not futures:
                timing.ended = now
                return
            if self._last_end is not None:
                pause = self.gap if self.simulate else min(self.max_gap, max(0.0, now - self._last_end))
                self._write(bytes(int(pause * TARGET_RATE) * 2))
            self.speaking.set()
            try:
                timing.first_sample = time.monotonic()
                for index, future in enumerate(futures):
                    if self._stop.is_set():
                        timing.interrupted = True
                        break
                    samples, rate = self._load(future)
                    pcm = samples_to_16k_int16(samples, rate)
                    if index:
                        self._write(bytes(int(self.sentence_gap * TARGET_RATE) * 2))
                    self._write(pcm)
                    timing.audio_seconds += len(pcm) / 2 / TARGET_RATE
                    if self.realtime and self._stop.wait(len(pcm) / 2 / TARGET_RATE):
                        timing.interrupted = True
                        break
            finally:
                for future in futures:
                    future.cancel()
                self.speaking.clear()
                timing.ended = time.monotonic()
                self._last_end = timing.ended

    def close(self) -> None:
        self.stop()
        try:
            self._writer.close()
        except Exception:
            pass


WavRecorderSpeaker = FileSpeaker

__all__ = ["Speaker", "FileSpeaker", "WavRecorderSpeaker", "SpeechTiming", "split_sentences"]
