"""Risk read from the shape of what is said, in wordings no list of sentences could hold.

Frames (`risk_self`, `risk_abuse`, `risk_others`) are small patterns over groups of words that mean one thing
(`risk_words`): someone + a blow + "me"; a wish + not being alive; a threat someone made + what happens "if I leave".
Figures of speech are blanked out first (by the caller, `rules.check_safety`) and denials are respected.
"""

from __future__ import annotations

from dataclasses import dataclass

from mend.assistant.safety.risk_abuse import FRAMES as ABUSE_FRAMES
from mend.assistant.safety.risk_figures import negated
from mend.assistant.safety.risk_frame import DEFINITE, UNSURE, Frame
from mend.assistant.safety.risk_others import FRAMES as OTHERS_FRAMES
from mend.assistant.safety.risk_self import FRAMES as SELF_FRAMES

__all__ = ["Finding", "read_frames", "DEFINITE", "UNSURE", "FRAMES"]

FRAMES: list[Frame] = [*SELF_FRAMES, *ABUSE_FRAMES, *OTHERS_FRAMES]


@dataclass(frozen=True)
class Finding:
    kind: str
    level: str  # DEFINITE | UNSURE
    matched: str


_ORDER = {"self_harm": 0, "abuse": 1, "harm_others": 2}


def read_frames(text: str) -> Finding | None:
    """The most telling finding in normalised text whose figures of speech are already blanked out
    (`risk_figures.blank_figures`): a definite one before an unsure one, and among equals self-harm, then abuse,
    then harm to others."""
    best: Finding | None = None
    for frame in FRAMES:
        for match in frame.pattern.finditer(text):
            if frame.negatable and negated(text, match.start()):
                continue
            if frame.also is not None and not frame.also.search(text):
                continue
            found = Finding(frame.kind, frame.level, match.group(0))
            if best is None or (found.level != best.level and found.level == DEFINITE) or \
                    (found.level == best.level and _ORDER[found.kind] < _ORDER[best.kind]):
                best = found
            break
    return best
