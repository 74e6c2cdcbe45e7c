"""Readable views of a flow: a step listing for `mend flows show NAME`, and spoken breathing cues.

Both are pure data so the CLI and the session can use them without the flows package knowing about terminals or
audio: the CLI prints the lines; the session speaks each cue and waits out its seconds.
"""

from __future__ import annotations

from typing import Optional

from mend.flows.model import AnswerKind, BreathPattern, Flow, Step

COUNT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
KIND_WORDS = {
    AnswerKind.FREE: "open answer",
    AnswerKind.CHOICE: "choice",
    AnswerKind.YES_NO: "yes or no",
    AnswerKind.NUMBER: "number 0-10",
    AnswerKind.NONE: "no answer needed",
}


def _seconds(value: float) -> str:
    return f"{value:g}s"


def _routes(flow: Flow, step: Step) -> str:
    parts = [f"{route.to} if {' and '.join(route.conditions)}" if route.when else route.to for route in step.next]
    if step.is_end:
        parts.append("end")
    return ", ".join(parts)


def describe_step(flow: Flow, index: int, step: Step) -> list[str]:
    """Lines describing one step: number, id, what it asks, where it stores the answer and where it goes."""
    kind = KIND_WORDS[step.expects]
    if step.expects is AnswerKind.CHOICE:
        kind += ": " + " / ".join(option.label for option in step.options)
    store = f" -> slot '{step.slot}'" if step.slot else ""
    if step.understand:
        store += f" (+ '{step.understand}')"
    lines = [f"{index:>2}. {step.id} [{kind}]{store}", f"      \u201c{step.prompts[0]}\u201d"]
    extras = []
    if step.breathing:
        extras.append(describe_breathing(step.breathing))
    if step.pause_seconds:
        extras.append(f"pause {_seconds(step.pause_seconds)}")
    if step.check_wording:
        extras.append("checks wording")
    if step.play_back:
        extras.append("plays the answer back")
    if step.compose:
        extras.append(f"offers a draft {step.compose.replace('_', ' ')}")
    if step.leads:
        extras.append(f"{len(step.leads)} lead(s)")
    if extras:
        lines.append("      " + "; ".join(extras))
    lines.append(f"      next: {_routes(flow, step)}")
    return lines


def describe_flow(flow: Flow) -> list[str]:
    """A readable listing of a flow, header first, then each step in flow order."""
    low, high = flow.minutes
    lines = [f"{flow.name}: {flow.title} ({low}-{high} minutes)", f"  {flow.description}", f"  starts at: {flow.start}"]
    if flow.conditions:
        lines.append(f"  conditions: {', '.join(flow.conditions)}")
    lines.append(f"  slots: {', '.join(flow.filled_slots())}")
    for index, step in enumerate(flow.steps.values(), start=1):
        lines.extend(describe_step(flow, index, step))
    return lines


def describe_breathing(pattern: BreathPattern) -> str:
    hold = f", hold {_seconds(pattern.hold)}" if pattern.hold else ""
    return (
        f"breathing: in {_seconds(pattern.inhale)}{hold}, out {_seconds(pattern.exhale)}, "
        f"{pattern.cycles} cycles (~{round(pattern.total_seconds)}s)"
    )


def _count(first: str, seconds: float) -> list[tuple[str, float]]:
    """Cues for one phase: the first word, then counting "two, three..." one per second, remainder on the last."""
    whole = max(1, int(seconds))
    cues = [(first if i == 0 else COUNT_WORDS[min(i, len(COUNT_WORDS) - 1)], 1.0) for i in range(whole)]
    extra = seconds - whole
    if extra > 0:
        cues[-1] = (cues[-1][0], 1.0 + extra)
    elif seconds < 1:
        cues[-1] = (cues[-1][0], seconds)
    return cues


def breathing_cues(pattern: BreathPattern, in_word: str = "Breathe in", hold_word: str = "Hold",
                   out_word: str = "And out", last: Optional[str] = None) -> list[tuple[str, float]]:
    """(words, seconds) pairs for the whole exercise; the seconds of one round add up to the pattern's timing.

    The session says each cue and waits until its seconds have passed, so the counting keeps real time.
    """
    cues: list[tuple[str, float]] = []
    for _ in range(pattern.cycles):
        cues.extend(_count(in_word, pattern.inhale))
        if pattern.hold:
            cues.extend(_count(hold_word, pattern.hold))
        cues.extend(_count(out_word, pattern.exhale))
    if last:
        cues.append((last, 0.0))
    return cues
