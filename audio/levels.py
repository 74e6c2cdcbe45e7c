"""How loud a block of microphone audio is, as a number and as a bar, for `mend devices --test`.

Levels are in dBFS (decibels below the loudest sample int16 can hold): 0 is full scale, speech at a normal
distance lands around -35 to -15, a quiet room below -50. Pure functions of the bytes, so they are tested without
any device.
"""

from __future__ import annotations

import math

import numpy as np

FLOOR_DB = -90.0          # digital silence reads as this instead of minus infinity
BAR_FLOOR_DB = -60.0      # the left end of the bar; anything quieter shows an empty bar
QUIET_DB = -45.0          # a loudest block below this: speech was too quiet (or nothing was said)
CLIP_FRACTION = 0.99      # a sample this close to full scale: the input is clipping


def samples(block: bytes) -> np.ndarray:
    return np.frombuffer(block, dtype="<i2").astype(np.float64) / 32768.0


def rms_db(block: bytes) -> float:
    """The block's RMS level in dBFS (FLOOR_DB for silence or an empty block)."""
    values = samples(block)
    if values.size == 0:
        return FLOOR_DB
    rms = math.sqrt(float(np.mean(values * values)))
    return max(FLOOR_DB, 20 * math.log10(rms)) if rms > 0 else FLOOR_DB


def peak(block: bytes) -> float:
    """The largest sample magnitude, 0..1."""
    values = samples(block)
    return float(np.max(np.abs(values))) if values.size else 0.0


def level_bar(db: float, width: int = 30) -> str:
    """`[#########.....]  -23 dB`: filled in proportion from BAR_FLOOR_DB (empty) to 0 dBFS (full)."""
    share = min(1.0, max(0.0, (db - BAR_FLOOR_DB) / -BAR_FLOOR_DB))
    filled = round(share * width)
    return f"[{'#' * filled}{'.' * (width - filled)}] {db:5.0f} dB"


def verdict(loudest_db: float, clipped: bool) -> tuple[bool, str]:
    """Whether the recording is usable for speech, and a sentence saying so (with what to change if not)."""
    if clipped:
        return True, "The input clipped (too loud): lower the microphone's input volume or move back a little."
    if loudest_db < QUIET_DB:
        return False, ("That was very quiet: check the microphone is not muted, raise its input volume, or pick "
                       "another one with --input-device (see `mend devices`).")
    return True, "The level is good for speech."
