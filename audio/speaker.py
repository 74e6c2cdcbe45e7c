"""Say text aloud: synthesise sentence by sentence and play through sounddevice, returning when the sound is over.

Sentence 1 starts playing while later sentences are still being synthesised, so the person hears speech almost at
once even for long prompts. Playback is ours (not pyttsx3's aplay) so it can be stopped mid-word, timed exactly for
half-duplex listening, and sent to the chosen device. `FileSpeaker` (in `audio.file_speaker`, re-exported here)
writes the same speech into a WAV instead of a device, for replay mode and for tests that need no sound server.
"""

from __future__ import annotations

import threading
import time
from typing import Callable

import numpy as np

from mend.audio.devices import device_failure, resolve_device, sounddevice_module
from mend.audio.errors import DeviceError
from mend.audio.file_speaker import FileSpeaker
from mend.audio.speaking import RATE_FACTOR_RANGE, SpeakerBase, SpeechTiming, split_sentences
from mend.audio.turns import Recording


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


class Speaker(SpeakerBase):
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
                self._finish(futures)
                self.speaking.clear()
                if timing.ended is None:
                    timing.ended = time.monotonic()

    def chime(self) -> None:
        """The end-of-break chime (audio/chime.py), played like a sentence; shown as a caption when captions are on."""
        from mend.audio.chime import chime_file
        from mend.audio.synth import default_cache_dir

        if self.on_caption is not None:
            self.on_caption("(chime)")
        self._play_sound(str(chime_file(default_cache_dir())))

    def play(self, recording: Recording) -> bool:
        """The person's own words played back from memory, through the same stream and device as speech."""
        self._play_sound(self._samples(recording))
        return True

    def _play_sound(self, sound: str | tuple[np.ndarray, int]) -> None:
        """One sound (a WAV file's path, or samples and their rate) played like a sentence, from start to end."""
        from concurrent.futures import Future

        ready: Future = Future()
        ready.set_result(sound)
        with self._say_lock:
            self._stop.clear()
            self.last_timing = timing = SpeechTiming(requested=time.monotonic())
            self.speaking.set()
            try:
                self._play([ready], timing)
            finally:
                self.speaking.clear()

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
            raise device_failure("the speaker cannot be opened", exc) from None

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
            raise device_failure("the speaker stopped working", exc) from None
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


WavRecorderSpeaker = FileSpeaker

__all__ = ["Speaker", "FileSpeaker", "WavRecorderSpeaker", "SpeechTiming", "split_sentences", "RATE_FACTOR_RANGE"]
