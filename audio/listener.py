"""The voice listener: microphone blocks in, one `Heard` answer out per question.

Reads a BlockSource, lets `audio.endpointing` decide where the answer starts and ends, and hands only the
speech (plus a short pre-roll) to the recognizer. Half-duplex by design: while mend itself is speaking, what the
microphone hears is mostly mend's own voice, so it is thrown away; in barge-in mode a tiny grammar still
listens for "stop", "pause" or "wait" so the person can interrupt a long prompt.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Protocol

from audio.endpointing import Decision, Endpointer, EndpointSettings, FrameSplitter, VoiceActivity
from audio.guard import AudioBytes
from audio.recognizer import Recognizer, Result, Spotter
from audio.turns import Heard, ListenRequest

__all__ = ["BARGE_IN_PHRASES", "BlockSource", "Heard", "ListenRequest", "TurnTiming", "VoiceListener"]

BARGE_IN_PHRASES = ["stop", "pause", "wait", "[unk]"]
BARGE_IN_COMMANDS = ("stop", "pause", "wait")
SPOTTER_TIMEOUT = 2.0  # seconds; the spotter normally finishes with the main pass, this only bounds a stall
PAUSE_DECODED_MAX = 1.0  # seconds of a pause decoded at most, when Vosk has not closed its utterance by then


class BlockSource(Protocol):
    def read_block(self, timeout: float) -> bytes | None: ...
    def turn_started(self) -> None: ...
    def close(self) -> None: ...


@dataclass
class TurnTiming:
    """Where the last turn's decisions fell, for benchmarks. Positions are seconds of audio since the turn began."""

    outcome: str
    started_at: float  # monotonic time the turn began (after mend stopped speaking)
    speech_start: float | None
    speech_end: float | None  # end of the last voiced frame
    decided_position: float  # audio position at which the endpoint was decided
    decided_at: float  # monotonic time of that decision
    finished_at: float  # monotonic time the text was ready
    frames: int  # detector frames examined in the turn
    frames_recognized: int  # frames handed to the recognizer (silence before speech and long pauses are not)
    blocks_discarded: int  # blocks dropped while mend was speaking
    false_starts: int
    finalised_early: bool = False  # a closed answer's result was computed during the trailing silence
    resumed_after_early: int = 0  # times speech came back after that, so the audio was decoded again

    @property
    def endpoint_delay(self) -> float | None:
        """Audio seconds between the end of speech and the decision (trailing silence plus detector lag)."""
        return None if self.speech_end is None else self.decided_position - self.speech_end

    @property
    def finish_seconds(self) -> float:
        """Wall seconds from the decision to the final text (the recognizer's last step)."""
        return self.finished_at - self.decided_at


class VoiceListener:
    """`listen(request) -> Heard`, one question at a time, over a BlockSource and a warmed Recognizer."""

    def __init__(
        self,
        source: BlockSource,
        recognizer: Recognizer,
        *,
        settings: EndpointSettings | None = None,
        speaking: threading.Event | None = None,
        barge_in: bool = False,
        on_barge_in: Callable[[str], None] | None = None,
        read_timeout: float = 0.1,
        spotting: list[str] | None = None,
    ) -> None:
        """`spotting`: phrases a second recognizer listens for during every answer (returned in
        `Heard.alternatives`), so a few sentences that must not be missed are heard even when the full model
        garbles them, or when a closed question's grammar has no words for them at all."""
        self.source = source
        self.recognizer = recognizer
        self.settings = settings or EndpointSettings()
        self.speaking = speaking
        self.barge_in = barge_in
        self.on_barge_in = on_barge_in
        self.read_timeout = read_timeout
        self._activity = VoiceActivity(self.settings, recognizer.sample_rate)
        self._audio = AudioBytes()
        self._spotter = recognizer.spotter(spotting) if spotting else None
        self.last_turn: TurnTiming | None = None

    def listen(self, request: ListenRequest) -> Heard:
        command, discarded = self._while_speaking()
        turn = _TurnRecognition(self.recognizer, request, self.settings, self._spotter)
        self.source.turn_started()
        self._audio.reset()
        splitter = FrameSplitter(self._activity.frame_bytes)
        endpointer = Endpointer(
            request.trailing_silence, request.no_speech_timeout, request.max_utterance, self.settings
        )
        started = last_audio = time.monotonic()
        decision = Decision.CONTINUE
        while decision is Decision.CONTINUE:
            block = self.source.read_block(self.read_timeout)
            now = time.monotonic()
            if block is None:
                time.sleep(0.005)  # a source that returns at once must not turn this into a busy loop
                decision = self._stalled(endpointer, request, started, last_audio, now)
                continue
            last_audio = now
            for frame in splitter.push(self._audio.coerce(block)):
                step = endpointer.push(frame, self._activity.is_speech(frame), turn.partial)
                if step.restart:
                    turn.restart()
                else:
                    turn.feed(step.feed, endpointer.silence_after_speech)
                decision = step.decision
                if decision is not Decision.CONTINUE:
                    break
                turn.after_frame(endpointer)
        decided_at = time.monotonic()
        if decision is Decision.SILENT:
            turn.restart()  # drop anything a false start left behind
            heard = Heard(text="", confidence=0.0, silent=True, command_during_speech=command)
        else:
            result, alternatives = turn.finish()
            heard = Heard(result.text, result.confidence, False, list(result.words), command, alternatives,
                          next_best=list(result.next_best), next_best_shares=list(result.next_best_shares),
                          unknown_words=result.unknown_words)
        self.last_turn = TurnTiming(
            outcome=decision.value,
            started_at=started,
            speech_start=endpointer.speech_start,
            speech_end=endpointer.speech_end,
            decided_position=endpointer.position,
            decided_at=decided_at,
            finished_at=time.monotonic(),
            frames=endpointer.frames,
            frames_recognized=turn.recognized,
            blocks_discarded=discarded,
            false_starts=endpointer.false_starts,
            finalised_early=turn.finalised_early,
            resumed_after_early=turn.resumed,
        )
        return heard

    def _stalled(
        self, endpointer: Endpointer, request: ListenRequest, started: float, last_audio: float, now: float
    ) -> Decision:
        """No audio arrived: fall back to wall time so a stalled source cannot hold the turn open forever."""
        if endpointer.speaking:
            if now - last_audio >= request.trailing_silence or now - started >= request.max_utterance:
                return Decision.END
            return Decision.CONTINUE
        if now - started >= request.no_speech_timeout:
            return Decision.SILENT
        return Decision.CONTINUE

    def _while_speaking(self) -> tuple[str | None, int]:
        """Drop audio while mend speaks; in barge-in mode listen only for a stop/pause/wait command."""
        if self.speaking is None or not self.speaking.is_set():
            return None, 0
        command: str | None = None
        discarded = 0
        if self.barge_in:
            self.recognizer.begin(BARGE_IN_PHRASES)
        while self.speaking.is_set():
            block = self.source.read_block(self.read_timeout)
            if block is None:
                time.sleep(0.005)
                continue
            discarded += 1
            if not self.barge_in or command is not None:
                continue
            self.recognizer.accept(block)
            said = [w for w in self.recognizer.partial().split() if w in BARGE_IN_COMMANDS]
            if said:
                command = said[0]
                if self.on_barge_in is not None:
                    self.on_barge_in(command)
        return command, discarded


class _TurnRecognition:
    """The recognizer's side of one turn.

    Closed questions: once the endpointer has heard `early_final` seconds of silence after speech, the rest of
    the trailing silence is only confirming that the person has finished, so the final result is computed then
    instead of after the decision (FinalResult is most of the time between the decision and mend's reply). The
    turn's audio is kept; if speech resumes before the turn ends, the recognizer starts over on all of it, so
    an answer given in two parts is heard whole. A spotter (if any) hears the same frames on its own thread, in
    closed and open answers alike. Open answers are decoded to the end, except the long middle of each pause:
    once a pause is longer than `pause_decoded` and Vosk has closed its utterance at its own endpoint (or the
    pause is longer than PAUSE_DECODED_MAX), frames are only kept in a short pre-roll, which goes to the
    recognizers first when speech resumes. Silence carries no words, and decoding it costs two recognizers about
    a tenth of their time on answers with 0.9 s pauses (the trailing silence that ends the turn is skipped the
    same way). Waiting for Vosk's endpoint keeps the lattice work of each utterance inside the pause: stopping
    before it would leave all of it to the moment the turn ends, delaying mend's reply.
    """

    def __init__(self, recognizer: Recognizer, request: ListenRequest, settings: EndpointSettings,
                 spotter: Spotter | None) -> None:
        self.recognizer = recognizer
        self.phrases = request.phrases
        self.spotter = spotter
        early = settings.early_final
        self.early = early if request.phrases is not None and 0 < early < request.trailing_silence else None
        skipping = request.phrases is None and settings.pause_decoded > 0
        self.pause_limit = settings.pause_decoded if skipping else None
        self.held: deque[bytes] = deque(maxlen=max(1, round(settings.pre_roll / settings.frame_seconds)))
        self.closed_before_pause: int | None = None  # the recognizer's closed utterances when this pause began
        self.fed: list[bytes] = []
        self.spotted: Future | None = None  # the spotter's words, when asked for early with the main result
        self.result: Result | None = None
        self.recognized = 0  # frames handed to the recognizer
        self.finalised_early = False
        self.resumed = 0
        self.restart()

    def restart(self) -> None:
        self.recognizer.begin(self.phrases)
        if self.spotter is not None:
            self.spotter.begin()
        self.fed = []
        self.spotted = None
        self.held.clear()
        self.closed_before_pause = None
        self.result = None
        self.finalised_early = False

    def feed(self, frames: tuple[bytes, ...], silence: float = 0.0) -> None:
        """Hand frames to the recognizers; `silence` is how long the person has been quiet (0 while speaking)."""
        if self.pause_limit is not None:
            if silence <= self.pause_limit + 1e-9:
                self.closed_before_pause = None
            elif self.closed_before_pause is None:
                self.closed_before_pause = self.recognizer.closed_segments
            if self.closed_before_pause is not None and (
                    self.recognizer.closed_segments > self.closed_before_pause or silence > PAUSE_DECODED_MAX):
                self.held.extend(frames)
                return
            if self.held:
                frames = (*self.held, *frames)
                self.held.clear()
        if self.early is not None:
            self.fed.extend(frames)
        if self.result is not None:
            return  # finalised early: the frames wait in `fed` in case speech resumes
        self._decode(frames)

    def _decode(self, frames) -> None:
        for frame in frames:
            self.recognizer.accept(frame)
            if self.spotter is not None:
                self.spotter.accept(frame)
        self.recognized += len(frames)

    def partial(self) -> str:
        return self.result.text if self.result is not None else self.recognizer.partial()

    def after_frame(self, endpointer: Endpointer) -> None:
        if self.early is None:
            return
        silence = endpointer.silence_after_speech
        if self.result is None and endpointer.speaking and silence >= self.early - 1e-9:
            self.result = self.recognizer.finish()
            self.spotted = self.spotter.finish() if self.spotter is not None else None
            self.finalised_early = True
        elif self.result is not None and endpointer.speaking and silence < self.early - 1e-9:
            self.resumed += 1  # the person was only pausing: hear the whole turn again, then go on as usual
            self.recognizer.begin(self.phrases)
            if self.spotter is not None:
                self.spotter.begin()
            self.result = self.spotted = None
            self.finalised_early = False
            self._decode(self.fed)

    def finish(self) -> tuple[Result, list[str]]:
        future = self.spotted or (self.spotter.finish() if self.spotter is not None else None)
        self.spotted = None
        result = self.result if self.result is not None else self.recognizer.finish()
        self.result = None
        alternatives: list[str] = []
        if future is not None:
            try:
                words = future.result(timeout=SPOTTER_TIMEOUT)
            except Exception:  # the spotter is a second opinion; the main text is still checked
                words = []
            spotted = " ".join(word for word, _ in words)
            if spotted and spotted != result.text:
                alternatives.append(spotted)
        return result, alternatives
