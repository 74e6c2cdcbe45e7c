"""Recordings of real people (tests/data/voices, with their published transcripts), played over the virtual
microphone and heard through mend's real listening path, beside the same sentences spoken by espeak-ng.

`over_microphone` plays a WAV into the PulseAudio sink whose monitor is the default source, while a
`VoiceListener` on a live `Microphone` (as in a session) hears one turn; it returns what was heard, the turn's
timing and when the playback ended, so a caller can tell whether the turn ended after the speech did.
"""

from __future__ import annotations

import subprocess
import threading
import time
import tomllib
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mend.audio.wavio import write_wav
from tests.support.cli import REPO
from tests.support.speech import room, silence, speech

VOICES = REPO / "tests" / "data" / "voices"
LEAD = 0.3  # seconds of faint room noise played before and after each recording, as a microphone would have
_ABBREVIATIONS = {"mr": "mister", "mrs": "missus", "dr": "doctor", "st": "saint"}
_CONTRACTIONS = {"we're": "we are", "you're": "you are", "they're": "they are", "i'm": "i am", "it's": "it is",
                 "don't": "do not", "can't": "cannot", "won't": "will not", "i've": "i have", "that's": "that is"}


@dataclass(frozen=True)
class Voice:
    id: str
    path: Path
    transcript: str
    licence: str

    def samples(self) -> np.ndarray:
        with wave.open(str(self.path), "rb") as wav:
            return np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16).copy()


def voices() -> list[Voice]:
    table = tomllib.loads((VOICES / "voices.toml").read_text())
    return [Voice(row["id"], VOICES / row["file"], row["transcript"], row["licence"]) for row in table["voice"]]


def normalized_words(text: str) -> list[str]:
    """Lower case, no punctuation, contractions and a few abbreviations written out ("mr" and "mister" are one)."""
    cleaned = "".join(c if c.isalnum() or c in " '" else " " for c in text.lower())
    words: list[str] = []
    for word in cleaned.split():
        words += (_CONTRACTIONS.get(word) or _ABBREVIATIONS.get(word) or word).split()
    return words


def word_errors(reference: str, heard: str) -> tuple[int, int]:
    """(substitutions + deletions + insertions, words in the reference): word error rate = first / second."""
    ref, hyp = normalized_words(reference), normalized_words(heard)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        previous, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (r != h))
    return row[-1], len(ref)


def quiet_tail(samples: np.ndarray, frame: int = 320) -> float:
    """Seconds after the last 20 ms frame louder than a tenth of the loud frames' level (the recording's own
    quiet after its last word)."""
    count = len(samples) // frame
    if count == 0:
        return 0.0
    rms = np.sqrt(np.mean(samples[: count * frame].astype(np.float64).reshape(count, frame) ** 2, axis=1))
    loud = np.flatnonzero(rms >= 0.1 * np.percentile(rms, 90))
    return (len(samples) - (loud[-1] + 1) * frame) / 16000 if loud.size else 0.0


def playable(samples: np.ndarray, path: Path, seed: int = 0) -> Path:
    """The speech with LEAD seconds of faint room noise either side, written as a 16 kHz WAV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_wav(path, room(silence(LEAD), samples, silence(LEAD), seed=seed).tobytes())
    return path


def synthetic(text: str, voice: str = "en-us", rate: int = 150) -> np.ndarray:
    return speech(text, voice=voice, rate=rate)


@dataclass
class LiveHearing:
    heard: object  # audio.turns.Heard
    timing: object  # audio.listener.TurnTiming
    played_until: float  # monotonic time paplay finished (the last sample has left the sink)
    tail: float = 0.0  # seconds of quiet after the last word in what was played (the recording's own and LEAD)

    @property
    def cut_short(self) -> bool:
        """The turn was decided before the recording had finished playing: mend stopped listening mid-speech."""
        return self.timing.decided_at < self.played_until - self.tail

    @property
    def after_speech(self) -> float:
        """Wall seconds from the end of the last word (as played) to the end-of-turn decision."""
        return self.timing.decided_at - (self.played_until - self.tail)

    @property
    def endpoint_delay(self) -> float | None:
        """Seconds from the end of the last voiced frame to the end-of-turn decision, on the captured audio."""
        return self.timing.endpoint_delay


def over_microphone(recognizer, wav: Path, request, settings=None, tail: float = LEAD) -> LiveHearing:
    """Play `wav` over the virtual microphone while mend's VoiceListener hears one turn on a live Microphone;
    `tail` is how long the WAV is quiet after its last word."""
    from mend.audio.listener import VoiceListener
    from mend.audio.sources import Microphone

    ended: list[float] = []

    def play() -> None:
        time.sleep(0.3)  # the listener is waiting by then, as a person answers once the question is asked
        subprocess.run(["paplay", "--latency-msec=20", str(wav)], check=True, timeout=60)
        ended.append(time.monotonic())

    with Microphone() as microphone:
        assert microphone.wait_until_live(3.0), "the virtual microphone delivered no audio"
        listener = VoiceListener(microphone, recognizer, settings=settings)
        player = threading.Thread(target=play, name="real-voices-player", daemon=True)
        player.start()
        heard = listener.listen(request)
        player.join(60)
    return LiveHearing(heard, listener.last_turn, ended[0] if ended else float("inf"), tail)
