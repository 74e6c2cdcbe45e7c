"""Running a flow: a `transitions` state machine compiled from the flow's steps and routes.

Only three triggers exist ("advance", "go_back", "stop") and `auto_transitions` is off, so nothing can jump to an
arbitrary step: every move is one the flow file declared. Each named condition becomes a method of the machine's
model object, so a route `when = "still_high"` is checked by calling `still_high()`, visible in the graph and
in tracebacks under its own name.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from transitions import Machine

from mend.flows.errors import FlowError
from mend.flows.model import Condition, Flow, Step
from mend.flows.render import fill, fill_lines, pick_variant
from mend.flows.validate import END_STATES, validate_flow

FINISHED, STOPPED = END_STATES


class FlowModel:
    """The object the Machine drives; holds the slots its condition methods read and the go-back target."""

    def __init__(self, slots: dict[str, Any]) -> None:
        self.slots = slots
        self.back_target: Optional[str] = None


def _condition_method(name: str, condition: Condition) -> Callable[..., bool]:
    def check(self: FlowModel, *_args: Any, **_kwargs: Any) -> bool:
        return condition.holds(self.slots)

    check.__name__ = name
    check.__qualname__ = name
    check.__doc__ = f"True when slot '{condition.slot}' passes {', '.join(condition.constraints())}."
    return check


def compile_model_class(flow: Flow) -> type[FlowModel]:
    """A FlowModel subclass with one method per named condition of the flow."""
    methods = {name: _condition_method(name, cond) for name, cond in flow.conditions.items()}
    return type(f"{flow.name.title().replace('-', '').replace(' ', '')}FlowModel", (FlowModel,), methods)


def _back_check(model: FlowModel, target: str) -> Callable[..., bool]:
    """Guard of one go_back transition: only the step recorded as previous can be returned to."""

    def back_is(*_args: Any, **_kwargs: Any) -> bool:
        return model.back_target == target

    back_is.__name__ = f"back_to_{target}"
    return back_is


class FlowRunner:
    """One person's way through a flow: current step, slots gathered so far, and the path taken."""

    def __init__(self, flow: Flow) -> None:
        validate_flow(flow)
        self.flow = flow
        self.slots: dict[str, Any] = {}
        self.model = compile_model_class(flow)(self.slots)
        self._history: list[str] = [flow.start]
        self.machine = Machine(
            model=self.model,
            states=list(flow.steps) + [FINISHED, STOPPED],
            initial=flow.start,
            auto_transitions=False,
            ignore_invalid_triggers=False,
        )
        self._add_transitions()

    def _add_transitions(self) -> None:
        flow, machine = self.flow, self.machine
        predecessors: dict[str, list[str]] = {key: [] for key in flow.steps}
        for key, step in flow.steps.items():
            for route in step.next:
                conditions = route.conditions
                machine.add_transition("advance", key, route.to, conditions=conditions)
                if key not in predecessors[route.to]:
                    predecessors[route.to].append(key)
            if step.is_end:
                machine.add_transition("advance", key, FINISHED)
            machine.add_transition("stop", key, STOPPED)
        for key, sources in predecessors.items():
            for before in sources:
                machine.add_transition("go_back", key, before, conditions=[_back_check(self.model, before)])

    # -- state -------------------------------------------------------------------------------------------------
    @property
    def state(self) -> str:
        return self.model.state

    @property
    def step(self) -> Optional[Step]:
        """The current step, or None once the flow has finished or been stopped."""
        return self.flow.steps.get(self.state)

    @property
    def finished(self) -> bool:
        return self.state == FINISHED

    @property
    def stopped(self) -> bool:
        return self.state == STOPPED

    @property
    def done(self) -> bool:
        return self.state in END_STATES

    @property
    def history(self) -> list[str]:
        """Steps entered so far, in order, ending with the current one (undone steps removed by go_back)."""
        return list(self._history)

    # -- triggers ----------------------------------------------------------------------------------------------
    def advance(self) -> None:
        """Move on along the first route whose condition holds; finish when none does."""
        if self.done:
            raise FlowError(f"cannot advance: the flow is already {self.state}", step=self.state)
        self.model.advance()
        if not self.done:
            self._history.append(self.state)

    def go_back(self) -> bool:
        """Return to the step before this one; False (and no move) at the start or after the end."""
        if self.done or len(self._history) < 2:
            return False
        self.model.back_target = self._history[-2]
        try:
            moved = self.model.go_back()
        finally:
            self.model.back_target = None
        if moved:
            self._history.pop()
        return bool(moved)

    def resume_at(self, step_id: str, history: list[str], slots: dict[str, Any]) -> None:
        """Carry on a reflection kept earlier: at `step_id`, with the path taken and the slots filled so far."""
        if step_id not in self.flow.steps:
            raise FlowError(f"cannot resume at '{step_id}': the flow has no such step", step=step_id)
        self.machine.set_state(step_id, model=self.model)
        self._history = [s for s in history if s in self.flow.steps] or [step_id]
        if self._history[-1] != step_id:
            self._history.append(step_id)
        self.slots.clear()
        self.slots.update(slots)

    def stop(self) -> None:
        """Stop the flow where it is; a flow that already ended keeps its outcome."""
        if not self.done:
            self.model.stop()

    # -- speech ------------------------------------------------------------------------------------------------
    def holds(self, condition_name: str) -> bool:
        """Whether a named condition of the flow holds for the current slots."""
        return bool(getattr(self.model, condition_name)())

    def fill(self, text: str) -> Optional[str]:
        """One line with placeholders filled from the slots, or None if it cannot be said yet."""
        return fill(text, self.slots, self.flow.labels)

    def fill_lines(self, lines: list[str]) -> list[str]:
        """The lines that can be said, filled; others skipped."""
        return fill_lines(lines, self.slots, self.flow.labels)

    def render(self, step: Optional[Step] = None, variant: int = 0) -> list[str]:
        """Lines to say for a step: every lead whose conditions hold (one line of a `one_of` lead, chosen by the
        variant), then one prompt variant (mod count). The same variant always gives the same words."""
        step = step or self.step
        if step is None:
            return []
        lines: list[str] = []
        for index, lead in enumerate(step.leads):
            if not all(self.holds(name) for name in lead.conditions):
                continue
            if lead.one_of:
                chosen = pick_variant(lead.text, variant + index, self.slots, self.flow.labels)
                lines.extend([chosen] if chosen else [])
            else:
                lines.extend(self.fill_lines(lead.text))
        prompt = pick_variant(step.prompts, variant, self.slots, self.flow.labels)
        if prompt:
            lines.append(prompt)
        return lines

    def pick(self, lines: list[str], variant: int = 0) -> Optional[str]:
        """One of several variant lines (reprompts, don't-know alternatives), filled; None if none can be said."""
        return pick_variant(lines, variant, self.slots, self.flow.labels)
