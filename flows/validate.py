"""Cross-checks that make a flow safe to run, each failure naming the step and field to fix.

The pydantic models only know the shape of one table at a time. These checks look across the whole flow: routes
that point nowhere, conditions nobody declared or that test a slot no step fills, steps nobody can reach, and loops
a person could never leave. A person in the middle of a hard moment must never be stuck in a flow.
"""

from __future__ import annotations

import difflib
import re
from collections import deque
from typing import Iterable, Optional

from mend.flows.errors import FlowError
from mend.flows.model import APP_SLOTS, PROVIDED_SLOTS, UNDERSTOOD_SLOTS, AnswerKind, Flow, Step
from mend.flows.render import placeholders, stray_braces

NAME = re.compile(r"^[a-z][a-z0-9_]*$")
END_STATES = ("finished", "stopped")
TRIGGERS = ("advance", "go_back", "stop")
# Attributes the state machine puts on its model object; a condition method must not shadow them.
MACHINE_NAMES = frozenset(TRIGGERS + ("trigger", "state", "slots", "machine", "back_target"))
MACHINE_PREFIXES = ("is_", "may_", "to_")
UNDERSTAND = tuple(UNDERSTOOD_SLOTS)
COMPOSE = ("opening_line", "i_statement")
ANSWERED = (AnswerKind.CHOICE, AnswerKind.YES_NO, AnswerKind.NUMBER)


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


class _Checker:
    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self.file = flow.source
        self.slots = set(flow.filled_slots()) | set(PROVIDED_SLOTS)

    def fail(self, message: str, step: Optional[str] = None, field: Optional[str] = None, hint: str = "") -> None:
        kwargs = {"hint": hint} if hint else {}
        raise FlowError(message, file=self.file, step=step, field=field, **kwargs)

    # -- whole-flow fields -------------------------------------------------------------------------------------
    def check_header(self) -> None:
        flow = self.flow
        if not flow.steps:
            self.fail("the flow has no steps", field="steps", hint="Add at least one [steps.<id>] table.")
        for field in ("name", "title", "description"):
            if not getattr(flow, field).strip():
                self.fail("must not be empty", field=field)
        low, high = flow.minutes
        if low < 1 or high < low:
            self.fail(f"expected [low, high] minutes with 1 <= low <= high, got [{low}, {high}]", field="minutes")
        if flow.start not in flow.steps:
            self.fail(
                f"unknown step '{flow.start}'",
                field="start",
                hint=_suggest(flow.start, flow.steps) or f"Use one of: {', '.join(flow.steps)}.",
            )

    def check_conditions(self) -> None:
        for name, cond in self.flow.conditions.items():
            where = f"conditions.{name}"
            if not NAME.match(name) or name in MACHINE_NAMES or name.startswith(MACHINE_PREFIXES):
                self.fail(
                    f"bad condition name '{name}'",
                    field=where,
                    hint="Use lower_case letters, digits and _, not starting with is_, may_ or to_, "
                    f"and not one of: {', '.join(sorted(MACHINE_NAMES))}.",
                )
            if not cond.constraints():
                self.fail("tests nothing", field=where, hint="Give one of equals, at_least, at_most, contains, is_set, count_at_least, count_at_most.")
            if cond.slot not in self.slots:
                self.fail(
                    f"slot '{cond.slot}' is not filled by any step",
                    field=f"{where}.slot",
                    hint=_suggest(cond.slot, self.slots) or "Point the condition at a slot some step fills.",
                )
            if cond.at_least is not None and cond.at_most is not None and cond.at_least > cond.at_most:
                self.fail("at_least is greater than at_most, so it can never hold", field=where)

    def check_labels(self) -> None:
        for slot in self.flow.labels:
            if slot not in self.slots:
                self.fail(
                    f"labels for slot '{slot}', which no step fills",
                    field=f"labels.{slot}",
                    hint=_suggest(slot, self.slots) or "Remove the labels or fix the slot name.",
                )

    # -- one step -----------------------------------------------------------------------------------------------
    def check_text(self, step: Step, field: str, text: str) -> None:
        if not text.strip():
            self.fail("empty text", step.id, field, hint="Write the words to say, or remove the entry.")
        if stray_braces(text):
            self.fail("malformed {placeholder}", step.id, field, hint="Write placeholders as {slot_name}.")
        for name in placeholders(text):
            if name not in self.slots:
                self.fail(
                    f"placeholder {{{name}}} names no slot any step fills",
                    step.id,
                    field,
                    hint=_suggest(name, self.slots) or "Use the name of a slot filled earlier in the flow.",
                )

    def check_texts(self, step: Step, field: str, lines: list[str], required: bool) -> None:
        if required and not lines:
            self.fail("needs at least one line", step.id, field)
        for index, line in enumerate(lines):
            self.check_text(step, f"{field}[{index}]", line)

    def check_condition_name(self, step: Step, field: str, name: str) -> None:
        if name not in self.flow.conditions:
            declared = self.flow.conditions
            self.fail(
                f"unknown condition '{name}'",
                step.id,
                field,
                hint=_suggest(name, declared) or "Declare it in the [conditions] table first.",
            )

    def check_ids(self) -> None:
        for key, step in self.flow.steps.items():
            self.check_id(key, step)

    def check_id(self, key: str, step: Step) -> None:
        if step.id != key:
            self.fail(f"id '{step.id}' differs from the table key", key, "id", hint="Leave out id; the key names the step.")
        if not NAME.match(key) or key in END_STATES:
            self.fail(
                f"bad step id '{key}'",
                key,
                "id",
                hint="Use lower_case letters, digits and _ (not 'finished' or 'stopped').",
            )

    def check_step(self, key: str, step: Step) -> None:
        if not step.prompts:
            self.fail("needs at least one prompt", key, "prompts")
        self.check_texts(step, "prompts", step.prompts, required=True)
        self.check_texts(step, "reprompt_silence", step.reprompt_silence, required=True)
        self.check_texts(step, "reprompt_unclear", step.reprompt_unclear, required=step.expects in ANSWERED)
        self.check_texts(step, "dont_know", step.dont_know, required=False)
        self.check_text(step, "help", step.help)
        self.check_answer(step)
        for index, lead in enumerate(step.leads):
            for name in lead.conditions:
                self.check_condition_name(step, f"leads[{index}].when", name)
            self.check_texts(step, f"leads[{index}].text", lead.text, required=True)
        self.check_routes(step)

    def check_answer(self, step: Step) -> None:
        key, kind = step.id, step.expects
        if kind is not AnswerKind.NONE and not step.slot:
            self.fail(f"a {kind.value} step needs a slot to keep the answer in", key, "slot")
        if step.slot and not NAME.match(step.slot):
            self.fail(f"bad slot name '{step.slot}'", key, "slot", hint="Use lower_case letters, digits and _.")
        if kind is AnswerKind.CHOICE:
            if len(step.options) < 2:
                self.fail("a choice step needs at least 2 options", key, "options")
            seen = set()
            for index, option in enumerate(step.options):
                if not NAME.match(option.id) or option.id in seen:
                    self.fail(f"option id '{option.id}' is empty, malformed or repeated", key, f"options[{index}].id")
                seen.add(option.id)
                if not option.label.strip():
                    self.fail("empty label", key, f"options[{index}].label")
        elif step.options:
            self.fail(f"options are only used by choice steps, not {kind.value}", key, "options")
        for field, value, allowed in (("understand", step.understand, UNDERSTAND), ("compose", step.compose, COMPOSE)):
            if value is None:
                continue
            if value not in allowed:
                self.fail(f"unknown value '{value}'", key, field, hint=f"Use one of: {', '.join(allowed)}.")
            if value == "offer" and field == "understand":
                if kind is not AnswerKind.YES_NO:
                    self.fail("only yes_no steps can be read as an offer", key, field)
            elif kind is not AnswerKind.FREE:
                self.fail(f"only free steps can use {field}", key, field)
        if step.check_wording and kind is not AnswerKind.FREE:
            self.fail("only free steps have wording to check", key, "check_wording")
        if step.play_back and kind is not AnswerKind.FREE:
            self.fail("only free steps have words to play back", key, "play_back")
        if step.breathing is not None and kind is not AnswerKind.NONE:
            self.fail("a breathing step must expect none (nobody answers mid-breath)", key, "breathing")

    def check_routes(self, step: Step) -> None:
        always: Optional[int] = None
        for index, route in enumerate(step.next):
            if always is not None:
                self.fail(
                    f"never taken: next[{always}] has no `when`, so it always wins first",
                    step.id,
                    f"next[{index}]",
                    hint="Move unconditional routes last.",
                )
            if route.to not in self.flow.steps:
                self.fail(
                    f"unknown step '{route.to}'",
                    step.id,
                    f"next[{index}].to",
                    hint=_suggest(route.to, self.flow.steps) or f"Use one of: {', '.join(self.flow.steps)}.",
                )
            if route.when is None:
                always = index
            elif not route.conditions:
                self.fail("an empty `when` list", step.id, f"next[{index}].when", hint="Name a condition, or leave out when.")
            for name in route.conditions:
                self.check_condition_name(step, f"next[{index}].when", name)

    # -- the graph ----------------------------------------------------------------------------------------------
    def check_graph(self) -> None:
        steps = self.flow.steps
        reached = _reachable(self.flow, [self.flow.start])
        for key in steps:
            if key not in reached:
                self.fail(
                    f"unreachable: no route leads here from the start step '{self.flow.start}'",
                    key,
                    hint="Route to it from an earlier step, or remove it.",
                )
        can_end = set(_reaches_end(self.flow))
        for key in steps:
            if key not in can_end:
                loop = _find_loop(self.flow, key, can_end)
                self.fail(
                    f"a cycle with no exit to an end: {' -> '.join(loop)}",
                    key,
                    "next",
                    hint="Give some step in the loop a route out that leads to a step without `next`.",
                )


def _reachable(flow: Flow, starts: list[str]) -> list[str]:
    """Step ids reachable from starts over any route (conditions ignored), in visiting order."""
    seen: list[str] = []
    queue = deque(s for s in starts if s in flow.steps)
    while queue:
        key = queue.popleft()
        if key in seen:
            continue
        seen.append(key)
        queue.extend(route.to for route in flow.steps[key].next if route.to in flow.steps)
    return seen


def _reaches_end(flow: Flow) -> list[str]:
    """Step ids from which some path reaches a step the flow can finish after."""
    incoming: dict[str, list[str]] = {key: [] for key in flow.steps}
    for key, step in flow.steps.items():
        for route in step.next:
            if route.to in incoming:
                incoming[route.to].append(key)
    found = [key for key, step in flow.steps.items() if step.is_end]
    queue = deque(found)
    while queue:
        for before in incoming[queue.popleft()]:
            if before not in found:
                found.append(before)
                queue.append(before)
    return found


def _find_loop(flow: Flow, start: str, can_end: set[str]) -> list[str]:
    """A path from start that comes back on itself, for a readable error message."""
    path = [start]
    while True:
        nxt = next((r.to for r in flow.steps[path[-1]].next if r.to in flow.steps and r.to not in can_end), None)
        if nxt is None:
            return path
        if nxt in path:
            return path + [nxt]
        path.append(nxt)


def reachable_steps(flow: Flow, start: Optional[str] = None) -> list[str]:
    """Step ids reachable from `start` (the flow's start by default), ignoring conditions."""
    return _reachable(flow, [start or flow.start])


def steps_that_can_end(flow: Flow) -> list[str]:
    """Step ids from which the flow can still reach its end."""
    return _reaches_end(flow)


def validate_flow(flow: Flow) -> None:
    """Raise FlowError (file, step, field) for the first inconsistency; return None for a usable flow."""
    checker = _Checker(flow)
    checker.check_header()
    checker.check_ids()
    checker.check_conditions()
    checker.check_labels()
    for key, step in flow.steps.items():
        checker.check_step(key, step)
    checker.check_graph()


def slot_warnings(flow: Flow) -> list[FlowError]:
    """Step slots spelled close to, but not the same as, a slot the application reads (see `APP_SLOTS`): a flow
    that loads and runs, but whose answer the outcome, the journal or the draft would never see."""
    warnings = []
    for key, step in flow.steps.items():
        if not step.slot or step.slot in APP_SLOTS:
            continue
        close = difflib.get_close_matches(step.slot, list(APP_SLOTS), n=1, cutoff=0.8)
        if close:
            warnings.append(FlowError(
                f"slot '{step.slot}' is not one mend reads; did you mean '{close[0]}' ({APP_SLOTS[close[0]]})?",
                file=flow.source, step=key, field="slot",
                hint=f"Rename it to '{close[0]}', or to a name further from it if it is meant to be the flow's own.",
            ))
    return warnings
