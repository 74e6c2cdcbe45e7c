"""The voice listener: microphone blocks in, one `Heard` answer out per question.

Reads a BlockSource, lets `audio.endpointing` decide where the answer starts and ends, and hands only the
speech (plus a short pre-roll) to the recognizer. Half-duplex by design: while mend itself is speaking, what the
microphone hears is mostly mend's own voice, so it is thrown away; in barge-in mode a tiny grammar still
listens for "stop", "pause" or "wait" so the person can interrupt a long prompt.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from mend.audio.endpointing import Decision, Endpointer, EndpointSettings, FrameSplitter, VoiceActivity
from mend.audio.guard import AudioBytes
from mend.audio.recognizer import Recognizer
from mend.audio.turn_recognition import PAUSE_DECODED_MAX, LaterHearing, TurnRecognition
from mend.audio.turns import Heard, ListenRequest, Recording

__all__ = ["BARGE_IN_PHRASES", "PAUSE_DECODED_MAX", "BlockSource", "Heard", "ListenRequest", "TurnTiming",
           "VoiceListener"]

BARGE_IN_PHRASES = ["stop", "pause", "wait", "[unk]"]
BARGE_IN_COMMANDS = ("stop", "pause", "wait")
RECORDING_TAIL = 0.25  # seconds of the silence that ended a kept answer left after it, so its last word rings out


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
        self._kept: Recording | None = None  # the last kept answer's speech: zeroed when the next turn begins
        self._later: LaterHearing | None = None  # the last closed reply's frames, for a second hearing if asked

    def listen(self, request: ListenRequest) -> Heard:
        if self._kept is not None:  # whatever became of that turn (stored, a command, unclear), it is gone now
            self._kept.discard()
            self._kept = None
        if self._later is not None:  # the last reply's frames, kept for a second hearing, are let go
            self._later.drop()
            self._later = None
        command, discarded = self._while_speaking()
        turn = TurnRecognition(self.recognizer, request, self.settings, self._spotter)
        try:
            return self._listen(request, turn, command, discarded)
        finally:
            turn.settle()  # the full model's worker is idle before anyone uses that model again

    def _listen(self, request: ListenRequest, turn: TurnRecognition, command: str | None, discarded: int) -> Heard:
        self.source.turn_started()
        self._audio.reset()
        splitter = FrameSplitter(self._activity.frame_bytes)
        endpointer = Endpointer(
            request.trailing_silence, request.no_speech_timeout, request.max_utterance, self.settings
        )
        started = last_audio = time.monotonic()
        decision = Decision.CONTINUE
        kept: list[bytes] | None = [] if request.keep_recording else None  # the speech, in memory only
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
                    if kept is not None:
                        kept.clear()  # a false start is no part of the answer
                else:
                    turn.feed(step.feed, endpointer.silence_after_speech)
                    if kept is not None:
                        kept.extend(step.feed)
                decision = step.decision
                if decision is not Decision.CONTINUE:
                    break
                turn.after_frame(endpointer)
        decided_at = time.monotonic()
        if decision is Decision.SILENT:
            turn.restart()  # drop anything a false start left behind
            heard = Heard(text="", confidence=0.0, silent=True, command_during_speech=command)
        else:
            result, alternatives, open_text = turn.finish()
            heard = Heard(result.text, result.confidence, False, list(result.words), command, alternatives,
                          next_best=list(result.next_best), next_best_shares=list(result.next_best_shares),
                          unknown_words=result.unknown_words, open_text=open_text,
                          recording=_recording(kept, endpointer, self.recognizer.sample_rate) if kept else None,
                          hear_openly=turn.later_hearing())
            self._kept, self._later = heard.recording, heard.hear_openly
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


def _recording(frames: list[bytes], endpointer: Endpointer, rate: int) -> Recording:
    """A kept answer's speech from its pre-roll on, without the silence that ended the turn (but a short tail)."""
    quiet = 0 if endpointer.last_speech_frame is None else endpointer.frames - 1 - endpointer.last_speech_frame
    extra = max(0, quiet - round(RECORDING_TAIL / endpointer.frame_seconds))
    samples = bytearray()
    for frame in frames[:len(frames) - extra]:  # one buffer, grown in place, so discarding it zeroes the only copy
        samples += frame
    frames.clear()
    return Recording(samples, rate)
