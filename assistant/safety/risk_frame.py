"""One frame: a pattern over groups of words that mean one thing, what it is a sign of, and how sure it is.

"definite" stops the exercise for help; "unsure" gets one kind yes/no question first, so a figure of speech costs a
question and never the reflection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFINITE, UNSURE = "definite", "unsure"


@dataclass(frozen=True)
class Frame:
    kind: str  # "self_harm" | "abuse" | "harm_others"
    level: str  # DEFINITE | UNSURE
    pattern: re.Pattern[str]
    negatable: bool = True  # a "never"/"not" just before it means the person said the opposite
    also: re.Pattern[str] | None = None  # a second pattern that must be found anywhere in the same reply


def rx(body: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\S)(?:" + body + r")(?!\S)")


def frame(kind: str, level: str, body: str, *, negatable: bool = True, also: str | None = None) -> Frame:
    return Frame(kind, level, rx(body), negatable, rx(also) if also else None)

