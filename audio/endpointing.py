"""Deciding when a person has finished speaking, with mend's own rules rather than the recognizer's.

Vosk's built-in endpointing ends an utterance after half a second of silence. Someone describing a painful
moment pauses longer than that mid-sentence; being cut off there feels like not being listened to. So each
question says how much trailing silence ends the turn, and this module applies it.

It is pure: frames (and whether each is voiced) go in, decisions come out, so it can be tested with synthetic
frames and no clock. It is also cheap in silence: nothing is handed to the recognizer until speech starts;
a short pre-roll of recent frames is kept so the first syllable is not lost.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

import numpy as np
import webrtcvad

from mend.audio.errors import RecognizerInputError


class Decision(str, Enum):
    CONTINUE = "continue"
    END = "end"  # trailing silence after speech: the turn is complete
    SILENT = "silent"  # nobody spoke before the no-speech timeout
    MAX_UTTERANCE = "max_utterance"  # spoke for the longest time a turn may take; close it anyway


@dataclass(frozen=True)
class EndpointSettings:
    """Tuning shared by every turn; the per-question limits come with each listen request."""

    frame_ms: int = 20  # webrtcvad accepts 10, 20 or 30 ms
    vad_aggressiveness: int = 2  # 0 (lenient) .. 3 (strict)
    start_frames: int = 3  # voiced frames, within the last `start_window`, that count as speech
    start_window: int = 5
    min_speech: float = 0.2  # voiced seconds that make a turn real even if the recognizer heard no word
    pre_roll: float = 0.3  # seconds fed to the recognizer from just before speech started
    margin_db: float = 6.0  # a voiced frame must also be this much louder than the tracked noise floor
    early_final: float = 0.25  # closed questions: silence after which the recognizer's result is computed early
    pause_decoded: float = 0.2  # open answers: seconds of each pause the recognizers still hear (0 = all of it)

    def __post_init__(self) -> None:
        if self.frame_ms not in (10, 20, 30):
            raise RecognizerInputError(f"Endpoint frames must be 10, 20 or 30 ms, got {self.frame_ms}.")
        if self.vad_aggressiveness not in (0, 1, 2, 3):
            raise RecognizerInputError(f"VAD aggressiveness must be 0..3, got {self.vad_aggressiveness}.")
        if not 1 <= self.start_frames <= self.start_window:
            raise RecognizerInputError("start_frames must be between 1 and start_window.")
        if not isinstance(self.early_final, (int, float)) or math.isnan(self.early_final) or self.early_final < 0:
            raise RecognizerInputError(f"early_final must be 0 (off) or a positive number of seconds, got {self.early_final!r}.")
        if not isinstance(self.pause_decoded, (int, float)) or math.isnan(self.pause_decoded) or self.pause_decoded < 0:
            raise RecognizerInputError(
                f"pause_decoded must be 0 (decode every pause whole) or a positive number of seconds, "
                f"got {self.pause_decoded!r}.")

    @property
    def frame_seconds(self) -> float:
        return self.frame_ms / 1000.0


@dataclass(frozen=True)
class Step:
    """The outcome of one frame: the decision, frames to hand the recognizer now, and whether to restart it."""

    decision: Decision
    feed: tuple[bytes, ...] = ()
    restart: bool = False  # a false start (a click, a cough): forget what the recognizer has so far


@dataclass
class Endpointer:
    """Per-turn state machine over voiced/unvoiced frames. Frame positions double as the turn's clock."""

    trailing_silence: float
    no_speech_timeout: float
    max_utterance: float
    settings: EndpointSettings = field(default_factory=EndpointSettings)

    def __post_init__(self) -> None:
        for name in ("trailing_silence", "no_speech_timeout", "max_utterance"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or math.isnan(value) or value <= 0:
                raise RecognizerInputError(f"{name} must be a positive number of seconds, got {value!r}.")
        fs = self.settings.frame_seconds
        self._trailing_frames = max(1, math.ceil(self.trailing_silence / fs - 1e-9))
        self._timeout_frames = max(1, math.ceil(self.no_speech_timeout / fs - 1e-9))
        self._max_frames = max(1, math.ceil(self.max_utterance / fs - 1e-9))
        self._min_speech_frames = max(1, math.ceil(self.settings.min_speech / fs - 1e-9))
        self._pre_roll: deque[bytes] = deque(maxlen=max(1, round(self.settings.pre_roll / fs)))
        self._recent: deque[bool] = deque(maxlen=self.settings.start_window)
        self.frames = 0  # frames pushed so far
        self.speaking = False
        self.done: Decision | None = None
        self.speech_start_frame: int | None = None
        self.last_speech_frame: int | None = None
        self.voiced_frames = 0
        self.false_starts = 0

    @property
    def frame_seconds(self) -> float:
        return self.settings.frame_seconds

    def be_patient(self, trailing_silence: float) -> None:
        """From now on, wait at least `trailing_silence` seconds of quiet before the turn ends (a reply to a closed
        question that has turned into a sentence gets the patience of an open answer)."""
        fs = self.settings.frame_seconds
        self._trailing_frames = max(self._trailing_frames, math.ceil(trailing_silence / fs - 1e-9))

    @property
    def speech_start(self) -> float | None:
        """Seconds from the start of the turn to the first voiced frame of the speech."""
        return None if self.speech_start_frame is None else self.speech_start_frame * self.frame_seconds

    @property
    def speech_end(self) -> float | None:
        """Seconds from the start of the turn to the end of the last voiced frame."""
        return None if self.last_speech_frame is None else (self.last_speech_frame + 1) * self.frame_seconds

    @property
    def silence_after_speech(self) -> float:
        """Seconds of audio since the last voiced frame while a turn is in speech (0 before speech starts).

        Drops back to 0 the moment speech resumes, which is how a listener that finalised early notices that
        the person was only pausing."""
        if not self.speaking or self.last_speech_frame is None:
            return 0.0
        return (self.frames - 1 - self.last_speech_frame) * self.frame_seconds

    @property
    def position(self) -> float:
        """Seconds of audio pushed so far (the end of the latest frame)."""
        return self.frames * self.frame_seconds

    def push(self, frame: bytes, voiced: bool, partial: Callable[[], str] | None = None) -> Step:
        """Take one frame. `partial` is asked for the recognizer's text only when a turn could end."""
        if self.done is not None:
            return Step(self.done)
        index = self.frames
        self.frames += 1
        self._recent.append(bool(voiced))
        active = bool(voiced) and sum(self._recent) >= self.settings.start_frames
        if not self.speaking:
            return self._waiting(frame, index, active)
        return self._in_speech(frame, index, bool(voiced), active, partial)

    def _waiting(self, frame: bytes, index: int, active: bool) -> Step:
        self._pre_roll.append(frame)
        if active:
            self.speaking = True
            recent = list(self._recent)
            first_voiced = recent.index(True)
            self.speech_start_frame = index - (len(recent) - 1) + first_voiced
            self.last_speech_frame = index
            self.voiced_frames = sum(recent)
            feed = tuple(self._pre_roll)
            self._pre_roll.clear()
            return Step(Decision.CONTINUE, feed)
        if self.frames >= self._timeout_frames:
            self.done = Decision.SILENT
            return Step(Decision.SILENT)
        return Step(Decision.CONTINUE)

    def _in_speech(
        self, frame: bytes, index: int, voiced: bool, active: bool, partial: Callable[[], str] | None
    ) -> Step:
        feed = (frame,)
        if voiced:
            self.voiced_frames += 1
        if active:
            self.last_speech_frame = index
        assert self.speech_start_frame is not None and self.last_speech_frame is not None
        if index + 1 - self.speech_start_frame >= self._max_frames:
            self.done = Decision.MAX_UTTERANCE
            return Step(Decision.MAX_UTTERANCE, feed)
        if index - self.last_speech_frame < self._trailing_frames:
            return Step(Decision.CONTINUE, feed)
        heard = partial() if partial is not None else ""
        if heard.strip() or self.voiced_frames >= self._min_speech_frames:
            self.done = Decision.END
            return Step(Decision.END, feed)
        # Too short to be speech and the recognizer heard nothing: go back to waiting for the person.
        self.false_starts += 1
        self.speaking = False
        self.speech_start_frame = self.last_speech_frame = None
        self.voiced_frames = 0
        self._recent.clear()
        if self.frames >= self._timeout_frames:
            self.done = Decision.SILENT
            return Step(Decision.SILENT, feed, restart=True)
        return Step(Decision.CONTINUE, feed, restart=True)


class VoiceActivity:
    """webrtcvad plus a tracked noise floor: a frame is voiced only if the VAD says so AND it stands out.

    webrtcvad alone calls steady fan or street noise "speech" (measured: white noise at -40 dBFS is voiced in
    every frame at every aggressiveness), which would keep a turn open until its maximum length. The floor drops
    at once to quieter frames and rises slowly, so pauses between words keep it at the room's level. Keep one
    instance across turns so the floor is already known when the next question starts.
    """

    def __init__(self, settings: EndpointSettings | None = None, sample_rate: int = 16000) -> None:
        self.settings = settings or EndpointSettings()
        if sample_rate not in (8000, 16000, 32000, 48000):
            raise RecognizerInputError(f"The voice detector needs 8, 16, 32 or 48 kHz audio, got {sample_rate}.")
        self.sample_rate = sample_rate
        self.frame_bytes = sample_rate * self.settings.frame_ms // 1000 * 2
        self._vad = webrtcvad.Vad(self.settings.vad_aggressiveness)
        self.floor_db: float | None = None
        self.rise_db_per_frame = 5.0 * self.settings.frame_seconds  # 5 dB per second

    def is_speech(self, frame: bytes) -> bool:
        if len(frame) != self.frame_bytes:
            raise RecognizerInputError(f"A voice-detector frame must be {self.frame_bytes} bytes, got {len(frame)}.")
        samples = np.frombuffer(frame, dtype=np.int16).astype(np.float64)
        level = 10.0 * math.log10(float(np.mean(samples * samples)) + 1.0)
        if self.floor_db is None:
            self.floor_db = min(level, 45.0)
        loud = level >= self.floor_db + self.settings.margin_db
        if level < self.floor_db:
            self.floor_db = level
        else:
            self.floor_db = min(level, self.floor_db + self.rise_db_per_frame)
        return loud and self._vad.is_speech(frame, self.sample_rate)


class FrameSplitter:
    """Re-cuts source blocks of any size (20 ms, 30 ms, odd lengths) into whole detector frames."""

    def __init__(self, frame_bytes: int) -> None:
        self.frame_bytes = frame_bytes
        self._buffer = b""

    def push(self, block: bytes) -> list[bytes]:
        data = self._buffer + block
        cut = len(data) - len(data) % self.frame_bytes
        self._buffer = data[cut:]
        return [data[i : i + self.frame_bytes] for i in range(0, cut, self.frame_bytes)]

    def reset(self) -> None:
        self._buffer = b""
