"""Speak into a WAV file instead of a device: for `--audio-out`, replay mode and tests without a sound server."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from mend.audio.errors import DeviceError
from mend.audio.speaking import SpeakerBase, SpeechTiming
from mend.audio.turns import Recording
from mend.audio.wavio import TARGET_RATE, samples_to_16k_int16


class FileSpeaker(SpeakerBase):
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
                self._finish(futures)
                self.speaking.clear()
                timing.ended = time.monotonic()
                self._last_end = timing.ended

    def chime(self) -> None:
        """The end-of-break chime, written into the file like a line said."""
        from mend.audio.chime import CHIME_RATE, chime_samples

        with self._say_lock:
            if self.on_caption is not None:
                self.on_caption("(chime)")
            self._write(samples_to_16k_int16(chime_samples(CHIME_RATE), CHIME_RATE))
            self._last_end = time.monotonic()

    def play(self, recording: Recording) -> bool:
        """A person's own voice is never written into a file: False, so their words are read back instead."""
        return False

    def close(self) -> None:
        self.stop()
        try:
            self._writer.close()
        except Exception:
            pass


__all__ = ["FileSpeaker"]
