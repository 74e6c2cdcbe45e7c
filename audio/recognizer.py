"""Speech to text with Vosk, kept warm and reused, with all native calls going through `audio.guard`.

A brand-new KaldiRecognizer spends about 0.3 s of CPU on its first second of audio while the decoding graph is
composed lazily; a reused one takes a tenth of that. So mend builds recognizers once, warms them up while the
person is still reading the welcome text, and only calls Reset()/FinalResult() between turns.

One recognizer on the full model for open reflection, and one small recognizer per closed-question grammar (the
last GRAMMAR_CACHE_SIZE kept); both kinds are asked for their next-best readings too (audio.hypotheses).
Grammar recognizers are cheap: ~0.4 ms to build, ~170 KB each, and no slow first second. They are not swapped
with SetGrammar: in vosk 0.3.45 every SetGrammar call leaves the compiled grammar's language-model pieces behind
(~1 KB per call, ~13 KB per repair session, found with heaptrack), which a long-running process would keep
accumulating, while freeing a recognizer gives everything back.
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future
from dataclasses import dataclass, field

import numpy as np
import vosk

from mend.audio.errors import AudioError, ModelError
from mend.audio.guard import (
    UNKNOWN_WORD,
    AudioBytes,
    checked_sample_rate,
    has_word_in,
    new_recognizer,
    open_model,
    safe_grammar,
)
from mend.audio.hypotheses import GUESSES, best_reading, heard_words, next_best_readings, without_unknown

GRAMMAR_CACHE_SIZE = 8  # more than the distinct closed-question grammars of the built-in flows


@dataclass(frozen=True)
class Result:
    """What was said in one turn. `words` carry each word's own confidence (its posterior over the recognizer's
    guesses, audio.hypotheses); `confidence` is the mean over the words of their reading's share of probability
    (0 when nothing was recognised), the sentence-level figure closed answers are confirmed by."""

    text: str
    words: list[tuple[str, float]] = field(default_factory=list)
    confidence: float = 0.0
    unknown_words: int = 0  # speech the grammar could not place ("[unk]")
    next_best: list[str] = field(default_factory=list)  # the recognizer's other readings, best first
    next_best_shares: list[float] = field(default_factory=list)  # each one's share of probability, 0..1


def load_model(path) -> vosk.Model:
    """Load a Vosk model from a directory that has been checked to hold one (ModelError otherwise)."""
    return open_model(path)


def warm_up_signal(seconds: float = 1.0, sample_rate: int = 16000) -> bytes:
    """Quiet room noise followed by voice-like harmonic bursts, so warm-up walks more of the graph than silence."""
    rng = np.random.default_rng(0)
    total = int(seconds * sample_rate)
    t = np.arange(total) / sample_rate
    signal = rng.normal(0.0, 40.0, total)
    burst = (t > seconds * 0.2) & (np.sin(2 * np.pi * 3.0 * t) > 0)
    pitch = 120.0 + 40.0 * np.sin(2 * np.pi * 0.7 * t)
    phase = 2 * np.pi * np.cumsum(pitch) / sample_rate
    voice = sum(np.sin(k * phase) / k for k in range(1, 8)) * 4000.0
    signal = signal + np.where(burst, voice, 0.0) + np.where(burst, rng.normal(0.0, 600.0, total), 0.0)
    return np.clip(np.round(signal), -32768, 32767).astype(np.int16).tobytes()


class Recognizer:
    """One turn at a time: `begin(phrases)`, `accept(block)` repeatedly, `partial()` any time, then `finish()`."""

    def __init__(self, model, sample_rate: int = 16000) -> None:
        self.sample_rate = checked_sample_rate(sample_rate)
        self._model = model
        self._has_word = has_word_in(model)
        self._full = new_recognizer(model, self.sample_rate, guesses=GUESSES)
        self._cache: OrderedDict[str, object] = OrderedDict()
        self._active = self._full
        self._grammar: str | None = None
        self._audio = AudioBytes()
        self._segments: list[dict] = []
        self._spotters: dict[str, Spotter] = {}
        self._open: Spotter | None = None

    @property
    def grammar(self) -> str | None:
        """The JSON grammar in use for this turn, or None for the full model."""
        return self._grammar

    def grammar_for(self, phrases: list[str] | None) -> str | None:
        return safe_grammar(phrases, self._has_word)

    def begin(self, phrases: list[str] | None) -> None:
        """Start a turn; phrases restrict recognition to those options (out-of-vocabulary words are dropped)."""
        grammar = safe_grammar(phrases, self._has_word)
        self._active.Reset()
        self._active = self._recognizer_for(grammar)
        self._active.Reset()
        self._grammar = grammar
        self._segments = []
        self._audio.reset()

    def accept(self, block) -> None:
        data = self._audio.coerce(block)
        if data and self._active.AcceptWaveform(data):
            # Vosk saw its own endpoint (a pause); keep the segment and let decoding continue after it.
            self._segments.append(_parse(self._active.Result()))

    @property
    def closed_segments(self) -> int:
        """Utterances Vosk has closed at its own endpoints (pauses) in this turn; their results are ready."""
        return len(self._segments)

    def partial(self) -> str:
        current = _parse(self._active.PartialResult()).get("partial", "")
        texts = [best_reading(s).get("text", "") for s in self._segments] + [current]
        return without_unknown(" ".join(texts))

    def finish(self) -> Result:
        raw = self._segments + [_parse(self._active.FinalResult())]
        self._segments = []
        self._audio.reset()
        segments = [best_reading(segment) for segment in raw]
        words, shares, unknown = heard_words(segments)
        if not words and not unknown:
            # Results without word detail (should not happen with SetWords) still carry text.
            text = without_unknown(" ".join(s.get("text", "") for s in segments))
            words, shares = [(w, 0.0) for w in text.split()], [0.0] * len(text.split())
        text = " ".join(w for w, _ in words)
        confidence = sum(shares) / len(shares) if shares else 0.0
        others = next_best_readings(raw)
        return Result(text=text, words=words, confidence=confidence, unknown_words=unknown,
                      next_best=[reading for reading, _ in others], next_best_shares=[share for _, share in others])

    def warm_up(self, seconds: float = 1.0) -> float:
        """Decode a second of synthetic audio on the full-model recognizer; returns the seconds it took."""
        started = time.perf_counter()
        data = warm_up_signal(seconds, self.sample_rate)
        self._full.Reset()
        self._full.AcceptWaveform(data)
        self._full.FinalResult()
        return time.perf_counter() - started

    def open_hearing(self) -> Spotter:
        """The full-model recognizer on a worker thread, to hear a long reply to a closed question openly too.

        The same warm recognizer open reflections use (it is idle while a grammar hears a closed answer), so no
        second full decoder is built and none is warmed. Whoever begins it must wait for its `finish()` before
        the next turn, which may use the full model on this thread."""
        if self._open is None:
            self._open = Spotter(self._full, self.sample_rate, warm=False)
        return self._open

    def spotter(self, phrases: list[str]) -> Spotter | None:
        """A second, warm recognizer on the same model listening only for `phrases` (one per phrase list, kept);
        None when no phrase is in the model's vocabulary."""
        grammar = safe_grammar(phrases, self._has_word)
        if grammar is None:
            return None
        if grammar not in self._spotters:
            self._spotters[grammar] = Spotter(new_recognizer(self._model, self.sample_rate, grammar), self.sample_rate)
        return self._spotters[grammar]

    def _recognizer_for(self, grammar: str | None):
        if grammar is None:
            return self._full
        recognizer = self._cache.pop(grammar, None)
        if recognizer is None:
            recognizer = new_recognizer(self._model, self.sample_rate, grammar, guesses=GUESSES)
        self._cache[grammar] = recognizer
        while len(self._cache) > GRAMMAR_CACHE_SIZE:
            self._cache.popitem(last=False)
        return recognizer


class Spotter:
    """A grammar recognizer fed the same frames as the main one, on a worker thread of its own.

    The full model sometimes turns a sentence that matters ("I want to hurt myself") into near-misses ("I want
    to the myself"); a recognizer that may only choose among a few such phrases, or "[unk]", is not pulled off
    them by the language model. It runs beside the main pass on its own thread (Vosk releases the interpreter
    lock while decoding), so the main loop only queues frames and the extra result is ready when the main
    FinalResult is: nothing is added at the moment the turn ends.
    """

    def __init__(self, recognizer, sample_rate: int, *, warm: bool = True) -> None:
        self._recognizer = recognizer
        if warm:
            recognizer.AcceptWaveform(warm_up_signal(0.5, sample_rate))
            recognizer.FinalResult()
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._segments: list[dict] = []  # results Vosk closed at its own endpoints (pauses) within the turn
        self._thread = threading.Thread(target=self._run, name="mend-spotter", daemon=True)
        self._thread.start()

    def begin(self) -> None:
        self._jobs.put(("begin", None))

    def accept(self, frame: bytes) -> None:
        self._jobs.put(("feed", frame))

    def finish(self) -> Future:
        """The words heard since `begin` with their confidences ("[unk]" left out), once every frame queued before
        this call is decoded."""
        future: Future = Future()
        self._jobs.put(("finish", future))
        return future

    def _run(self) -> None:
        pending = None
        while True:
            kind, value = pending or self._jobs.get()
            pending = None
            try:
                if kind == "begin":
                    self._recognizer.Reset()
                    self._segments = []
                elif kind == "feed":
                    chunks = [value]
                    while True:  # decode what has queued up in one call: fewer native round trips
                        try:
                            job = self._jobs.get_nowait()
                        except queue.Empty:
                            break
                        if job[0] != "feed":
                            pending = job
                            break
                        chunks.append(job[1])
                    if self._recognizer.AcceptWaveform(b"".join(chunks)):
                        self._segments.append(_parse(self._recognizer.Result()))
                elif kind == "finish":
                    segments = [*self._segments, _parse(self._recognizer.FinalResult())]
                    self._segments = []
                    value.set_result([(str(item.get("word", "")), float(item.get("conf", 0.0)))
                                      for segment in segments for item in best_reading(segment).get("result", [])
                                      if item.get("word") and item.get("word") != UNKNOWN_WORD])
            except Exception as exc:  # a second opinion must never take the listener down with it
                if kind == "finish" and not value.done():
                    value.set_exception(exc)


def _parse(raw: str) -> dict:
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


class ModelLoader:
    """Loads the model and warms a recognizer in the background, so speaking the welcome hides the wait."""

    def __init__(self, path, sample_rate: int = 16000, warm_up_seconds: float = 1.0) -> None:
        self._path = path
        self._sample_rate = sample_rate
        self._warm_up_seconds = warm_up_seconds
        self._thread: threading.Thread | None = None
        self._done = threading.Event()
        self._model = None
        self._recognizer: Recognizer | None = None
        self._error: AudioError | None = None
        self.load_seconds: float | None = None
        self.warm_up_seconds: float | None = None

    def start(self) -> ModelLoader:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="mend-model-loader", daemon=True)
            self._thread.start()
        return self

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None):
        """The loaded model; re-raises a load failure as ModelError, or ModelError if still loading at timeout."""
        self._wait(timeout)
        return self._model

    def recognizer(self, timeout: float | None = None) -> Recognizer:
        """The warmed recognizer (reuse it: a fresh one would be slow again on its first second)."""
        self._wait(timeout)
        assert self._recognizer is not None
        return self._recognizer

    def _wait(self, timeout: float | None) -> None:
        self.start()
        if not self._done.wait(timeout):
            raise ModelError(
                f"the speech model is still loading after {timeout:.0f} s",
                hint="Wait a little and try again, or use a smaller model (`mend model status` shows which is used).",
            )
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        try:
            started = time.perf_counter()
            model = load_model(self._path)
            self.load_seconds = time.perf_counter() - started
            recognizer = Recognizer(model, self._sample_rate)
            self.warm_up_seconds = recognizer.warm_up(self._warm_up_seconds)
            self._model, self._recognizer = model, recognizer
        except ModelError as exc:
            self._error = exc
        except AudioError as exc:
            self._error = ModelError(exc.message, exc.hint)
        except Exception as exc:  # anything else from the native side still reaches the caller as a ModelError
            self._error = ModelError(f"loading the speech model failed: {exc}")
        finally:
            self._done.set()
