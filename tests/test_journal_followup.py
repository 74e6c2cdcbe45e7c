"""The follow-up's reading of a plan's "when" and of typed outcomes, which plan it asks about, and the journal's
follow-up table: added safely to an existing journal, removed with its entry, kept whole by add_many."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from mend.assistant.journal.book import SCHEMA_VERSION, Journal
from mend.assistant.journal.entry import FollowUp
from mend.assistant.journal.followup import due_at, parse_outcome, pick_plan, plan_sentence
from tests.support.journal import file_bytes, generated_entries, sample_entry, same_content

MONDAY = datetime(2024, 5, 6, 15, 30, tzinfo=timezone.utc)
SECRET = "otter-compass-3391"


def day(offset: int) -> datetime:
    return datetime(2024, 5, 6, tzinfo=timezone.utc) + timedelta(days=offset)


@pytest.mark.parametrize("when, due", [
    ("tonight after dinner", day(1)), ("later today", day(1)), ("tomorrow evening", day(2)),
    ("the day after tomorrow", day(3)), ("on Saturday", day(6)), ("monday morning", day(8)),
    ("this weekend", day(7)), ("next week", day(14)), ("in 3 days", day(4)), ("in a couple of weeks", day(15)),
    ("2024-05-20", day(15)), ("when she gets back", day(2)), (None, day(2)), ("IN TWO DAYS", day(3)),
])
def test_when_is_read_as_the_end_of_the_day_it_names(when, due):
    assert due_at(when, MONDAY, timezone.utc) == due


def test_when_is_read_on_the_local_calendar():
    """11 pm on Sunday in New York is already Monday in UTC: "tonight" is Sunday night there, "tomorrow" Monday."""
    from zoneinfo import ZoneInfo

    new_york = ZoneInfo("America/New_York")
    sunday_late = datetime(2024, 5, 6, 3, 0, tzinfo=timezone.utc)  # 11 pm on Sunday 5 May, New York time
    assert due_at("tonight", sunday_late, new_york) == datetime(2024, 5, 6, tzinfo=new_york)
    assert due_at("tomorrow", sunday_late, new_york) == datetime(2024, 5, 7, tzinfo=new_york)
    assert due_at("tonight", sunday_late, timezone.utc) == day(1)


@pytest.mark.parametrize("text, outcome", [
    ("1", "went_well"), ("5", "went_badly"), ("went well", "went_well"), ("It went well, thanks", "went_well"),
    ("partly", "partly"), ("sort of", "partly"), ("not yet", "not_yet"), ("I haven't yet", "not_yet"),
    ("they weren't ready", "not_ready"), ("They weren’t ready.", "not_ready"), ("not_ready", "not_ready"),
    ("badly", "went_badly"), ("not well", "went_badly"), ("it didn't go well", "went_badly"),
    ("6", None), ("pizza", None), ("", None),
])
def test_typed_outcomes(text, outcome):
    assert parse_outcome(text) == outcome


def test_the_plan_asked_about_is_the_latest_open_one_that_is_due():
    now = MONDAY + timedelta(days=3)
    due = sample_entry(id=1, created_at=MONDAY, when="tomorrow")
    not_due = sample_entry(id=2, created_at=MONDAY + timedelta(days=1), when="next week")
    no_plan = sample_entry(id=3, created_at=MONDAY + timedelta(days=2), gesture=None, opening_line=None, when=None)
    safety = sample_entry(id=4, created_at=MONDAY + timedelta(days=2), safety_flag=True)
    assert pick_plan([due, not_due, no_plan, safety], now).id == 1
    due.followup = FollowUp(outcome="went_well")
    assert pick_plan([due, not_due, no_plan], now).id == 2  # nothing open is due: the latest open plan
    not_due.followup = FollowUp(outcome="not_yet")
    assert pick_plan([due, not_due], now).id == 2  # "not yet" stays open
    not_due.followup = FollowUp(outcome="partly")
    assert pick_plan([due, not_due], now).id == 2  # all told: the latest plan, to tell again
    assert pick_plan([no_plan], now) is None and pick_plan([], now) is None


def test_the_question_uses_the_entry_s_own_words():
    entry = sample_entry(created_at=datetime(2025, 3, 2, tzinfo=timezone.utc), opening_line="Can we talk?")
    assert plan_sentence(entry) == (
        "Last time (2 March 2025) you planned to have a conversation with your partner, tonight after dinner, "
        "starting with \u201cCan we talk?\u201d How did it go?"
    )
    bare = sample_entry(created_at=datetime(2025, 3, 2, tzinfo=timezone.utc), relationship="self",
                        gesture="small_act", opening_line=None, when=None)
    assert plan_sentence(bare) == "Last time (2 March 2025) you planned to offer a small act of care. How did it go?"


def _as_version_1(db) -> None:
    """Turn a journal into exactly what mend wrote before follow-ups existed."""
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE followups")
        conn.execute("UPDATE schema_version SET version = 1")


@pytest.mark.parametrize("passphrase", [None, "kestrel-9"])
def test_an_existing_journal_gains_follow_ups_and_keeps_its_entries(tmp_path, passphrase):
    db = tmp_path / "journal.sqlite3"
    entries = generated_entries(30)
    for entry in entries:
        entry.followup = None
    with Journal(db) as journal:
        if passphrase:
            journal.protect(passphrase)
        journal.add_many(entries)
        before = journal.list()
    _as_version_1(db)
    with Journal(db, passphrase) as journal:
        after = journal.list()
        assert [e.id for e in after] == [e.id for e in before]
        assert all(same_content(a, b) for a, b in zip(after, before))
        journal.add_followup(after[-1].id, FollowUp(outcome="went_well"))
        assert journal.integrity_ok()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        assert {"followups", "followups_by_entry"} <= names


def test_follow_ups_go_with_their_entry(tmp_path):
    db = tmp_path / "journal.sqlite3"
    with Journal(db) as journal:
        first, second = journal.add(sample_entry()), journal.add(sample_entry())
        journal.add_followup(first, FollowUp(outcome="not_yet", note=SECRET))
        journal.add_followup(second, FollowUp(outcome="went_well"))
        with pytest.raises(Exception, match="there is no journal entry 99"):
            journal.add_followup(99, FollowUp(outcome="partly"))
        journal.delete(first)
        assert SECRET.encode() not in file_bytes(db)
        assert [e.followup.outcome for e in journal.list()] == ["went_well"]
        journal.forget_all()
        count = sqlite3.connect(db).execute("SELECT COUNT(*) FROM followups").fetchone()[0]
        assert count == 0


def test_add_many_is_all_or_nothing_and_keeps_follow_ups(tmp_path):
    db = tmp_path / "journal.sqlite3"
    entries = generated_entries(40)
    with Journal(db) as journal:
        ids = journal.add_many(entries)
        kept = journal.list()
    assert [e.id for e in kept] == ids and all(same_content(a, b) for a, b in zip(kept, entries))
    assert sum(e.followup is not None for e in kept) == sum(e.followup is not None for e in entries) > 0
