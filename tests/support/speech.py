"""Real speech for recognizer and listener tests, made with espeak-ng at test time.

Recorded fixtures would hide how the recognizer copes with a different voice or rate; synthesising keeps the
inputs readable in the test itself ("seven", a pause, more words) and lets a test add noise at a known SNR.
Everything is 16 kHz mono int16, the format every mend audio source delivers.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np
import soxr

RATE = 16000
BLOCK_SAMPLES = 320  # 20 ms at 16 kHz


def have_espeak() -> bool:
    return shutil.which("espeak-ng") is not None


@functools.lru_cache(maxsize=128)
def _synthesize_cached(text: str, voice: str, rate: int) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        wav_path = Path(tmp, "utterance.wav")
        subprocess.run(
            ["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(wav_path), text],
            check=True,
            capture_output=True,
            timeout=30,
        )
        with wave.open(str(wav_path), "rb") as wav:
            source_rate = wav.getframerate()
            channels = wav.getnchannels()
            if wav.getsampwidth() != 2:
                raise ValueError("espeak-ng produced a non 16-bit WAV")
            raw = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
    if channels > 1:
        raw = raw.reshape(-1, channels).mean(axis=1).astype(np.int16)
    if source_rate != RATE:
        resampled = soxr.resample(raw.astype(np.float32) / 32768.0, source_rate, RATE)
        raw = np.clip(np.round(resampled * 32767.0), -32768, 32767).astype(np.int16)
    return raw.tobytes()


def speech(text: str, voice: str = "en-us", rate: int = 150) -> np.ndarray:
    """The utterance as 16 kHz int16 samples, with espeak's own leading/trailing quiet trimmed."""
    samples = np.frombuffer(_synthesize_cached(text, voice, rate), dtype=np.int16).copy()
    return trim(samples)


def trim(samples: np.ndarray, threshold: int = 200) -> np.ndarray:
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > threshold)
    if loud.size == 0:
        return samples[:0]
    return samples[loud[0] : loud[-1] + 1]


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(round(seconds * RATE)), dtype=np.int16)


def tone(seconds: float, frequency: float = 440.0, amplitude: float = 0.3) -> np.ndarray:
    t = np.arange(int(round(seconds * RATE))) / RATE
    return np.round(np.sin(2 * np.pi * frequency * t) * amplitude * 32767).astype(np.int16)


def voice_like(seconds: float, pitch: float = 140.0, amplitude: float = 0.25) -> np.ndarray:
    """A synthetic vowel-like burst: gliding pitch, harmonics and syllable-rate loudness changes.

    A pure sine is not speech to webrtcvad (it stops calling a steady tone voiced after ~100 ms), so endpointing
    tests use this instead when they need exact, model-free "speech" of a known length.
    """
    t = np.arange(int(round(seconds * RATE))) / RATE
    f0 = pitch * (1.0 + 0.15 * np.sin(2 * np.pi * 1.3 * t))
    phase = 2 * np.pi * np.cumsum(f0) / RATE
    wave_ = sum(np.sin(k * phase) / k for k in range(1, 10))
    envelope = 0.65 + 0.35 * np.sin(2 * np.pi * 4.0 * t)
    wave_ = wave_ / np.max(np.abs(wave_)) * envelope
    return np.round(wave_ * amplitude * 32767).astype(np.int16)


def concat(*parts: np.ndarray) -> np.ndarray:
    return np.concatenate([np.asarray(p, dtype=np.int16) for p in parts])


def with_noise(samples: np.ndarray, snr_db: float, seed: int = 0) -> np.ndarray:
    """Add white noise so the signal-to-noise ratio over the loud part is `snr_db`."""
    rng = np.random.default_rng(seed)
    signal = samples.astype(np.float64)
    loud = signal[np.abs(signal) > 200]
    power = float(np.mean(loud**2)) if loud.size else 1.0
    noise = rng.normal(0.0, np.sqrt(power / (10 ** (snr_db / 10))), size=signal.shape)
    return np.clip(np.round(signal + noise), -32768, 32767).astype(np.int16)


def noise(seconds: float, level: float = 30.0, seed: int = 0) -> np.ndarray:
    """Quiet room noise (standard deviation `level` in int16 units) instead of digital silence."""
    rng = np.random.default_rng(seed)
    values = rng.normal(0.0, level, size=int(round(seconds * RATE)))
    return np.clip(np.round(values), -32768, 32767).astype(np.int16)


def room(*parts: np.ndarray, level: float = 30.0, seed: int = 0) -> np.ndarray:
    """Join the parts and lay quiet room noise over everything, as any real microphone would.

    The test model decodes with dither off, and pure digital zeros around a word measurably hurt it ("seven"
    heard as "family"); a faint noise floor is both more realistic and more repeatable.
    """
    joined = concat(*parts)
    rng = np.random.default_rng(seed)
    values = joined.astype(np.float64) + rng.normal(0.0, level, size=joined.shape)
    return np.clip(np.round(values), -32768, 32767).astype(np.int16)


def blocks(samples: np.ndarray, block_samples: int = BLOCK_SAMPLES) -> list[bytes]:
    """Split into fixed blocks (the last one padded with zeros), like a microphone delivers them."""
    samples = np.asarray(samples, dtype=np.int16)
    pad = (-len(samples)) % block_samples
    if pad:
        samples = np.concatenate([samples, np.zeros(pad, dtype=np.int16)])
    raw = samples.tobytes()
    step = block_samples * 2
    return [raw[i : i + step] for i in range(0, len(raw), step)]


class BytesSource:
    """A BlockSource over prepared audio: hands out 20 ms blocks, then silence (or None when `then_silence` is off).

    Counts blocks so a test can turn a decision back into a sample position instead of trusting wall time.
    """

    def __init__(self, samples: np.ndarray, then_silence: bool = True, noise_level: float = 30.0) -> None:
        self._blocks = blocks(samples)
        self._then_silence = then_silence
        self._noise_level = noise_level
        self._rng = np.random.default_rng(1)
        self.blocks_read = 0
        self.turns_started = 0
        self.closed = False

    def read_block(self, timeout: float) -> bytes | None:
        index = self.blocks_read
        if index < len(self._blocks):
            self.blocks_read += 1
            return self._blocks[index]
        if not self._then_silence:
            return None
        self.blocks_read += 1
        if self._noise_level:
            values = self._rng.normal(0.0, self._noise_level, size=BLOCK_SAMPLES)
            return np.round(values).astype(np.int16).tobytes()
        return bytes(BLOCK_SAMPLES * 2)

    def turn_started(self) -> None:
        self.turns_started += 1

    def close(self) -> None:
        self.closed = True


def hear_open_answer(recognizer, samples: np.ndarray, spotting: list[str] | None = None):
    """One open answer heard the way a session hears it: VoiceListener with the full model and 1.5 s of patience
    (and, given `spotting`, the safety spotter beside it)."""
    from mend.audio.listener import ListenRequest, VoiceListener

    listener = VoiceListener(BytesSource(samples), recognizer, spotting=spotting)
    return listener.listen(ListenRequest(None, trailing_silence=1.5, no_speech_timeout=5.0, max_utterance=15.0))
