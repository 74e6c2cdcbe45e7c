"""What the loop's companions (breathing, drafts, spoken commands, the note offer) may use of the running session.

They are handed the `Session` itself; typing them against this protocol instead keeps the loop the only module
that imports them, so the session room has no import cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from mend.assistant.config import Settings
from mend.assistant.session.outcome import SessionOutcome, TranscriptLine
from mend.audio.turns import Heard, ListenRequest, Speaker
from mend.flows import FlowRunner, Step


class Conversation(Protocol):
    runner: FlowRunner
    settings: Settings
    speaker: Speaker
    rate_factor: float
    save_policy: str
    journal_opener: Callable[[], object] | None
    journal_protected: Callable[[], bool] | None
    transcript: list[TranscriptLine]
    outcome: SessionOutcome | None

    def say(self, text: str) -> None: ...
    def say_all(self, lines: list[str]) -> None: ...
    def say_from_flow(self, step: Step, lines: list[str], turn: int = 1) -> None: ...
    def wait(self, seconds: float) -> None: ...
    def hear(self, request: ListenRequest) -> Heard: ...
    def ask_yes_no(self, question: str, *, offer: bool = False, safety: bool = False) -> bool | None: ...
    def check_safety(self, heard: Heard) -> None: ...
    def repeat(self, step: Step) -> None: ...
