"""The recognizers' side of one listening turn (driven by `audio.listener.VoiceListener`)."""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future

from mend.audio.endpointing import Endpointer, EndpointSettings
from mend.audio.recognizer import Recognizer, Result, Spotter
from mend.audio.turns import ListenRequest

SPOTTER_TIMEOUT = 2.0  # seconds; the spotter normally finishes with the main pass, this only bounds a stall
PAUSE_DECODED_MAX = 1.0  # seconds of a pause decoded at most, when Vosk has not closed its utterance by then
# seconds of voiced speech (pauses not counted) in a reply to a closed question after which the full model hears
# it too: the longest answers ("i don't think so", "a small act of care") take 1.2-1.55 s from first to last
# sound in espeak-ng voices at 140 words a minute, less of it voiced, and most answers are under 1 s, so the
# short answers most replies are cost nothing more
OPEN_HEARING_AFTER = 1.4
LONG_REPLY = 2.0  # seconds of voiced speech after which a closed reply is a sentence: an open answer's patience
OPEN_HEARING_TIMEOUT = 30.0  # seconds; bounds a stalled worker, which normally finishes with the main pass


class TurnRecognition:
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

    A reply to a closed question that runs past OPEN_HEARING_AFTER seconds of speech is no longer just an answer
    ("seven", "about a seven"): it may be a sentence the grammar cannot hold ("I don't want to be here anymore"
    comes out as "[unk]" or as a number). From then on the full model hears it too, on a worker thread (the
    frames so far first, then each frame as it comes); past LONG_REPLY the turn gets the patience of an open
    answer, so a sentence with a pause in it is heard whole. Its transcript comes back as `Heard.open_text`, for
    the safety rules and for deciding whether the answer must be said back first. Short answers never start it.
    """

    def __init__(self, recognizer: Recognizer, request: ListenRequest, settings: EndpointSettings,
                 spotter: Spotter | None) -> None:
        self.recognizer = recognizer
        self.phrases = request.phrases
        self.spotter = spotter
        self.closed = request.phrases is not None
        self.open = recognizer.open_hearing() if self.closed else None
        self.open_begun = False
        self.heard_openly = False  # the full model heard this turn as it came (a long reply)
        self.patience = request.long_trailing_silence
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
        self.settle()
        self.recognizer.begin(self.phrases)
        if self.spotter is not None:
            self.spotter.begin()
        self.fed = []
        self.heard_openly = False
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
        if self.closed:
            self.fed.extend(frames)
            if self.open_begun:
                for frame in frames:
                    self.open.accept(frame)
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
        speech = endpointer.voiced_frames * endpointer.frame_seconds if endpointer.speaking else 0.0
        if self.open is not None and not self.open_begun and speech >= OPEN_HEARING_AFTER - 1e-9:
            self.open_begun = self.heard_openly = True
            self.open.begin()
            for frame in self.fed:
                self.open.accept(frame)
        if self.patience is not None and speech >= LONG_REPLY - 1e-9:
            endpointer.be_patient(self.patience)
            self.patience = None
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

    def settle(self) -> str:
        """Wait for the full model's hearing of this turn, if it was begun; its words ("" if none)."""
        if not self.open_begun:
            return ""
        self.open_begun = False
        try:
            words = self.open.finish().result(timeout=OPEN_HEARING_TIMEOUT)
        except Exception:  # a second hearing; the grammar's result still stands
            words = []
        return " ".join(word for word, _ in words)

    def finish(self) -> tuple[Result, list[str], str]:
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
        return result, alternatives, self.settle()

    def later_hearing(self) -> LaterHearing | None:
        """The full model's hearing of a short closed reply, to be decoded only if the grammar's reading is in
        doubt; None for open answers and for replies it already heard."""
        if not self.closed or self.heard_openly or not self.fed:
            return None
        return LaterHearing(self.open, list(self.fed))


class LaterHearing:
    """A short reply to a closed question, heard again by the full model, but only when asked.

    The grammar holds a step's answers and the bare commands; a reply in the person's own words ("er, back one",
    "I'd rather not", "my hubby") comes out of it as a near miss ("a one", "i", "my me") or as nothing. The full
    model hears such a reply better, but hearing every short answer with it costs 50 ms at the median and up
    to half a second (measured on the answers of the response benchmark), so it is decoded only when the
    grammar's reading is in doubt: nothing understood, or an answer the session would otherwise have to say back
    first. The frames are the turn's own, held in memory until called or until the next turn begins."""

    def __init__(self, open_hearing: Spotter, frames: list[bytes]) -> None:
        self._open = open_hearing
        self._frames = frames

    def __call__(self) -> str:
        frames, self._frames = self._frames, []
        if not frames:
            return ""
        self._open.begin()
        self._open.accept(b"".join(frames))
        try:
            words = self._open.finish().result(timeout=OPEN_HEARING_TIMEOUT)
        except Exception:  # a second hearing; the grammar's reading still stands
            return ""
        return " ".join(word for word, _ in words)

    def drop(self) -> None:
        self._frames = []
