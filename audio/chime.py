"""The soft chime that ends a break, made here from sine waves: no sound file is shipped or downloaded.

Two quiet partials (a bell-like fundamental and a softer fifth above it) under a gentle envelope: a short fade in,
so it never clicks, and a long exponential fade out, so it rings away rather than stops. Well under two seconds.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from mend.audio.wavio import to_int16, write_wav

CHIME_RATE = 22050
CHIME_SECONDS = 1.6
CHIME_PEAK = 0.35  # well below full scale: a chime, not an alarm
_VERSION = 1  # part of the cached file's name: a changed chime is written afresh


def chime_samples(rate: int = CHIME_RATE, seconds: float = CHIME_SECONDS) -> np.ndarray:
    """Float32 mono samples in -1..1."""
    t = np.arange(int(rate * seconds), dtype=np.float64) / rate
    tone = np.sin(2 * np.pi * 659.25 * t) + 0.35 * np.sin(2 * np.pi * 987.77 * t) + 0.12 * np.sin(2 * np.pi * 1318.5 * t)
    attack = np.clip(t / 0.03, 0.0, 1.0)  # 30 ms fade in
    decay = np.exp(-t * 3.2)
    release = np.clip((seconds - t) / 0.15, 0.0, 1.0)  # the last 150 ms reach silence exactly
    samples = tone * attack * decay * release
    samples *= CHIME_PEAK / max(float(np.max(np.abs(samples))), 1e-9)
    return samples.astype(np.float32)


def write_chime(path: str | os.PathLike, rate: int = CHIME_RATE) -> Path:
    """The chime as a 16-bit mono WAV."""
    return write_wav(path, to_int16(chime_samples(rate)), rate)


def chime_file(folder: str | os.PathLike) -> Path:
    """The chime's WAV in `folder` (the speech cache), written once and reused."""
    path = Path(folder) / f"chime-v{_VERSION}.wav"
    if not path.exists():
        Path(folder).mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        write_chime(partial)
        os.replace(partial, path)  # appears whole or not at all
    return path
