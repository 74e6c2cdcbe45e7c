"""An answer's next-best readings, from Vosk results that carry several ("alternatives").

On an open answer the small English model's best guess often loses the one word that carries the meaning ("i
kept saying salary over and over", "i shot down and stopped talking") while its second or third guess keeps it;
with a closed-question grammar a bare one-word answer ("buddy", "other half") is often "[unk]" in the best guess
and the answer in the next. Asking Vosk for a few guesses per utterance costs about 0.2 ms when the utterance
ends, and the listener hands them on as `Heard.next_best`; what reads them decides how far to trust them (mend
uses them only to find a default response the best guess did not name, and a closed answer, confirmed before it
is kept, when the best guess gave none; never for safety).

In this mode Vosk gives no per-word confidence ("conf"), only a score per guess. So each word of the best guess
gets two figures: `share`, that guess's share of the probability among the guesses (a sentence-level
confidence, 0..1, which the closed-answer confirmation is calibrated on), and `conf`, the word's own posterior
over the guesses: the shares of every guess that has the same word in the same place, found by aligning the
guesses word by word. A word every guess agrees on gets 1.0 even in a long sentence whose best guess holds only
a third of the probability; a word the guesses disagree on ("great" / "grade", "tonight" / "to hide") keeps only
the shares of the guesses that have it."""

from __future__ import annotations

import math
from difflib import SequenceMatcher

from mend.audio.guard import UNKNOWN_WORD

__all__ = ["GUESSES", "best_reading", "heard_words", "next_best_readings", "without_unknown"]

GUESSES = 4  # readings Vosk is asked for per utterance: the best one and three others


def best_reading(segment: dict) -> dict:
    """A Vosk result in its single-guess form ({"text", "result": [{"word", "conf", ...}]}), whatever its form."""
    guesses = _guesses(segment)
    if guesses is None:
        return segment
    if not guesses:
        return {"text": "", "result": []}
    best = guesses[0]
    shares = _shares([_score(guess) for guess in guesses])
    # guesses that differ from the best only by "[unk]" are the same reading: their probability is its too
    share = sum(s for guess, s in zip(guesses, shares) if _text(guess) == _text(best))
    items = [item for item in best.get("result", []) if isinstance(item, dict)]
    posteriors = _word_posteriors([str(item.get("word", "")) for item in items], guesses, shares)
    words = [dict(item, conf=min(1.0, max(share, posterior)), share=share) for item, posterior in zip(items, posteriors)]
    return {"text": str(best.get("text", "")), "result": words}


def _word_posteriors(best_words: list[str], guesses: list[dict], shares: list[float]) -> list[float]:
    """Each best word's posterior over the guesses: the summed shares of the guesses that, aligned word by word
    with the best one, have the same word there."""
    posteriors = [0.0] * len(best_words)
    for guess, share in zip(guesses, shares):
        words = [str(item.get("word", "")) for item in guess.get("result", []) if isinstance(item, dict)]
        matcher = SequenceMatcher(None, best_words, words, autojunk=False)
        for block in matcher.get_matching_blocks():
            for index in range(block.a, block.a + block.size):
                posteriors[index] += share
    return posteriors


def heard_words(segments: list[dict]) -> tuple[list[tuple[str, float]], list[float], int]:
    """The words of single-guess results (`best_reading`'s form) with their own confidences, each word's
    reading's share (the same as its confidence when Vosk gave one guess), and how many "[unk]" there were."""
    words: list[tuple[str, float]] = []
    shares: list[float] = []
    unknown = 0
    for segment in segments:
        for item in segment.get("result", []):
            word = str(item.get("word", ""))
            if word == UNKNOWN_WORD:
                unknown += 1
            elif word:
                words.append((word, _unit(item.get("conf", 0.0))))
                shares.append(_unit(item.get("share", item.get("conf", 0.0))))
    return words, shares, unknown


def _unit(value: object) -> float:
    try:
        return min(1.0, max(0.0, float(value)))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0


def next_best_readings(segments: list[dict], limit: int = GUESSES - 1) -> list[tuple[str, float]]:
    """Whole-answer readings with one utterance read its next-best way, the smallest loss in score first, each
    with its share of the probability in that utterance (guesses that read the same once "[unk]" is dropped are
    one reading and add up), so a reader can add up the readings that mean the same thing.

    An answer is one or more utterances (Vosk closes one at each pause); changing one at a time keeps the list
    short and each entry one plausible slip away from the best reading."""
    best_texts = [_text(best_reading(segment)) for segment in segments]
    best_answer = " ".join(t for t in best_texts if t)
    scored: list[tuple[float, str, float]] = []
    for index, segment in enumerate(segments):
        guesses = _guesses(segment) or []
        if len(guesses) < 2:
            continue
        scores = [_score(guess) for guess in guesses]
        shares = _shares(scores)
        for position, guess in enumerate(guesses[1:], 1):
            texts = [*best_texts[:index], _text(guess), *best_texts[index + 1:]]
            scored.append((scores[0] - scores[position], " ".join(t for t in texts if t), shares[position]))
    readings: dict[str, float] = {}  # in order of first appearance: the smallest loss first
    for _, text, share in sorted(scored, key=lambda item: item[0]):
        if text and text != best_answer:
            readings[text] = readings.get(text, 0.0) + share
    return list(readings.items())[:limit]


def _guesses(segment: dict) -> list[dict] | None:
    guesses = segment.get("alternatives")
    if guesses is None:
        return None
    return [g for g in guesses if isinstance(g, dict)] if isinstance(guesses, list) else []


def _score(guess: dict) -> float:
    try:
        return float(guess.get("confidence", 0.0))
    except (TypeError, ValueError):
        return 0.0


def _shares(scores: list[float]) -> list[float]:
    top = max(scores)
    weights = [math.exp(score - top) for score in scores]
    return [weight / sum(weights) for weight in weights]


def without_unknown(text: str) -> str:
    """Recognised text without the grammar's "[unk]" placeholders."""
    return " ".join(w for w in text.split() if w != UNKNOWN_WORD)


def _text(segment: dict) -> str:
    return without_unknown(str(segment.get("text", "")))
