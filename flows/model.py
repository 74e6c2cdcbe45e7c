"""The shape of a flow file, as pydantic models.

A flow is written by hand in TOML, so the models forbid unknown keys (a typo such as `promts` must be an error,
not a silently ignored line) and use strict types where TOML has the exact type (a number written as a string is
more likely a mistake than a wish). Cross-step consistency (unknown steps, unreachable steps, conditions...) is
checked separately by `flows.validate.validate_flow`, which can name the step and field precisely.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, model_validator


# Slots the application reads by name once a session ends or a draft is composed (the outcome, the journal entry,
# the drafted opening line, the care route). A flow may fill any slot it likes; a step slot spelled close to one
# of these but not the same (`activation_befor`) would leave the app reading nothing, so `flows check` says so.
APP_SLOTS: dict[str, str] = {
    "activation_before": "how stirred up, 0-10, before calming (outcome, journal)",
    "activation_after": "how stirred up, 0-10, after calming (outcome, journal)",
    "relationship": "who the rupture is with (outcome, journal)",
    "patterns": "the default responses noticed (outcome, journal)",
    "what_happened": "the rupture in the person's words (journal summary, opening line)",
    "impact": "how it may have landed on them (journal summary, opening line)",
    "own_part": "the part the person owns (journal summary, opening line)",
    "curiosity": "what they wonder about the other side (journal summary, opening line)",
    "hurt_felt": "what the person felt, when they were the one hurt (I-statement, journal summary)",
    "hurt_need": "what the person needs, when they were the one hurt (I-statement, journal summary)",
    "gesture": "the repair gesture (plan)",
    "opening_line": "the first words they might say (plan)",
    "when": "when they mean to reach out (plan)",
    "their_first_words": "what they think the other might say first (plan, beside the reply that listens)",
    "listening_reply": "one reply that listens, prepared in the rehearsal (plan, journal)",
    "sounds_defensive": "the prepared reply reads as a defence: it is not kept in the plan",
    "feels_safe": "a yes when the person feels safe with them (care route)",
    "no_contact": "they asked for no contact (care route)",
    "asked_for_space": "they asked for space (care route)",
    "hurt_by_them": "the person was the one hurt (care route)",
    "relationship_plural": "the person's words name more than one ('your parents'): verbs beside them agree",
    "cycle": "the loop the person named, their move and the other's, turned to 'you' (the reflection)",
    "stop_for_now": "a yes stops the session to come back later",
    "draft_opening_line": "the draft mend offered (filled by the session)",
}

# Slots the application fills before a session starts, for flow texts to use: where help is, from the person's
# crisis resources (their own `resources.toml` when they have one), so a flow never hard-codes one country's numbers.
PROVIDED_SLOTS: dict[str, str] = {
    "help_abuse": "how to reach help when someone is hurting or frightening you, e.g. 'call 1-800-799-7233, the "
                  "National Domestic Violence Hotline; or text START to 88788'",
    "help_danger": "what to do in danger right now, e.g. 'call 911'",
}

# What each `understand` kind reads from a free answer, and the slots it may fill besides the step's own.
UNDERSTOOD_SLOTS: dict[str, tuple[str, ...]] = {
    "patterns": ("patterns", "cycle"),
    "relationship": ("relationship", "no_contact"),
    "receiving_end": ("hurt_by_them", "no_contact", "cycle"),
    "timing": ("when_soon",),
    "listening_reply": ("sounds_defensive",),
    "offer": (),  # a yes/no offer: "not now", "maybe later", "I'll pass" decline it
}


class AnswerKind(str, Enum):
    """What kind of reply a step waits for; the session picks its listening vocabulary and parser from this."""

    FREE = "free"
    CHOICE = "choice"
    YES_NO = "yes_no"
    NUMBER = "number"
    NONE = "none"  # a statement or timed pause: silence is fine, any reply just continues


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Option(_Strict):
    """One answer of a CHOICE step; synonyms let people name it loosely ("my wife" for partner)."""

    id: StrictStr
    label: StrictStr
    synonyms: list[StrictStr] = []


class Condition(_Strict):
    """A named test on one slot; every constraint that is given must hold."""

    slot: StrictStr
    equals: Union[StrictBool, StrictInt, StrictStr, None] = None
    at_least: Optional[StrictInt] = None
    at_most: Optional[StrictInt] = None
    contains: Optional[StrictStr] = None
    is_set: Optional[StrictBool] = None
    count_at_least: Optional[StrictInt] = None  # how many items a list slot holds (a text counts as one)
    count_at_most: Optional[StrictInt] = None

    def constraints(self) -> list[str]:
        """Names of the constraints this condition actually uses (an empty list is an authoring mistake)."""
        names = ("equals", "at_least", "at_most", "contains", "is_set", "count_at_least", "count_at_most")
        return [name for name in names if getattr(self, name) is not None]

    def holds(self, slots: dict[str, Any]) -> bool:
        """Whether the slot's current value passes every given constraint; never raises on odd values."""
        value = slots.get(self.slot)
        present = value is not None and value != "" and value != [] and value != ()
        if self.is_set is not None and present != self.is_set:
            return False
        if self.equals is not None and not _same(value, self.equals):
            return False
        if self.at_least is not None or self.at_most is not None:
            number = _as_number(value)
            if number is None:
                return False
            if self.at_least is not None and number < self.at_least:
                return False
            if self.at_most is not None and number > self.at_most:
                return False
        if self.contains is not None and not _contains(value, self.contains):
            return False
        count = (len(value) if isinstance(value, (list, tuple)) else 1) if present else 0
        if self.count_at_least is not None and count < self.count_at_least:
            return False
        if self.count_at_most is not None and count > self.count_at_most:
            return False
        return True


def _same(value: Any, expected: Union[bool, int, str]) -> bool:
    if isinstance(expected, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(expected, bool) and value == expected
    if isinstance(expected, str) and isinstance(value, str):
        return value.strip().casefold() == expected.casefold()
    return value == expected


def _as_number(value: Any) -> Optional[float]:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _contains(value: Any, needle: str) -> bool:
    if isinstance(value, str):
        return needle.casefold() in value.casefold()
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(isinstance(item, str) and item.casefold() == needle.casefold() for item in value)
    return False


class Route(_Strict):
    """One way out of a step; `when` names a condition from the flow's [conditions] table."""

    to: StrictStr
    when: Union[StrictStr, list[StrictStr], None] = None

    @property
    def conditions(self) -> list[str]:
        """The condition names that must all hold (`when = ["a", "b"]` means a and b)."""
        return [self.when] if isinstance(self.when, str) else list(self.when or [])


class Lead(_Strict):
    """Lines said before the prompt when the condition holds (or always, without `when`; a list means all hold).
    With `one_of = true` the lines are alternatives and only one of them is said."""

    when: Union[StrictStr, list[StrictStr], None] = None
    text: list[StrictStr]
    one_of: StrictBool = False

    @property
    def conditions(self) -> list[str]:
        return [self.when] if isinstance(self.when, str) else list(self.when or [])


class BreathPattern(_Strict):
    """Paced breathing: seconds in, held and out, repeated `cycles` times; the session counts it aloud."""

    inhale: Annotated[float, Field(strict=True, gt=0, le=10)]
    hold: Annotated[float, Field(strict=True, ge=0, le=10)] = 0
    exhale: Annotated[float, Field(strict=True, gt=0, le=12)]
    cycles: Annotated[int, Field(strict=True, ge=1, le=10)]

    @property
    def cycle_seconds(self) -> float:
        return self.inhale + self.hold + self.exhale

    @property
    def total_seconds(self) -> float:
        return self.cycle_seconds * self.cycles


class Step(_Strict):
    """One question or statement of a flow; see the spec's Flows section for what each field means."""

    id: StrictStr
    prompts: list[StrictStr]
    expects: AnswerKind
    options: list[Option] = []
    slot: Optional[StrictStr] = None
    understand: Optional[StrictStr] = None
    leads: list[Lead] = []
    reprompt_silence: list[StrictStr]
    reprompt_unclear: list[StrictStr] = []
    dont_know: list[StrictStr] = []
    help: StrictStr
    pause_seconds: Annotated[float, Field(strict=True, ge=0, le=600)] = 0
    breathing: Optional[BreathPattern] = None
    check_wording: StrictBool = False
    compose: Optional[StrictStr] = None
    play_back: StrictBool = False  # the answer is given back: the person's own recording by voice, their words typed
    next: list[Route] = []

    @property
    def is_end(self) -> bool:
        """A step the flow may finish after: no routes, or only conditional ones (none holding ends the flow)."""
        return all(route.when is not None for route in self.next)


class Flow(_Strict):
    """A whole conversation: steps in order, the named conditions that steer it, and spoken labels for slots."""

    name: StrictStr
    title: StrictStr
    description: StrictStr
    minutes: tuple[StrictInt, StrictInt]
    start: StrictStr
    conditions: dict[str, Condition] = {}
    labels: dict[str, dict[str, StrictStr]] = {}
    steps: dict[str, Step]
    source: Optional[Path] = None

    @model_validator(mode="before")
    @classmethod
    def _fill_step_ids(cls, data: Any) -> Any:
        """Steps are written as [steps.<id>] tables; the key is the id, so authors never repeat it."""
        if isinstance(data, dict) and isinstance(data.get("steps"), dict):
            steps = {}
            for key, body in data["steps"].items():
                if isinstance(body, dict) and "id" not in body:
                    body = {"id": key, **body}
                steps[key] = body
            data = {**data, "steps": steps}
        return data

    def step(self, step_id: str) -> Step:
        return self.steps[step_id]

    def filled_slots(self) -> list[str]:
        """Slots some step fills (its own slot, or the slot its `understand` extracts into), in flow order."""
        seen: list[str] = []
        for step in self.steps.values():
            for name in (step.slot, *UNDERSTOOD_SLOTS.get(step.understand or "", ())):
                if name and name not in seen:
                    seen.append(name)
        return seen
