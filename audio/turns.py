"""What a session asks of a listener and what it gets back, independent of how the listening is done.

Kept apart from the Vosk code so that text mode, replay mode and tests can use the same two small types without
loading a speech engine.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class ListenRequest:
    """One listening turn: which words are expected and how patient to be."""

    phrases: list[str] | None = None  # closed-question vocabulary; None means an open reflection
    trailing_silence: float = 1.5  # seconds of silence after speech that end the turn
    no_speech_timeout: float = 10.0  # seconds without speech before the turn counts as silence
    max_utterance: float = 45.0  # the longest answer before the turn is closed anyway
    optional: bool = False  # after a statement: a reply is welcome but not awaited
    wait_at_most: float | None = None  # a timed wait (a break): silence after this many seconds, typed or spoken
    long_trailing_silence: float | None = None  # closed questions: the patience once a reply runs long
    keep_recording: bool = False  # keep this turn's speech in memory (`Heard.recording`), to be played back


@dataclass(eq=False)
class Recording:
    """One answer's speech as 16-bit mono samples, held in memory only: never written anywhere, and emptied by
    `discard` once it has been played back."""

    samples: bytearray = field(repr=False)
    rate: int = 16000

    @property
    def seconds(self) -> float:
        return len(self.samples) / 2 / self.rate

    def discard(self) -> None:
        """Overwrite the samples with zeros and let them go."""
        self.samples[:] = bytes(len(self.samples))
        del self.samples[:]


@dataclass
class Heard:
    """What was heard in one turn."""

    text: str = ""
    confidence: float = 1.0  # mean word confidence, 0..1 (typed text is certain)
    silent: bool = False
    words: list[tuple[str, float]] = field(default_factory=list)
    command_during_speech: str | None = None  # barge-in: a command said while mend was speaking
    alternatives: list[str] = field(default_factory=list)  # other hearings of the same audio (safety spotting)
    next_best: list[str] = field(default_factory=list)  # the recognizer's other readings of it, best first
    next_best_shares: list[float] = field(default_factory=list)  # each next-best reading's share of probability
    unknown_words: int = 0  # sounds a closed question's grammar could place as none of its phrases ("[unk]")
    open_text: str = ""  # a long reply to a closed question as the full model heard it ("" when it was not asked)
    recording: Recording | None = field(default=None, repr=False)  # the speech, when the request asked to keep it
    # a short reply to a closed question: the full model's hearing of it, decoded only when called (when the
    # grammar's reading is in doubt); "" once the next turn has begun. None where there is nothing to hear again
    hear_openly: Callable[[], str] | None = field(default=None, repr=False, compare=False)


class Listener(Protocol):
    def listen(self, request: ListenRequest) -> Heard: ...


class Speaker(Protocol):
    """Says a line, and knows when it has finished. Only `say` is required; the other abilities are optional, and a
    speaker class that names this protocol as its base gets the defaults below (nothing to stop, no rate to
    change), so the session and the modes call them without probing for them."""

    speaking: threading.Event | None = None  # set while a line is playing (barge-in watches it); None: never
    last_timing: object | None = None  # how the last line went (first sample, end), for the events timeline
    on_caption: Callable[[str], None] | None = None  # called with each line as it starts, when captions are shown

    def say(self, text: str) -> None: ...

    def set_rate_factor(self, factor: float) -> float | None:
        """Slower (<1) or faster (>1) from the next sentence; returns the factor used, None when rate means nothing."""
        return None

    def stop(self) -> None:
        """Stop speaking at once (safe from any thread)."""
        return None

    def close(self) -> None:
        """Release devices and temporary files; the speaker is not used again."""
        return None

    def caption(self, text: str) -> None:
        """Show a line without saying it (the time left in a break)."""
        print(text, flush=True)

    def chime(self) -> None:
        """A soft chime (the end of a break); a speaker that plays no sound shows it as a caption."""
        self.caption("(chime)")

    def play(self, recording: Recording) -> bool:
        """Play a person's own recorded words back to them, from memory, the way lines are spoken; False when this
        speaker plays no sound (the caller then reads the words back instead)."""
        return False


class EndOfInput(Exception):
    """The person's input ended (end of a piped file, a closed terminal, the last replayed turn)."""
