"""One place that turns the listening settings into a `ListenRequest`, for every kind of turn the session takes.

A closed turn (a step with a vocabulary, a yes/no, a choice after the crisis lines, waiting for "resume") ends after
the short closed pause; an open reflection after the longer open one. A statement's turn is optional and short;
turns that wait for a person to come back are given at least `patience` seconds before they count as silence.
"""

from __future__ import annotations

from collections.abc import Callable

from mend.assistant.config import ListeningSettings
from mend.assistant.understanding.reading import YES_WORDS, vocabulary_for
from mend.assistant.understanding.second_hearing import hear_again
from mend.audio.turns import ListenRequest
from mend.flows import Step


def listen_request(
    listening: ListeningSettings,
    phrases: list[str] | None = None,
    *,
    optional: bool = False,
    patience: float = 0.0,
    quiet: float = 0.0,
    keep_recording: bool = False,
) -> ListenRequest:
    """A turn expecting one of `phrases` (closed) or anything at all (None: open). `quiet`: seconds of quiet mend
    keeps first (the body step's pause), listened through, so the usual wait for an answer follows it;
    `keep_recording` keeps the answer's speech in memory, to be played back."""
    timeout = listening.statement_timeout if optional else listening.no_speech_timeout
    return ListenRequest(
        phrases=phrases,
        trailing_silence=listening.open_trailing_silence if phrases is None else listening.closed_trailing_silence,
        no_speech_timeout=max(patience, timeout) + max(0.0, quiet),
        max_utterance=listening.max_utterance,
        optional=optional,
        # a closed reply that runs long is heard whole, with the open pause: it may be a sentence, not an answer
        long_trailing_silence=None if phrases is None else listening.open_trailing_silence,
        keep_recording=keep_recording,
    )


def step_request(listening: ListeningSettings, step: Step | None, *, optional: bool = False,
                 quiet: float = 0.0) -> ListenRequest:
    """The answer to a flow step: closed when the step has a vocabulary, open otherwise; kept in memory when the
    step plays its answer back."""
    return listen_request(listening, vocabulary_for(step) if step is not None else None, optional=optional,
                          quiet=quiet, keep_recording=step is not None and step.play_back)


def yes_no_request(listening: ListeningSettings) -> ListenRequest:
    """A short side question (confirmations, the safety check-in, keeping a note)."""
    return listen_request(listening, [*YES_WORDS, "stop"])


def answer_yes_no(session, question: str, read: Callable[[str], bool | None],
                  settle: Callable[[str, str | None], bool | None] | None = None) -> bool | None:
    """Say a short side question and read the reply with `read` (a plain yes or no, an offer's reply, a safety
    question's clear no). A spoken reply the grammar of yes and no could not hold ("maybe later") is read again
    from the full model's hearing. Silence or an unclear reply gives None.

    With `settle` (the safety question), a no is heard again too, and `settle(grammar's words, full model's words
    or None when there is no second hearing)` gives the answer: a no must survive both hearings."""
    session.say(question)
    heard = session.hear(yes_no_request(session.settings.listening))
    if heard.silent:
        return None
    answer = read(heard.text)
    again = answer is None or (answer is False and settle is not None)
    if again and not heard.open_text:
        hear_again(heard)
    session.check_safety(heard)  # what either hearing heard, before any answer counts
    if settle is not None and again:
        hearable = getattr(heard, "hear_openly", None) is not None or bool(heard.open_text)
        return settle(heard.text, heard.open_text if hearable else None)
    if answer is None and heard.open_text:
        answer = read(heard.open_text)
    return answer
