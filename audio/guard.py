"""The only doorway into Vosk: every value handed to the native library is checked or repaired here first.

Vosk is a C++ library behind a thin binding. Some inputs that look harmless in Python end the whole process
without an exception: a grammar that is not a JSON list ('not json', '[]' or '{}' given to the constructor), a
sample rate of 0 or -1 (the decoder spins forever). mend talks to a person who may be upset; a crash or hang in
the middle of that conversation is not acceptable, so these rules make such inputs impossible instead of
documenting them.
"""

from __future__ import annotations

import json
import numbers
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from mend.audio.errors import ModelError, RecognizerInputError
from mend.audio.stderr_capture import pass_on_to_stderr, printable, run_capturing_stderr, split_kaldi_report

MIN_RATE = 8000
MAX_RATE = 48000
UNKNOWN_WORD = "[unk]"
MAX_PHRASES = 500
MAX_WORDS_PER_PHRASE = 20
MAX_WORD_LENGTH = 40

_NOT_WORD = re.compile(r"[^\w']+|_")


def normalize_phrase(phrase: str) -> list[str]:
    """Lower-case words as they appear in a Vosk vocabulary: letters (any script), digits and apostrophes."""
    cleaned = _NOT_WORD.sub(" ", phrase.lower().replace("-", " "))
    words = [w.strip("'") for w in cleaned.split()]
    return [w for w in words if w and len(w) <= MAX_WORD_LENGTH][:MAX_WORDS_PER_PHRASE]


def safe_grammar(phrases: Iterable[str] | None, has_word: Callable[[str], bool]) -> str | None:
    """A grammar Vosk cannot choke on: a non-empty JSON list of in-vocabulary phrases, or None for the full model.

    Words the model does not know are dropped (Vosk would only warn, but a phrase of unknown words turns into an
    empty sentence that matches silence). "[unk]" is added when the model has it, so speech outside the options
    comes back as "[unk]" rather than being forced onto the nearest option. When no phrase survives, the full
    model is the honest fallback: the understanding layer can still make sense of free text.
    """
    if phrases is None:
        return None
    if isinstance(phrases, (str, bytes)):
        raise RecognizerInputError(
            "Grammar phrases must be a list of strings, not a single string.",
            hint="Pass phrases like ['yes', 'no'], or None for open speech.",
        )
    kept: list[str] = []
    seen: set[str] = set()
    checked: dict[str, bool] = {}

    def known(word: str) -> bool:
        if word not in checked:
            checked[word] = bool(has_word(word))
        return checked[word]

    for count, phrase in enumerate(phrases):
        if count >= MAX_PHRASES:
            break
        if not isinstance(phrase, str):
            continue
        if phrase.strip().lower() == UNKNOWN_WORD:
            continue  # added below, only when the model has it
        words = [w for w in normalize_phrase(phrase) if known(w)]
        text = " ".join(words)
        if text and text not in seen:
            seen.add(text)
            kept.append(text)
    if not kept:
        return None
    if known(UNKNOWN_WORD):
        kept.append(UNKNOWN_WORD)
    return json.dumps(kept, ensure_ascii=False)


def grammar_from_json(text: object, has_word: Callable[[str], bool]) -> str | None:
    """Repair or reject a raw grammar string (as a config file or a caller might supply it).

    '[]' means "no restriction" and becomes None (full model); anything that is not a JSON list of strings is
    rejected with a clear error instead of reaching Vosk.
    """
    if not isinstance(text, str):
        raise RecognizerInputError(f"A grammar must be a JSON text, got {type(text).__name__}.")
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise RecognizerInputError(
            f"The grammar is not valid JSON: {text[:40]!r}.",
            hint='Write the grammar as a JSON list of phrases, e.g. ["yes", "no"].',
        ) from None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RecognizerInputError(
            f"The grammar must be a JSON list of strings, got {type(value).__name__}.",
            hint='Write the grammar as a JSON list of phrases, e.g. ["yes", "no"].',
        )
    return safe_grammar(value, has_word)


def checked_sample_rate(rate: object) -> int:
    """A positive whole number of samples per second within what the models are trained for."""
    if isinstance(rate, bool) or not isinstance(rate, numbers.Real):
        raise RecognizerInputError(f"Sample rate must be a number, got {type(rate).__name__}.")
    if isinstance(rate, numbers.Integral):
        value = int(rate)
    else:
        as_float = float(rate)
        if not as_float.is_integer():
            raise RecognizerInputError(f"Sample rate must be a whole number of samples per second, got {rate}.")
        value = int(as_float)
    if not MIN_RATE <= value <= MAX_RATE:
        raise RecognizerInputError(f"Sample rate {value} Hz is outside {MIN_RATE}..{MAX_RATE} Hz.")
    return value


class AudioBytes:
    """Turns whatever a source delivers into whole 16-bit samples, keeping an odd byte for the next block.

    Dropping a stray byte would shift every later sample by one byte and turn speech into loud noise, so the
    byte is carried over instead. `reset()` forgets it at the start of a new turn.
    """

    def __init__(self) -> None:
        self._carry = b""

    def reset(self) -> None:
        self._carry = b""

    @property
    def pending(self) -> int:
        return len(self._carry)

    def coerce(self, block: object) -> bytes:
        data = self._carry + _as_bytes(block)
        if len(data) % 2:
            self._carry = data[-1:]
            return data[:-1]
        self._carry = b""
        return data


def _as_bytes(block: object) -> bytes:
    if isinstance(block, bytes):
        return block
    if isinstance(block, (bytearray, memoryview)):
        return block.tobytes() if isinstance(block, memoryview) else bytes(block)
    if isinstance(block, np.ndarray):
        array = block
        if array.ndim == 2 and 1 in array.shape:
            array = array.reshape(-1)
        if array.ndim != 1:
            raise RecognizerInputError(f"Audio must be mono; got an array of shape {block.shape}.")
        if array.dtype == np.int16:
            return np.ascontiguousarray(array).tobytes()
        if np.issubdtype(array.dtype, np.floating):
            scaled = np.clip(np.nan_to_num(array.astype(np.float64)), -1.0, 1.0) * 32767.0
            return np.round(scaled).astype(np.int16).tobytes()
        if array.dtype == np.uint8:
            return array.tobytes()
        raise RecognizerInputError(f"Audio arrays must be int16 or float, got {array.dtype}.")
    raise RecognizerInputError(f"Audio must be bytes, bytearray, memoryview or a numpy array, got {type(block).__name__}.")


# What a Vosk model directory needs; each entry lists acceptable alternatives (new and old layouts).
_MODEL_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("acoustic model", ("am/final.mdl", "final.mdl")),
    ("feature configuration", ("conf/mfcc.conf", "mfcc.conf")),
    ("decoding graph", ("graph/HCLG.fst", "graph/HCLr.fst", "HCLG.fst", "HCLr.fst")),
)


def checked_model_dir(path: object) -> Path:
    """The model directory as a Path, after proving it holds a Vosk model; Vosk itself is not touched here."""
    if path is None or isinstance(path, bool) or not isinstance(path, (str, os.PathLike)):
        raise ModelError(f"A model path must be a directory path, got {type(path).__name__}.")
    model_dir = Path(path).expanduser()
    if str(path) == "":
        raise ModelError("The model path is empty.")
    if not model_dir.exists():
        raise ModelError(f"Model directory {model_dir} does not exist.")
    if not model_dir.is_dir():
        raise ModelError(f"Model path {model_dir} is a file, not a model directory.")
    missing = [
        f"{label} ({' or '.join(options)})"
        for label, options in _MODEL_PARTS
        if not any((model_dir / option).is_file() for option in options)
    ]
    if missing:
        raise ModelError(f"{model_dir} is not a complete Vosk model: missing {', '.join(missing)}.")
    return model_dir


def open_model(path: object):
    """Load a Vosk model after checking the directory; Vosk's own failure becomes a ModelError.

    Kaldi reports a damaged model on file descriptor 2 (even at the quietest log level), quoting the bytes it
    found, so raw binary would reach the person's terminal. File descriptor 2 is captured during the load: on
    failure a short printable excerpt of Kaldi's complaint goes into the error message; anything else written
    meanwhile (by other threads) is passed on to stderr afterwards.
    """
    model_dir = checked_model_dir(path)
    import vosk

    vosk.SetLogLevel(-2)
    model, error, captured = run_capturing_stderr(lambda: vosk.Model(str(model_dir)))
    excerpt, others = split_kaldi_report(captured)
    pass_on_to_stderr(others)
    if error is None:
        return model
    detail = excerpt or printable(str(error))   # the binding's own text is a bare "Failed to create a model"
    raise ModelError(f"Vosk could not load the model at {model_dir}: {detail.rstrip('.')}.")



def has_word_in(model) -> Callable[[str], bool]:
    """Vocabulary lookup for `safe_grammar`; words with characters the C side cannot take are simply unknown."""

    def has_word(word: str) -> bool:
        if not word or "\x00" in word:
            return False
        return model.vosk_model_find_word(word) >= 0

    return has_word


def new_recognizer(model, sample_rate: object, grammar: str | None = None, guesses: int = 1):
    """A KaldiRecognizer built only from checked values (grammar from `safe_grammar`, or None); `guesses` > 1
    makes its results carry that many readings (see audio.hypotheses)."""
    import vosk

    rate = checked_sample_rate(sample_rate)
    if grammar is None:
        recognizer = vosk.KaldiRecognizer(model, rate)
    else:
        recognizer = vosk.KaldiRecognizer(model, rate, _checked_grammar_text(grammar))
    recognizer.SetWords(True)
    if isinstance(guesses, int) and guesses > 1:
        recognizer.SetMaxAlternatives(guesses)
    return recognizer


def _checked_grammar_text(grammar: str) -> str:
    try:
        value = json.loads(grammar)
    except (TypeError, ValueError):
        value = None
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise RecognizerInputError(f"Refusing to hand Vosk a malformed grammar: {str(grammar)[:40]!r}.")
    return grammar
