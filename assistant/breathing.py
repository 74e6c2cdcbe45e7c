"""Paced breathing with spoken timing.

Cues are scheduled against a clock, not chained after each other, so the rhythm stays steady however long the
speech of each cue takes; the waiting is real in both voice and text mode unless pauses are turned off.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.session import Session

COUNT_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def breathing_cues(pattern) -> list[tuple[float, str]]:
    """(offset in seconds, words) for the whole exercise; counting aloud marks each second of a phase."""
    cues: list[tuple[float, str]] = []
    offset = 0.0
    phases = (("Breathe in", pattern.inhale), ("Hold", pattern.hold), ("And slowly out", pattern.exhale))
    for cycle in range(pattern.cycles):
        for label, seconds in phases:
            whole = int(round(seconds))
            if whole <= 0:
                continue
            cues.append((offset, label))
            for second in range(2, whole + 1):
                cues.append((offset + second - 1, COUNT_WORDS[min(second, 10) - 1]))
            offset += seconds
    cues.append((offset, "And let your breathing settle into its own rhythm."))
    return cues


def guide_breathing(session: "Session", pattern) -> None:
    start = time.monotonic()
    for offset, words in breathing_cues(pattern):
        if session.settings.session.pauses:
            delay = start + offset - time.monotonic()
            if delay > 0:
                session.wait(delay)
        session.say(words)
