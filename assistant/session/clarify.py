"""Settling what an answer means before it is kept: the either/or question ("Was it more like pulling away, or
pushing back?"), the person's own words for the person ("your dad"), and a re-answered step replacing, not
joining, what it said before."""

from __future__ import annotations

from mend.assistant.session.conversation import Conversation
from mend.assistant.session.spoken_commands import handle_command
from mend.assistant.understanding.asking import read_asked
from mend.assistant.understanding.meanings import parse_command
from mend.assistant.understanding.people import is_plural
from mend.assistant.understanding.reading import Reading
from mend.audio.turns import ListenRequest
from mend.flows import Step


def settle(session: Conversation, step: Step, reading: Reading) -> Reading:
    """Ask the reading's question once and fold the reply in; an unclear reply leaves the answer as it was
    (a described reaction is kept without a pattern, a relationship without a category)."""
    ask = reading.ask
    if ask is None:
        return reading
    listening = session.settings.listening
    request = ListenRequest(
        phrases=[term for _, terms in ask.options for term in terms] + ["both", "neither", "repeat", "stop"],
        trailing_silence=listening.closed_trailing_silence,
        no_speech_timeout=listening.no_speech_timeout,
        max_utterance=listening.max_utterance,
    )
    for _ in range(3):  # "say that again" or "what do you mean" hears the question once more
        session.say(ask.question)
        heard = session.hear(request)
        if heard.silent:
            return reading
        session.check_safety(heard)
        command = heard.command_during_speech or parse_command(heard.text)
        if command not in ("repeat", "help", "slower", "pause"):
            break
    if command == "stop":
        handle_command(session, command, step)  # says goodbye and stops
    if command is not None:
        return reading
    picked = read_asked(ask, heard.text)
    if ask.target == "patterns":
        reading.extracted["patterns"] = picked
    elif picked:
        reading.value = picked[0]
    return reading


def keep_patterns(session: Conversation, step_id: str, found: list[str], by_step: dict[str, list[str]]) -> None:
    """Patterns of each step kept apart, so answering a step again (after going back) replaces its own."""
    by_step[step_id] = list(found)
    merged: list[str] = []
    for step in dict.fromkeys([*session.runner.history, step_id]):
        merged += [pattern for pattern in by_step.get(step, []) if pattern not in merged]
    session.runner.slots["patterns"] = merged


def use_own_words(session: Conversation, category: object, words: object) -> None:
    """Say the person as the person did ("your dad"): the category stays the slot's value, for branching and the
    summary; only how {relationship} is spoken changes, for this session alone."""
    if not isinstance(words, str) or not words or not isinstance(category, str):
        return
    runner = session.runner
    runner.slots["relationship_plural"] = is_plural(words)  # "Have your parents asked...", never "Has"
    labels = {slot: dict(table) for slot, table in runner.flow.labels.items()}
    labels.setdefault("relationship", {})[category] = words
    runner.flow = runner.flow.model_copy(update={"labels": labels})
