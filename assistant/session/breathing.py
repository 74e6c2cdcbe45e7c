"""Paced breathing with spoken timing.

The flow package says which cues to speak and how long each lasts; here they are scheduled against a clock rather
than chained, so the rhythm stays steady however long each cue takes to say. The waiting is real in voice and
text mode alike, unless pauses are turned off for a scripted run.
"""

from __future__ import annotations

import time

from assistant.session.conversation import Conversation
from flows import BreathPattern, breathing_cues


def guide_breathing(session: Conversation, pattern: BreathPattern) -> None:
    due = time.monotonic()
    for words, seconds in breathing_cues(pattern, last="And let your breathing find its own rhythm."):
        if session.settings.session.pauses:
            delay = due - time.monotonic()
            if delay > 0:
                session.wait(delay)
        session.say(words)
        due += seconds
