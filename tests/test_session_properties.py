"""Whatever a person types (any Unicode, control characters, 100,000-character lines, commands in any order), a
text session neither crashes nor hangs, and always ends with a valid SessionOutcome; a note it keeps reads back."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path
from typing import get_args

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mend.assistant.config import Settings
from mend.assistant.journal.book import Journal
from mend.assistant.session.outcome import EndedHow, SessionOutcome
from mend.assistant.session.loop import Session
from mend.assistant.modes.text import MAX_LINE, TextListener, TextSpeaker
from mend.flows import builtin_flow, builtin_flow_names
from tests.support.cli import REPAIR_REPLIES

FREE_TEXT_REPLIES = [2, 4, 9, 10, 11, 14]  # REPAIR_REPLIES positions answering open questions (story, own part, when)
RUN_LIMIT = 2.0  # seconds for one whole session, however odd the input

MEANINGFUL = [
    "", "yes", "no", "not really", "stop", "help", "repeat", "slower", "faster", "pause", "resume", "go back",
    "skip", "next", "I don't know", "seven", "about a six", "11", "-3", "my girlfriend", "a friend",
    "I went quiet and kept saying sorry", "I always ruin everything", "a conversation", "tomorrow",
    "I want to kill myself", "this is killing me to think about", "tomorrow \udce9vening", "caf\udce9",
]
# every code point, lone surrogates included: stdin is decoded with surrogateescape, so a Latin-1 byte arrives as one
any_text = st.text(alphabet=st.characters(exclude_categories=()), max_size=200)
control_text = st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs"]), max_size=50)
huge_line = st.tuples(st.text(min_size=1, max_size=8), st.integers(50_000, 100_000)).map(
    lambda pair: (pair[0] * (pair[1] // len(pair[0]) + 1))[: pair[1]]
)
surrogate_text = st.builds(lambda a, b, c: a + b + c, st.text(max_size=10),
                           st.text(alphabet=st.characters(categories=["Cs"]), min_size=1, max_size=3), st.text(max_size=10))
odd_text = st.one_of(any_text, control_text, surrogate_text, huge_line)
meaningful = st.sampled_from(MEANINGFUL)
reply = st.one_of(meaningful, meaningful, meaningful, odd_text)  # mostly real replies
replies = st.lists(reply, max_size=40).filter(lambda rs: sum(len(r) for r in rs) <= 600_000)


@pytest.fixture(scope="module")
def journal_path(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("property-journal") / "journal.sqlite3"


def run_bounded(session: Session) -> tuple[SessionOutcome | None, BaseException | None, float]:
    """Run the session on a thread so a hang shows up as a failure instead of a stuck test run."""
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["outcome"] = session.run()
        except BaseException as exc:  # noqa: BLE001 - any escape is the failure being looked for
            box["error"] = exc

    started = time.monotonic()
    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(RUN_LIMIT * 5)
    assert not worker.is_alive(), "the session hung"
    return box.get("outcome"), box.get("error"), time.monotonic() - started  # type: ignore[return-value]


def check_outcome(outcome: SessionOutcome, flow_name: str) -> None:
    flow = builtin_flow(flow_name)
    assert SessionOutcome.model_validate_json(outcome.model_dump_json()) == outcome
    assert outcome.flow == flow_name and outcome.ended in get_args(EndedHow)
    assert outcome.completed == (outcome.ended in ("completed", "come_back_later"))
    assert outcome.safety_flag == (outcome.ended == "safety")
    assert set(outcome.steps_visited) <= set(flow.steps)
    assert all(0 <= reading.value <= 10 for reading in outcome.activation)
    assert len({reading.moment for reading in outcome.activation}) == len(outcome.activation)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                  HealthCheck.function_scoped_fixture])
@given(flow_name=st.sampled_from(builtin_flow_names()), lines=replies,
       save=st.sampled_from(["never", "ask", "always"]), keep_transcript=st.booleans())
def test_any_typed_input_ends_in_a_valid_outcome_quickly(journal_path, flow_name, lines, save, keep_transcript):
    config = Settings()
    config.session.pauses = False
    config.journal.keep_transcripts = keep_transcript
    said = io.StringIO()
    session = Session(
        builtin_flow(flow_name), TextListener(io.StringIO("\n".join(lines)), said), TextSpeaker(said), config,
        save=save, journal_opener=lambda: Journal(journal_path),
    )
    outcome, error, elapsed = run_bounded(session)
    assert error is None, f"{type(error).__name__}: {error}"
    assert elapsed < RUN_LIMIT, f"one session took {elapsed:.2f}s"
    check_outcome(outcome, flow_name)
    event(f"ended {outcome.ended}, {len(outcome.steps_visited)} steps" if len(outcome.steps_visited) < 4 else f"ended {outcome.ended}")
    heard = [line.text for line in session.transcript if line.speaker == "you"]
    assert all(len(text) <= MAX_LINE for text in heard)
    if outcome.kept_in_journal:
        with Journal(journal_path) as journal:
            entry = journal.get(outcome.journal_entry_id)
        assert entry.flow == flow_name and entry.ended == outcome.ended
        assert (entry.transcript is not None) == keep_transcript
    else:
        assert save == "never" or outcome.journal_error is None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(flow_name=st.sampled_from(builtin_flow_names()), lines=st.lists(huge_line, min_size=1, max_size=6))
def test_only_enormous_lines_still_end_quickly(flow_name, lines):
    config = Settings()
    config.session.pauses = False
    said = io.StringIO()
    session = Session(builtin_flow(flow_name), TextListener(io.StringIO("\n".join(lines)), said), TextSpeaker(said),
                      config, save="never")
    outcome, error, elapsed = run_bounded(session)
    assert error is None, f"{type(error).__name__}: {error}"
    assert elapsed < RUN_LIMIT
    check_outcome(outcome, flow_name)
    assert outcome.ended in ("ended_early", "stopped", "safety", "completed")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                  HealthCheck.function_scoped_fixture])
@given(position=st.sampled_from(FREE_TEXT_REPLIES), odd=odd_text, keep_transcript=st.booleans())
def test_an_odd_answer_inside_a_complete_walk_is_kept_intact(journal_path, position, odd, keep_transcript):
    lines = list(REPAIR_REPLIES)
    lines[position] = odd.replace("\n", " ").replace("\r", " ")  # one line: the walk stays in step
    config = Settings()
    config.session.pauses = False
    config.journal.keep_transcripts = keep_transcript
    said = io.StringIO()
    session = Session(builtin_flow("repair"), TextListener(io.StringIO("\n".join(lines)), said), TextSpeaker(said),
                      config, save="always", journal_opener=lambda: Journal(journal_path))
    outcome, error, elapsed = run_bounded(session)
    assert error is None, f"{type(error).__name__}: {error}"
    assert elapsed < RUN_LIMIT
    check_outcome(outcome, "repair")
    event(f"ended {outcome.ended}")
    if outcome.ended not in ("safety", "ended_early"):  # the note is kept whenever the session got to its close
        assert outcome.kept_in_journal, outcome.journal_error
        with Journal(journal_path) as journal:
            assert journal.get(outcome.journal_entry_id).model_dump_json()
