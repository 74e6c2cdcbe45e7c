"""Flow data and the state machine that walks it: what mend asks, in what order, and where each answer goes.

This package knows nothing about audio or the terminal (see the architecture notes); the session asks it what to
say, stores answers in `FlowRunner.slots` and fires `advance`, `go_back` or `stop`.
"""

from mend.flows.describe import breathing_cues, describe_breathing, describe_flow, describe_step
from mend.flows.errors import FlowError
from mend.flows.loader import MAX_FLOW_BYTES, builtin_flow, builtin_flow_names, load_flow, parse_flow
from mend.flows.machine import FlowRunner
from mend.flows.model import APP_SLOTS, AnswerKind, BreathPattern, Condition, Flow, Lead, Option, Route, Step
from mend.flows.render import fill, join_spoken, placeholders, spoken_value
from mend.flows.validate import reachable_steps, slot_warnings, steps_that_can_end, validate_flow

DEFAULT_FLOW = "repair"

__all__ = [
    "APP_SLOTS",
    "DEFAULT_FLOW",
    "MAX_FLOW_BYTES",
    "AnswerKind",
    "BreathPattern",
    "Condition",
    "Flow",
    "FlowError",
    "FlowRunner",
    "Lead",
    "Option",
    "Route",
    "Step",
    "breathing_cues",
    "builtin_flow",
    "builtin_flow_names",
    "describe_breathing",
    "describe_flow",
    "describe_step",
    "fill",
    "join_spoken",
    "load_flow",
    "parse_flow",
    "placeholders",
    "reachable_steps",
    "slot_warnings",
    "spoken_value",
    "steps_that_can_end",
    "validate_flow",
]
