"""The outcome of one session, as a validated model.

It is what `--summary-json` writes, what the journal keeps (when the person says yes) and what tests check, so a
single pydantic model defines it and its JSON schema is generated from it (`mend session --summary-schema`).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Literal

from pydantic import BaseModel, Field

SCHEMA_VERSION = 1

EndedHow = Literal["completed", "ended_early", "stopped", "safety", "come_back_later", "interrupted", "paused"]
CareRoute = Literal["not_safe", "no_contact", "hurt"]


class Plan(BaseModel):
    """The repair gesture the person chose, in their own words."""

    gesture: str | None = Field(None, description="'conversation' or 'gesture' (a small act of care)")
    opening_line: str | None = Field(None, description="the first words they plan to say or write")
    when: str | None = Field(None, description="when they mean to do it, as they said it")
    their_first_words: str | None = Field(None, description="what they thought the other might say first")
    listening_reply: str | None = Field(None, description="the reply that listens, prepared in the rehearsal")


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
    care_route: CareRoute | None = Field(
        None, description="not_safe: they did not say they feel safe with the person, so no plan toward them; "
        "no_contact: the person asked for space (or is an ex, estranged, blocked), so no contact is planned; "
        "hurt: they were the one hurt, so no apology was asked of them")
    safety_flag: bool = Field(False, description="true when the session stopped because of a safety concern")
    safety_kind: str | None = None
    steps_visited: list[str] = Field(default_factory=list)
    kept_in_journal: bool = False
    journal_entry_id: int | None = None
    journal_error: str | None = Field(None, description="why the note could not be kept, when it could not")
    paused_id: int | None = Field(None, description="the paused reflection `mend resume` can pick up, while one is kept")
    transcript: list[TranscriptLine] | None = Field(
        None, description="only when the person opted into keeping transcripts"
    )

    def activation_value(self, moment: str) -> int | None:
        for reading in self.activation:
            if reading.moment == moment:
                return reading.value
        return None


def care_route(slots: dict, asked: set[str]) -> CareRoute | None:
    """Which care route the answers put the session on; `asked` holds the slots of the steps visited. Only a
    clear yes to feeling safe counts as safe."""
    if "feels_safe" in asked and slots.get("feels_safe") is not True:
        return "not_safe"
    if slots.get("no_contact") is True or slots.get("asked_for_space") is True:
        return "no_contact"
    return "hurt" if slots.get("hurt_by_them") is True else None


def plan_from(slots: dict, route: CareRoute | None) -> Plan:
    """The plan toward the other person: none when they may not be safe, no message or timing when they asked
    for no contact."""
    def text(name: str) -> str | None:
        value = slots.get(name)
        return value if isinstance(value, str) and value and route not in ("not_safe", "no_contact") else None

    listening = None if slots.get("sounds_defensive") else text("listening_reply")  # only a reply that listens
    return Plan(gesture=text("gesture"), opening_line=text("opening_line"), when=text("when"),
                their_first_words=text("their_first_words") if listening else None, listening_reply=listening)


def now() -> datetime:
    return datetime.now(timezone.utc)
