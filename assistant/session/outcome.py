"""The outcome of one session, as a validated model.

It is what `--summary-json` writes, what the journal keeps (when the person says yes) and what tests check, so a
single pydantic model defines it and its JSON schema is generated from it (`mend session --summary-schema`).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Literal

from pydantic import BaseModel, Field

SCHEMA_VERSION = 1

EndedHow = Literal["completed", "ended_early", "stopped", "safety", "come_back_later", "interrupted"]


class Plan(BaseModel):
    """The repair gesture the person chose, in their own words."""

    gesture: str | None = Field(None, description="'conversation' or 'gesture' (a small act of care)")
    opening_line: str | None = Field(None, description="the first words they plan to say or write")
    when: str | None = Field(None, description="when they mean to do it, as they said it")


class ActivationReading(BaseModel):
    """A self-rating of how stirred up the person feels, 0 (calm) to 10 (overwhelmed)."""

    moment: Literal["before", "after"]
    value: int = Field(ge=0, le=10)


class TranscriptLine(BaseModel):
    speaker: Literal["mend", "you"]
    text: str


class SessionOutcome(BaseModel):
    """How a session went and what it produced; the schema of `--summary-json`."""

    schema_version: int = SCHEMA_VERSION
    flow: str
    ended: EndedHow = Field(description="completed, or how the session ended before the end")
    completed: bool
    started_at: datetime
    ended_at: datetime
    relationship: str | None = None
    patterns: list[str] = Field(default_factory=list, description="default responses noticed")
    activation: list[ActivationReading] = Field(default_factory=list)
    plan: Plan = Field(default_factory=Plan)
    safety_flag: bool = Field(False, description="true when the session stopped because of a safety concern")
    safety_kind: str | None = None
    steps_visited: list[str] = Field(default_factory=list)
    kept_in_journal: bool = False
    journal_entry_id: int | None = None
    journal_error: str | None = Field(None, description="why the note could not be kept, when it could not")
    transcript: list[TranscriptLine] | None = Field(
        None, description="only when the person opted into keeping transcripts"
    )

    def activation_value(self, moment: str) -> int | None:
        for reading in self.activation:
            if reading.moment == moment:
                return reading.value
        return None


def now() -> datetime:
    return datetime.now(timezone.utc)
