"""One kept note: what a session leaves in the journal when the person chooses to keep it."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Literal

from pydantic import BaseModel, Field, field_validator

Ending = Literal["completed", "ended_early", "safety", "stopped", "come_back_later", "interrupted"]
Outcome = Literal["went_well", "partly", "not_yet", "not_ready", "went_badly"]


class FollowUp(BaseModel):
    """How a planned repair went, told afterwards with `mend followup`; kept beside the entry it is about."""

    outcome: Outcome
    recorded_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    note: str | None = Field(None, description="what is in the way, in the person's words, when they gave it")

    @field_validator("recorded_at")
    @classmethod
    def _in_utc(cls, value: datetime) -> datetime:
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class JournalEntry(BaseModel):
    """One session, as the person chose to keep it."""

    id: int | None = None
    created_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    flow: str
    ended: Ending
    relationship: str | None = None
    patterns: list[str] = Field(default_factory=list)
    activation_before: int | None = Field(None, ge=0, le=10)
    activation_after: int | None = Field(None, ge=0, le=10)
    gesture: str | None = None
    opening_line: str | None = None
    when: str | None = None
    their_first_words: str | None = Field(None, description="what they thought the other might say first")
    listening_reply: str | None = Field(None, description="the reply that listens, prepared in the rehearsal")
    summary: str = ""
    safety_flag: bool = False
    transcript: list[dict[str, str]] | None = None
    followup: FollowUp | None = Field(None, description="the latest follow-up; kept in its own table, not the entry")

    def has_plan(self) -> bool:
        return bool(self.gesture or self.opening_line or self.when) and not self.safety_flag

    @field_validator("created_at")
    @classmethod
    def _in_utc(cls, value: datetime) -> datetime:
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)

    @field_validator("transcript")
    @classmethod
    def _speaker_lines(cls, lines: list[dict[str, str]] | None) -> list[dict[str, str]] | None:
        for line in lines or []:
            if set(line) != {"speaker", "text"} or line["speaker"] not in ("mend", "you"):
                raise ValueError('each transcript line is {"speaker": "mend"|"you", "text": ...}')
        return lines
