"""Whether a spoken answer that mend will build a line from must be read back before it is kept.

The opening-line draft is composed from what the person said about the impact, their own part and what they are
curious about (or, when they were the one hurt, what they felt and need); the plan keeps their own opening line
and the time they chose. A recognizer slip inside any of these ("to hide" for "tonight") would end up in words
mend offers them to say, or in the plan they leave with. So when the recognizer was unsure of a word of such an
answer (its confidence: the word's posterior over the recognizer's guesses, `audio.hypotheses`), mend says back
what it heard and asks before keeping it. Answers to other steps, typed answers and closed answers (said back by
`reading.needs_confirming`) are not read back here.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["COMPOSED_FROM", "READ_BACK_WORDS", "SAY_AGAIN", "read_back_phrase", "unsure_words"]

# The slots a composed line or the plan keeps the person's words from: the opening-line draft
# (`wording.compose_opening_line`: impact, own part, curiosity), the words for raising a hurt
# (`session.drafts.compose_i_statement`), and the plan (`session.outcome.plan_from`: the opening line, the "when",
# the reply that listens).
# What happened is left out: it is a story, read back inside the draft offer itself when it is short enough to
# be used there, and a read-back of it would be long.
COMPOSED_FROM = frozenset({"impact", "own_part", "curiosity", "hurt_felt", "hurt_need", "opening_line", "when",
                           "listening_reply"})

READ_BACK_WORDS = 12  # an answer this short is read back whole; a longer one around its unsure words
READ_BACK_MOST = 18  # the most words a read-back holds; unsure words spread wider are asked for again instead
SAY_AGAIN = ""  # `read_back_phrase`'s answer when the unsure words are too spread out to say back by ear
_AROUND = 3  # words kept on each side of the unsure ones
_GAP = " \u2026 "  # between two stretches read back (a pause by ear)
# words whose slip changes nothing a line would say (fillers and articles)
_SLIGHT = frozenset({"a", "an", "the", "um", "uh", "er", "erm", "uhm", "hmm", "mm", "oh", "well", "like", "so"})


def unsure_words(words: Sequence[tuple[str, float]], below: float) -> list[int]:
    """Positions of the words heard with a confidence under `below`, leaving out fillers and articles."""
    return [index for index, (word, confidence) in enumerate(words)
            if confidence < below and word.lower() not in _SLIGHT]


def read_back_phrase(slot: str | None, heard_text: str, words: Sequence[tuple[str, float]], value: object,
                     below: float) -> str | None:
    """What to say back ("call her on sunday", or two stretches of a long answer around its unsure words), None
    when the answer can be kept as heard (it is not for a slot a line is composed from, it is not the words that
    were heard (a kept draft), or no word that matters was heard with low confidence), or SAY_AGAIN when the
    unsure words are spread over more than a read-back can hold by ear."""
    if slot not in COMPOSED_FROM or not isinstance(value, str) or not words:
        return None
    said = [word for word, _ in words]
    if value.strip().split() != said or heard_text.strip().split() != said:
        return None
    unsure = unsure_words(words, below)
    if not unsure:
        return None
    if len(said) <= READ_BACK_WORDS:
        return " ".join(said)
    stretches: list[list[int]] = []  # [start, end) around each unsure word, joined where they meet
    for index in unsure:
        start, end = max(0, index - _AROUND), min(len(said), index + _AROUND + 1)
        if stretches and start <= stretches[-1][1]:
            stretches[-1][1] = end
        else:
            stretches.append([start, end])
    if sum(end - start for start, end in stretches) > READ_BACK_MOST:
        return SAY_AGAIN
    return _GAP.join(" ".join(said[start:end]) for start, end in stretches)
