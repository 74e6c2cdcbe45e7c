"""Paced breathing with spoken timing.

The flow package says which cues to speak and how long each lasts; here they are scheduled against a clock rather
than chained, so the rhythm stays steady however long each cue takes to say. The waiting is real in voice and
text mode alike, unless pauses are turned off for a scripted run.
"""

from __future__ import annotations

import time

from mend.assistant.lines import say as line
from mend.assistant.session.conversation import Conversation
from mend.flows import BreathPattern, breathing_cues


def guide_breathing(session: Conversation, pattern: BreathPattern) -> None:
    due = time.monotonic()
    for words, seconds in spoken_cues(pattern):
        if session.settings.session.pauses:
            delay = due - time.monotonic()
            if delay > 0:
                session.wait(delay)
        session.say(words)
        due += seconds


def spoken_cues(pattern: BreathPattern) -> list[tuple[str, float]]:
    """The (words, seconds) of a breathing exercise in mend's words (assistant/lines.toml), closing line included."""
    return breathing_cues(pattern, line("breathing.in"), line("breathing.hold"), line("breathing.out"),
                          last=line("breathing.last"))
