"""A second reading of risk, for wordings the frames have never met: a small linear model over the reply's words
and letter groups.

The frames (`risk.py`) read the shape of known kinds of statement and are sure of what they find. People also say
these things in ways nobody wrote a frame for ("i've been sorting who gets my guitar", "he knows where my sister
lives, he made sure i knew that"). This model was trained on every statement set mend is tuned on, plus the ordinary
replies of its simulated people, and it only ever asks: when it finds a concern the frames missed, mend asks one
kind yes/no question, and a clear no goes straight back to the reflection. So a look-alike costs a question, never
the exercise, and it never decides that someone is safe (it is not consulted when the frames found something).

The weights are data (`risk_model.npz`, written by `benchmarks/train_safety_model.py` from the statement sets; a
test retrains and compares), read once. Features are hashed with CRC-32, which is the same on every platform.
"""

from __future__ import annotations

import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np

from mend.assistant.safety.risk_figures import blank_figures
from mend.assistant.safety.rules import SafetyConcern
from mend.assistant.understanding.meanings import normalize

MODEL_PATH = Path(__file__).with_name("risk_model.npz")
DIMENSIONS = 2 ** 18
KINDS = ("self_harm", "abuse", "harm_others")
# fewer words than this are too little for a reading of the whole ("he gets me", "not really"); the frames
# still read every short reply
MIN_WORDS = 4
MODEL_MATCH = "(the reply as a whole)"  # what a concern raised by the model, not a frame, says it matched


def model_text(text: str) -> str:
    """What the model reads: the reply normalised as the frames read it, with figures of speech blanked out."""
    return " ".join(blank_figures(normalize(text)).split())


def model_concern(text: str) -> SafetyConcern | None:
    """An uncertain concern when the reply as a whole reads like one; never certain, so it is always asked about."""
    words = model_text(text)
    if len(words.split()) < MIN_WORDS:
        return None
    reading = risk_model().read(words)
    return SafetyConcern(reading[0], MODEL_MATCH, certain=False) if reading else None


def features(norm: str) -> list[int]:
    """Hashed features of normalised text: its words, word pairs and triples, and letter groups of 3 to 5 (which
    carry misspellings, slang and recogniser slips to their neighbours)."""
    words = norm.split()
    found = {"w:" + w for w in words}
    found.update(f"b:{a} {b}" for a, b in zip(words, words[1:]))
    found.update(f"t:{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:]))
    padded = f" {norm} "
    for n in (3, 4, 5):
        found.update(f"c{n}:{padded[i:i + n]}" for i in range(len(padded) - n + 1))
    return sorted({zlib.crc32(name.encode()) % DIMENSIONS for name in found})


def probability(weights: np.ndarray, bias: float, index: list[int]) -> float:
    """The logistic score of one reply under one set of weights (length-normalised, so long replies are not louder)."""
    if not index:
        return 0.0
    z = float(weights[index].sum()) / len(index) ** 0.5 + bias
    return 1.0 / (1.0 + np.exp(-z))


class RiskModel:
    """One weight vector saying "a concern", and one per kind saying which; the threshold comes with the weights."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        with np.load(path) as data:
            self.threshold = float(data["threshold"])
            self.concern = self._dense(data, "concern")
            self.kinds = {kind: self._dense(data, kind) for kind in KINDS}

    @staticmethod
    def _dense(data, name: str) -> tuple[np.ndarray, float]:
        weights = np.zeros(DIMENSIONS, dtype=np.float64)
        weights[data[f"{name}_index"]] = data[f"{name}_weight"]
        return weights, float(data[f"{name}_bias"])

    def read(self, norm: str) -> tuple[str, float] | None:
        """(kind, score) when the reply reads as a concern, else None."""
        index = features(norm)
        score = probability(*self.concern, index)
        if score <= self.threshold:
            return None
        kind = max(KINDS, key=lambda k: probability(*self.kinds[k], index))
        return kind, score


@lru_cache(maxsize=1)
def risk_model() -> RiskModel:
    return RiskModel()
