"""What every mend speaker shares: sentence splitting, the synthesis pipeline, rate factor, captions, timing marks.

The device speaker (`audio.speaker`) and the file speaker (`audio.file_speaker`) differ only in where the audio
goes. Lines rendered as temporary files (texts not known in advance, often built from the person's own words) are
handed back to the synthesizer as soon as they are read, so they are deleted right after being spoken.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Callable

import numpy as np

from mend.audio.turns import Recording, Speaker
from mend.audio.wavio import read_wav

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


class SpeakerBase(Speaker):
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

    @staticmethod
    def _samples(recording: Recording) -> tuple[np.ndarray, int]:
        """A recording's 16-bit samples as the float samples speech is played from."""
        return np.frombuffer(bytes(recording.samples), dtype="<i2").astype(np.float32) / 32768.0, recording.rate

    def _sentences(self, text: str) -> list:
        sentences = split_sentences(text)
        if sentences and self.on_caption is not None:
            self.on_caption(" ".join(sentences))
        return [self.synth.submit(s) for s in sentences]   # the worker renders them in order: pipelined

    def _load(self, future) -> tuple[np.ndarray, int]:
        """The sentence's audio in memory; its file is handed back at once (a temporary one is deleted). Sound
        that is already in memory (samples and their rate: a recording played back) has no file at all."""
        path = future.result()
        if isinstance(path, tuple):
            return path
        try:
            return read_wav(path)
        finally:
            self._release(path)

    def _release(self, path) -> None:
        release = getattr(self.synth, "release", None)
        if release is not None:
            release(path)

    def _finish(self, futures: list) -> None:
        """After say(): cancel sentences not yet rendered, and hand back any that were rendered but not played
        (stopped mid-prompt), now or as soon as the worker finishes them."""
        for future in futures:
            future.cancel()
            future.add_done_callback(self._release_finished)

    def _release_finished(self, future) -> None:
        if future.cancelled() or future.exception() is not None:
            return
        try:
            self._release(future.result())
        except OSError:   # deleting a temporary file must not disturb speaking; close() sweeps the rest
            pass
