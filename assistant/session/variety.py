"""Choosing what mend says, so two sessions do not sound like one script.

Prompt and lead variants are chosen at random for each step (reproducibly with `session.seed` or
`mend session --seed N`), and the re-prompts and "don't know" replies avoid an opening already heard in this
session: "Take your time." twice in a row sounds like a machine, not like someone listening.
"""

from __future__ import annotations

import random
import re
from typing import Optional

from mend.flows import FlowRunner

_WORD = re.compile(r"[a-z']+")


def opener(text: str, words: int = 3) -> str:
    """The first words of a line, as they are heard: "Take your time. What..." -> "take your time"."""
    return " ".join(_WORD.findall(text.casefold().replace("\u2019", "'"))[:words])


def forms(text: str) -> list[str]:
    """A line, and without its short comforting first sentence ("That's alright. You could..." -> "You could...")
    for when that comfort was already heard this session."""
    head, stop, rest = text.partition(". ")
    return [text, rest] if stop and rest and len(head.split()) <= 4 else [text]


class Variety:
    def __init__(self, seed: Optional[int] = None) -> None:
        self.rng = random.Random(seed)
        self.openers: set[str] = set()
        self.last: Optional[str] = None

    def variant(self) -> int:
        """A fresh variant number for a step: prompt and lead variants are taken from it (mod their count)."""
        return self.rng.randrange(1 << 30)

    def pick(self, runner: FlowRunner, lines: list[str]) -> Optional[str]:
        """One of `lines`, filled, preferring an opening not heard yet this session (if need be by leaving out a
        short comfort already heard), never the line just said when there is another; None if none can be said."""
        filled = [text for text in (runner.fill(line) for line in lines) if text]
        if not filled:
            return None
        fresh = [text for text in filled if opener(text) not in self.openers]
        fresh = fresh or [form for text in filled for form in forms(text)[1:] if opener(form) not in self.openers]
        others = [text for text in filled if text != self.last]
        choice = self.rng.choice(fresh or others or filled)
        self.openers.add(opener(choice))
        self.last = choice
        return choice
