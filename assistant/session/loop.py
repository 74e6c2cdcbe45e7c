"""The session loop: speak, listen, understand, advance.

It talks only to a listener and a speaker (text and voice mode are two pairs of them), reads each reply with
`read_heard`, and moves the flow only through the flow machine's named triggers. Silence, "I don't know" or an
unusable answer leads somewhere gentle, never to a dead end."""

from __future__ import annotations

import time
from collections.abc import Callable

from mend.assistant.lines import say as line
from mend.assistant.session.breaks import SessionPaused, after_break_offer, break_at_step, settle_paused
from mend.assistant.session.breathing import guide_breathing
from mend.assistant.session.clarify import keep_patterns, settle, use_own_words
from mend.assistant.session.crisis import crisis_turns
from mend.assistant.session.spoken_commands import SessionStopped, handle_command, pause
from mend.assistant.session.variety import Variety
from mend.assistant.config import Settings
from mend.assistant.session.drafts import accept_draft, gentler_wording, offer_draft, remind_draft
from mend.assistant.session.listening import answer_yes_no, step_request
from mend.assistant.understanding.reading import Reading, needs_confirming, safety_reading, spoken_value
from mend.assistant.understanding.second_hearing import read_heard
from mend.assistant.session.note_offer import offer_to_keep
from mend.assistant.session.read_back import heard_right
from mend.assistant.session.rehearsal import give_back
from mend.assistant.session.opening import LookBack, offer_followup, tell_progress
from mend.assistant.session.outcome import ActivationReading, SessionOutcome, TranscriptLine, care_route, now, plan_from
from mend.assistant.safety.resources import CrisisResources, help_slots, resources_for_crisis
from mend.assistant.safety.rules import SafetyConcern
from mend.assistant.safety.unsure import check_in_question, clear_no, spoken_clear_no
from mend.assistant.understanding.meanings import parse_yes_no
from mend.assistant.understanding.offers import parse_offer_reply
from mend.audio.turns import EndOfInput, Heard, Listener, ListenRequest, Speaker
from mend.flows import AnswerKind, Flow, FlowRunner, Step

COME_BACK_SLOT = "stop_for_now"  # a yes here means: stop and come back when things have settled


class SafetyStop(Exception):
    """A safety concern ended the exercise."""


class Session:
    def __init__(
        self, flow: Flow, listener: Listener, speaker: Speaker, settings: Settings | None = None,
        *,
        save: str | None = None,
        resources: CrisisResources | None = None,
        journal_opener: Callable[[], object] | None = None,
        journal_protected: Callable[[], bool] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        voice: bool = False,
    ) -> None:
        self.flow = flow
        self.runner = FlowRunner(flow)
        self.listener = listener
        self.speaker = speaker
        self.settings = settings or Settings()
        self.save_policy = save or self.settings.journal.save
        self.resources = resources
        self.runner.slots.update(help_slots(resources or resources_for_crisis()))
        self.journal_opener = journal_opener
        self.journal_protected = journal_protected  # says whether only a passphrase opens the journal
        self._sleep = sleep
        self.voice = voice
        self.transcript: list[TranscriptLine] = []
        self.safety_kind: str | None = None
        self._checking_in = False  # asking the safety question: its own answer is not asked about again
        self.outcome: SessionOutcome | None = None
        self._started = now()
        self._variety = Variety(self.settings.session.seed)  # random wording per session, reproducible by seed
        self._variant = self._variety.variant()
        self.rate_factor = 1.0
        self._patterns_by_step: dict[str, list[str]] = {}
        self.paused_id: int | None = None  # the kept paused reflection this session carries on (assistant/session/breaks.py)
        self.flow_source = flow.name  # how `mend resume` finds the flow again (the CLI sets a flow file's path)
        self.look_back: LookBack | None = None  # a fresh session looks back first (assistant/session/opening.py)

    # --- speaking and listening -------------------------------------------------------------------------------
    def say(self, text: str) -> None:
        if not text:
            return
        self.transcript.append(TranscriptLine(speaker="mend", text=text))
        self.speaker.say(text)

    def say_all(self, lines: list[str]) -> None:
        for line in lines:
            self.say(line)

    def say_from_flow(self, step: Step, lines: list[str], turn: int = 1) -> None:
        """One of a step's own alternatives (re-prompts, "don't know" replies, help), chosen by `Variety` so no opening
        is heard twice when another is written; if none can be said yet (an empty slot), the step's prompt instead."""
        line = self._variety.pick(self.runner, lines)
        if line:
            self.say(line)
        else:
            self.say_all(self.runner.render(step, self._variant))

    def wait(self, seconds: float) -> None:
        if self.settings.session.pauses and seconds > 0:
            self._sleep(seconds)

    def hear(self, request: ListenRequest) -> Heard:
        heard = self.listener.listen(request)
        if heard.text:
            self.transcript.append(TranscriptLine(speaker="you", text=heard.text))
        return heard

    def request_for(self, step: Step | None, *, optional: bool = False, quiet: float = 0.0) -> ListenRequest:
        return step_request(self.settings.listening, step, optional=optional, quiet=quiet)

    def ask_yes_no(self, question: str, *, offer: bool = False, safety: bool = False) -> bool | None:
        """A short side question (confirmations, keeping a note; `offer`: "not now" declines it; `safety`: only a
        plain no is a no); silence or an unclear reply gives None."""
        if safety:
            return answer_yes_no(self, question, clear_no, settle=spoken_clear_no)
        return answer_yes_no(self, question, parse_offer_reply if offer else parse_yes_no)

    # --- the loop ---------------------------------------------------------------------------------------------
    def run(self) -> SessionOutcome:
        ended = "completed"
        try:
            if self.look_back is not None:
                offer_followup(self, self.look_back)
            while not (self.runner.finished or self.runner.stopped):
                self._run_step(self.runner.step)
            if self.runner.slots.get(COME_BACK_SLOT) is True:
                ended = "come_back_later"
        except SessionStopped:
            self.runner.stop()
            ended = "stopped"
        except SafetyStop:
            self.runner.stop()
            ended = "safety"
        except SessionPaused:
            ended = "paused"
        except EndOfInput:  # a safety concern already raised stays the reason the session ended
            return self._finish("safety" if self.safety_kind else "ended_early")
        except KeyboardInterrupt:
            return self._finish("safety" if self.safety_kind else "interrupted")
        outcome = self._finish(ended)
        settle_paused(self, outcome)
        if ended not in ("safety", "paused"):
            try:
                offer_to_keep(self, outcome)
            except (EndOfInput, KeyboardInterrupt, SessionStopped):
                pass  # an unanswered offer keeps nothing
            except SafetyStop:  # a crisis spoken at the very end still ends the session for safety
                outcome = self._finish("safety")
        return outcome

    def _run_step(self, step: Step) -> None:
        self.say_all(self.runner.render(step, self._variant))
        if step.breathing is not None:
            guide_breathing(self, step.breathing)
        quiet = step.pause_seconds if self.voice and self.settings.session.pauses else 0.0  # listened through
        self.wait(0.0 if quiet else step.pause_seconds)
        if step.compose:
            offer_draft(self, step.compose)
        silences = unclear = dont_knows = 0
        optional = step.expects == AnswerKind.NONE
        while True:
            heard, quiet = self.hear(self.request_for(step, optional=optional, quiet=quiet)), 0.0
            reading = read_heard(step, heard)
            if reading.kind == "check_in":
                reading = self._check_in(step, heard, reading)
            if reading.kind == "crisis":
                self._safety_stop(reading)
                self.repeat(step)  # the person said they are safe: back to where they were
                continue
            if self.look_back is not None and tell_progress(self, self.look_back, step, heard.text, reading.kind):
                self.runner.advance()
                break
            if reading.kind == "silence":
                if optional:
                    self.runner.advance()
                    break
                silences += 1
                if silences >= self.settings.session.silences_before_pause:
                    pause(self, line("session.quiet_pause"))
                    self.repeat(step)
                    silences = 0
                else:
                    self.say_from_flow(step, step.reprompt_silence, silences)
                continue
            silences = 0
            if reading.kind == "command":
                if reading.command == "break":
                    break_at_step(self, step)
                    continue
                if handle_command(self, reading.command, step):
                    break
                continue
            if reading.kind == "dont_know":
                dont_knows += 1
                if dont_knows >= 2 or not (step.dont_know or step.reprompt_silence):
                    self.say(line("session.dont_know_move_on"))
                    self.runner.advance()
                    break
                self.say_from_flow(step, step.dont_know or step.reprompt_silence, dont_knows)
                continue
            if reading.kind == "answer" and reading.ask is not None:
                reading = settle(self, step, reading)
                if reading.value is None and step.expects == AnswerKind.CHOICE:
                    reading = Reading("unclear")  # an unsettled relationship is asked again, like any unclear reply
            if self.voice and needs_confirming(step, heard, reading, self.settings.listening.confirm_below):
                # a no (or no answer) counts as not understood: asked again, and moved on from like any unclear reply
                if self.ask_yes_no(line("session.confirm", value=spoken_value(step, reading.value))) is not True:
                    reading = Reading("unclear")
            if step.compose and not accept_draft(self, reading):
                continue
            if self.voice and not heard_right(self, step, heard, reading):
                reading = Reading("unclear")  # misheard words a line would be built from: the step asks again
            if reading.kind == "unclear":
                if optional:
                    self.runner.advance()
                    break
                unclear += 1
                if unclear >= self.settings.session.unclear_before_moving_on:
                    self.say(line("session.unclear_move_on"))
                    self.runner.advance()
                    break
                self.say_from_flow(step, step.reprompt_unclear or step.reprompt_silence, unclear)
                continue
            if step.slot == COME_BACK_SLOT and reading.value is True:
                reading = Reading("answer", value=after_break_offer(self, step, True), extracted=reading.extracted)
            self._store(step, reading)
            if step.play_back:
                give_back(self, heard)  # their words, heard back: in their own voice when it was spoken
            self.runner.advance()
            break
        self._variant = self._variety.variant()

    # --- answers ------------------------------------------------------------------------------------------------
    def _store(self, step: Step, reading: Reading) -> None:
        slots = self.runner.slots
        for name, value in reading.extracted.items():
            if name == "patterns":
                keep_patterns(self, step.id, list(value), self._patterns_by_step)  # type: ignore[call-overload]
            elif name == "relationship_words":
                use_own_words(self, reading.value or reading.extracted.get("relationship"), value)
            elif value is not None:
                slots[name] = value
        if step.slot is None or reading.value is None:
            return
        value = reading.value
        if step.check_wording and isinstance(value, str):
            value = gentler_wording(self, value)
        slots[step.slot] = value

    def repeat(self, step: Step) -> None:
        self.say_all(self.runner.render(step, self._variant))
        if step.compose:
            remind_draft(self)

    # --- safety -------------------------------------------------------------------------------------------------
    def check_safety(self, heard: Heard) -> None:
        """For side questions (confirmations, keeping a note, pauses): the same rules as every other reply."""
        reading = safety_reading(heard, whole_reply=not self._checking_in)
        if reading is None or (reading.kind == "check_in" and self._asked_is_no(reading.concern)):
            return
        self._safety_stop(Reading("crisis", concern=reading.concern))

    def _check_in(self, step: Step, heard: Heard, reading: Reading) -> Reading:
        """Ask about a concern mend may have misheard; only a clear no goes back to the exercise."""
        assert reading.concern is not None
        if not self._asked_is_no(reading.concern):
            return Reading("crisis", concern=reading.concern)
        return read_heard(step, heard, check_in=False)

    def _asked_is_no(self, concern: SafetyConcern) -> bool:
        if self._checking_in:  # an unsure answer to the safety question itself leans towards help
            return False
        self._checking_in = True
        try:
            answer = self.ask_yes_no(check_in_question(concern), safety=True)
        finally:
            self._checking_in = False
        if answer is False:
            self.say(line("session.check_in_thanks"))
        return answer is False

    def _safety_stop(self, reading: Reading) -> None:
        """Say where help is; returns only when the person says they are safe and want to go back."""
        concern = reading.concern
        self.safety_kind = concern.kind if concern else "unspecified"
        if crisis_turns(self, concern, self.resources or resources_for_crisis()):
            self.safety_kind = None  # a false alarm the person corrected is not why the session ends
            return
        raise SafetyStop()

    def end_now(self, ended: str) -> SessionOutcome:
        """The outcome of a session that ends before its loop runs (interrupted during the first-run notice)."""
        return self._finish(ended)

    # --- ending -------------------------------------------------------------------------------------------------
    def _finish(self, ended: str) -> SessionOutcome:
        slots = self.runner.slots
        readings = [
            ActivationReading(moment=moment, value=int(slots[name]))
            for moment, name in (("before", "activation_before"), ("after", "activation_after"))
            if isinstance(slots.get(name), int) and 0 <= slots[name] <= 10
        ]
        route = care_route(slots, {self.flow.steps[s].slot for s in self.runner.history if s in self.flow.steps})
        self.outcome = SessionOutcome(
            flow=self.flow.name,
            ended=ended,
            completed=ended in ("completed", "come_back_later"),
            started_at=self._started,
            ended_at=now(),
            relationship=_text_or_none(slots.get("relationship")),
            patterns=list(slots.get("patterns") or []),
            activation=readings,
            plan=plan_from(slots, route),
            care_route=route,
            safety_flag=ended == "safety",
            safety_kind=self.safety_kind,
            steps_visited=list(self.runner.history),
            paused_id=self.paused_id,
        )
        return self.outcome


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
