"""The global commands a person can say at any step: repeat, slower, faster, pause/resume, go back, skip, help,
stop. Each keeps the person where they are unless the command itself moves the flow."""

from __future__ import annotations

from mend.assistant.lines import say as line
from mend.assistant.session.conversation import Conversation
from mend.assistant.session.listening import listen_request
from mend.assistant.understanding.meanings import parse_command
from mend.flows import AnswerKind, Step


RATE_RANGE = (0.6, 1.6)


class SessionStopped(Exception):
    """The person asked to stop; unwinds the loop to the closing."""


def handle_command(session: Conversation, command: str | None, step: Step) -> bool:
    """Act on a global command; True when the step is finished (the flow moved)."""
    runner = session.runner
    if command == "stop":
        session.say(line("commands.stop"))
        raise SessionStopped()
    if command == "repeat":
        session.repeat(step)
    elif command in ("slower", "faster"):
        change_rate(session, command)
        session.repeat(step)
    elif command == "pause":
        pause(session, line("commands.pausing"))
        session.repeat(step)
    elif command == "resume":
        session.say(line("commands.not_paused"))
        session.repeat(step)
    elif command == "help":
        session.say_from_flow(step, [step.help])
        session.say(line("commands.help"))
    elif command == "back":
        if runner.go_back():
            session.say(line("commands.back"))
            return True
        session.say(line("commands.back_at_first"))
    elif command == "skip":
        if step.expects != AnswerKind.NONE:  # "next" after a statement simply moves on
            session.say(line("commands.skip"))
        runner.advance()
        return True
    return False


def change_rate(session: Conversation, command: str) -> None:
    """Slower or faster for the rest of the session; takes effect from the very next sentence."""
    step = session.settings.voice.rate_step
    factor = session.rate_factor * ((1 - step) if command == "slower" else (1 + step))
    session.rate_factor = min(RATE_RANGE[1], max(RATE_RANGE[0], factor))
    session.speaker.set_rate_factor(session.rate_factor)
    session.say(line(f"commands.{command}"))


def wait_for_word(session: Conversation, phrases: list[str]) -> str | None:
    """Listen patiently until the person says something; returns the command it holds, if any."""
    request = listen_request(session.settings.listening, phrases, patience=60.0)
    while True:
        heard = session.hear(request)
        if heard.silent:
            continue
        session.check_safety(heard)
        return heard.command_during_speech or parse_command(heard.text)


def pause(session: Conversation, why: str) -> None:
    session.say(line("commands.paused", why=why))
    if wait_for_word(session, ["resume", "continue", "ready", "stop", "yes", "[unk]"]) == "stop":
        session.say(line("commands.stop"))
        raise SessionStopped()
    session.say(line("commands.welcome_back"))
