"""Shared helpers for flow tests: a small valid flow file to mutate, realistic slots, and a flow walker."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from mend.flows import FlowRunner

# A tiny but complete flow: a number step that branches on a named condition, a breathing step and an end.
MINI_FLOW = """\
name = "mini"
title = "Mini"
description = "A tiny flow for tests."
minutes = [1, 2]
start = "ask"

[conditions]
high = { slot = "level", at_least = 7 }

[labels.level]
"10" = "ten"

[steps.ask]
expects = "number"
slot = "level"
prompts = ["How high, zero to ten?", "Where are you, zero to ten?"]
reprompt_silence = ["Take your time."]
reprompt_unclear = ["Just a number."]
help = "A number."
next = [{ to = "breathe", when = "high" }, { to = "done" }]

[steps.breathe]
expects = "none"
breathing = { inhale = 4, hold = 2, exhale = 6, cycles = 2 }
leads = [{ when = "high", text = ["That is high: {level}."] }]
prompts = ["Breathe with me."]
reprompt_silence = ["Say next when ready."]
help = "Breathing."
next = [{ to = "done" }]

[steps.done]
expects = "none"
prompts = ["You said {level}.", "All done."]
reprompt_silence = ["Bye."]
help = "The end."
"""


def write_flow(directory: Path, text: str = MINI_FLOW, name: str = "mini.toml") -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def mutate(text: str, old: str, new: str) -> str:
    """Replace one exact snippet, failing loudly if the base text changed and the snippet is gone."""
    assert old in text, f"snippet not in base flow: {old!r}"
    return text.replace(old, new, 1)


def realistic_slots(
    relationship: str = "partner",
    gesture: str = "conversation",
    patterns: tuple[str, ...] = ("withdrawing", "self_blame"),
    before: int = 8,
    after: int = 4,
) -> dict[str, Any]:
    """Slots as a real session would leave them after the whole repair flow."""
    return {
        "relationship": relationship,
        "what_happened": "I snapped at her when she asked about the weekend",
        "activation_before": before,
        "first_reaction": "I went quiet and then told myself I ruin everything",
        "patterns": list(patterns),
        "activation_after": after,
        "feels_safe": True,
        "asked_for_space": False,
        "impact": "she probably felt dismissed",
        "own_part": "I was short with her because I was tired",
        "curiosity": "what she was hoping for when she asked",
        "gesture": gesture,
        "opening_line": "I've been thinking about how I spoke to you on Sunday",
        "when": "tomorrow evening after dinner",
    }


def walk(runner: FlowRunner, answers: Mapping[str, Mapping[str, Any]], limit: int = 100) -> list[str]:
    """Advance to the end, setting the slots given for a step just before leaving it; returns the history."""
    for _ in range(limit):
        if runner.done:
            return runner.history
        runner.slots.update(answers.get(runner.state, {}))
        runner.advance()
    raise AssertionError(f"flow did not end within {limit} steps: {runner.history}")
