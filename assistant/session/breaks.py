"""A real break, and keeping a reflection to pick up later.

Flooding (a body too stirred up to listen) takes about twenty minutes to settle, and a break only helps if the other
person knows it is not walking away. So when activation stays high, or the person asks for a break at any step,
mend offers a timed break: a line to tell the other person with the clock time it ends, said as people say times,
something soothing to do that is not rehearsing the argument, the time left shown every minute, and a soft chime
at the end. By voice the time is also said, sparingly: when the break starts ("I'll chime in twenty minutes"), once
near the end ("Two minutes left."), and whenever the person asks how long is left. Any other reply ends it early;
then the session carries on at the same point. Declining the break, the
person can have the reflection kept (only if they say so) and pick it up later with `mend resume`.
"""

from __future__ import annotations

import json
import math
import os
import time
from datetime import datetime, timedelta

from mend.assistant.errors import MendError
from mend.assistant.lines import say as line
from mend.assistant.session.conversation import Conversation
from mend.assistant.session.outcome import SessionOutcome
from mend.assistant.session.spoken_commands import SessionStopped
from mend.assistant.understanding.commands import asks_time_left
from mend.assistant.understanding.meanings import parse_command
from mend.audio.spoken_form import number_words
from mend.audio.turns import ListenRequest
from mend.flows import Step

MINUTE_SECONDS_ENV = "MEND_BREAK_MINUTE_SECONDS"  # hidden, for tests: how many seconds a break's minute lasts
TOOK, DECLINED = "took", "declined"
FINISHED = ("completed", "come_back_later", "stopped")  # endings after which nothing is left to pick up
_HOURS = ["twelve", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"]
_PAST = {5: "five past", 10: "ten past", 15: "quarter past", 20: "twenty past", 25: "twenty-five past", 30: "half past"}


class SessionPaused(Exception):
    """The person chose to pick the reflection up later, and it was kept."""


# --- when and how the break is offered ----------------------------------------------------------------------------
def break_at_step(session: Conversation, step: Step) -> None:
    """"I need a break" at any step: offered, taken or declined, then the same step again."""
    session.say(line("break.asked"))
    if offer_break(session, step.id) == DECLINED:
        session.say(line("break.carry_on"))
    session.repeat(step)


def after_break_offer(session: Conversation, step: Step, answer: bool) -> object:
    """Still running high, and yes to stopping for now: a timed break first. Returns the value for the step's
    slot: "break" when one was taken (the flow then checks again how stirred up they are), else the answer."""
    session.say(line("break.still_high"))
    history = session.runner.history
    before = history[-2] if len(history) > 1 else step.id  # picked up later: the check that led here
    return "break" if offer_break(session, before) == TOOK else answer


def offer_break(session: Conversation, resume_step: str) -> str:
    """Offer the timed break; declined, offer to keep the reflection for later (raises SessionPaused if kept)."""
    minutes = session.settings.session.break_minutes
    if session.ask_yes_no(line("break.offer", minutes=minutes_text(minutes)), offer=True):
        take_break(session, minutes, resume_step)
        return TOOK
    if session.save_policy != "never" and session.journal_opener is not None:
        if session.ask_yes_no(line("break.keep_offer"), offer=True):
            keep_for_later(session, resume_step)
    return DECLINED


# --- the break itself ---------------------------------------------------------------------------------------------
def take_break(session: Conversation, minutes: float, resume_step: str) -> None:
    """Wait up to `minutes`, showing the time left each minute (and, by voice, saying it at the start and once
    near the end); "how long is left?" is answered, and any other reply ends the break early."""
    minute = minute_seconds()
    voice = bool(getattr(session, "voice", False))
    ends = datetime.now().astimezone() + timedelta(minutes=minutes)
    session.say(line("break.tell_them", clock=spoken_clock(ends)))
    session.say(line("break.soothe", int(time.time()) % 2))
    session.say(line("break.rehearsing"))
    if voice:
        session.say(line("break.chime_in", minutes=spoken_minutes(minutes)))
    session.say(line("break.waiting_voice" if voice else "break.waiting_typed"))
    if session.save_policy == "always":  # they agreed to keep notes: a break cut short by a crash is not lost
        _keep(session, resume_step, quiet=True)
    deadline = time.monotonic() + minutes * minute
    near_end = near_end_minutes(minutes) if voice else None
    mark = math.ceil(minutes - 1e-6) - 1  # the whole minutes left at the next caption
    while True:
        left = deadline - time.monotonic()
        if left <= 0.01:
            break
        while mark >= 1 and left <= mark * minute + 0.05:  # a minute passed (perhaps while answering a question)
            session.speaker.caption(line("break.one_minute_left") if mark == 1 else line("break.minutes_left", minutes=mark))
            if mark == near_end:
                session.say(line("break.near_end", left=spoken_minutes(mark).capitalize()))
            mark -= 1
        wait = left - max(mark, 0) * minute
        slice_end = time.monotonic() + wait
        heard = session.hear(_break_request(session, wait))
        if heard.text or time.monotonic() < slice_end - 0.05:  # words, or Enter / speech before the minute was up
            if heard.text:
                session.check_safety(heard)
                if (heard.command_during_speech or parse_command(heard.text)) == "stop":
                    session.say(line("commands.stop"))
                    raise SessionStopped()
                if asks_time_left(heard.text):
                    session.say(time_left_line((deadline - time.monotonic()) / minute))
                    continue
            session.say(line("break.back_early"))
            return
    session.speaker.chime()
    session.say(line("break.time_up"))


def near_end_minutes(minutes: float) -> int | None:
    """The one caption that is also said: two minutes before the end, or one in a short break, none in a tiny one."""
    return 2 if minutes >= 4 else 1 if minutes >= 2 else None


def time_left_line(minutes_left: float) -> str:
    if minutes_left < 1:
        return line("break.under_a_minute")
    return line("break.time_left", left=spoken_minutes(round(minutes_left)))


def spoken_minutes(minutes: float) -> str:
    """A length of time as people say it: "one minute", "twenty minutes", "two and a half minutes", "half a
    minute", "an hour", "an hour and a half" (to the nearest half minute)."""
    whole, half = divmod(max(1, round(minutes * 2)), 2)
    if not whole:
        return "half a minute"
    if whole in (60, 90) and not half:
        return "an hour" if whole == 60 else "an hour and a half"
    if whole % 60 == 0 and not half:
        return f"{number_words(whole // 60)} hours"
    if half:
        return f"{number_words(whole)} and a half minutes"
    return "one minute" if whole == 1 else f"{number_words(whole)} minutes"


def _break_request(session: Conversation, seconds: float) -> ListenRequest:
    listening = session.settings.listening
    return ListenRequest(phrases=None, trailing_silence=listening.open_trailing_silence,
                         no_speech_timeout=max(seconds, 0.01), max_utterance=listening.max_utterance,
                         wait_at_most=max(seconds, 0.01))


def minute_seconds() -> float:
    try:
        value = float(os.environ.get(MINUTE_SECONDS_ENV) or 60.0)
    except ValueError:
        return 60.0
    return value if 0 < value <= 60 else 60.0


def minutes_text(minutes: float) -> str:
    return str(int(minutes)) if float(minutes).is_integer() else f"{minutes:g}"


def spoken_clock(moment: datetime) -> str:
    """A clock time as people say it, rounded up to five minutes: "eight", "quarter past eight", "ten to nine"."""
    rounded = moment.replace(second=0, microsecond=0)
    if rounded < moment:
        rounded += timedelta(minutes=1)
    rounded += timedelta(minutes=(-rounded.minute) % 5)
    hour, minute = rounded.hour, rounded.minute
    if minute > 30:
        hour = (hour + 1) % 24
    if minute == 0 and hour in (0, 12):
        return "midnight" if hour == 0 else "noon"
    name = _HOURS[hour % 12]
    if minute == 0:
        return name
    if minute <= 30:
        return f"{_PAST[minute]} {name}"
    return f"{_PAST[60 - minute].replace(' past', ' to')} {name}"


# --- keeping it for later, and picking it up again ---------------------------------------------------------------
def keep_for_later(session: Conversation, resume_step: str) -> None:
    """Keep the reflection (told plainly if that fails) and end the session, or carry on if it could not be kept."""
    if _keep(session, resume_step, quiet=False):
        session.say(line("break.kept"))
        raise SessionPaused()


def _keep(session: Conversation, resume_step: str, *, quiet: bool) -> bool:
    from mend.assistant.journal.paused import PausedReflection

    runner = session.runner
    history = runner.history
    if resume_step in history:
        history = history[: len(history) - history[::-1].index(resume_step)]
    paused = PausedReflection(
        id=getattr(session, "paused_id", None), flow=getattr(session, "flow_source", None) or runner.flow.name,
        step=resume_step, history=history, slots=json.loads(json.dumps(runner.slots, default=str)),
        patterns_by_step=dict(getattr(session, "_patterns_by_step", {})), variant=getattr(session, "_variant", 0),
        started_at=getattr(session, "_started", None) or datetime.now().astimezone(),
        relationship=runner.fill("{relationship}"),
    )
    try:
        with session.journal_opener() as journal:  # type: ignore[misc]
            session.paused_id = journal.keep_paused(paused)  # type: ignore[attr-defined]
    except MendError as exc:
        if not quiet:
            session.say(line("break.not_kept", reason=exc.message))
        return False
    return True


def resume_from(session: object, paused) -> None:
    """Set a new session where a paused reflection stopped; its first turn is the step it paused at."""
    session.runner.resume_at(paused.step, paused.history, paused.slots)  # type: ignore[attr-defined]
    session._patterns_by_step = {k: list(v) for k, v in paused.patterns_by_step.items()}  # type: ignore[attr-defined]
    session._variant = paused.variant  # type: ignore[attr-defined]
    session._started = paused.started_at  # type: ignore[attr-defined]
    session.paused_id = paused.id  # type: ignore[attr-defined]
    session.flow_source = paused.flow  # type: ignore[attr-defined]
    session.say(line("break.resuming"))  # type: ignore[attr-defined]


def settle_paused(session: Conversation, outcome: SessionOutcome) -> None:
    """After the session: a finished reflection leaves nothing to pick up; one kept stays named in the outcome."""
    paused_id = getattr(session, "paused_id", None)
    if paused_id is None:
        return
    outcome.paused_id = paused_id
    if outcome.ended not in FINISHED or session.journal_opener is None:
        return
    try:
        with session.journal_opener() as journal:  # type: ignore[misc]
            journal.drop_paused(paused_id)  # type: ignore[attr-defined]
    except MendError:
        return  # still listed by `mend resume`; nothing is lost
    outcome.paused_id = None
    session.paused_id = None  # type: ignore[attr-defined]
