"""The journal library against a real SQLite file: privacy of the files, saving, deleting, exporting, encryption,
and the failures a person can meet (read-only directory, full disk, busy or damaged file) as clear JournalErrors."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

import platformdirs
import pytest
from pydantic import ValidationError

from mend.assistant import paths
from mend.assistant.errors import JournalError, JournalLockedError
from mend.assistant.journal.book import SCHEMA_VERSION, Journal, JournalEntry
from tests.support.journal import can_mount, file_bytes, remount_read_only, sample_entry, same_content, tmpfs

SECRET = "zebra-marmalade-7731"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask():
    """Set a umask for one test and restore the previous one afterwards."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield os.umask
    os.umask(previous)


@pytest.fixture
def db(mend_home: Path) -> Path:
    return mend_home / "data" / "journal.sqlite3"


# -- paths ----------------------------------------------------------------------------------------------------------
def test_dirs_follow_mend_home_or_platform_defaults(mend_home, monkeypatch):
    assert paths.data_dir() == mend_home
    assert paths.config_dir() == mend_home
    assert paths.journal_path() == mend_home / "journal.sqlite3"
    monkeypatch.delenv("MEND_HOME")
    assert paths.data_dir() == Path(platformdirs.user_data_dir("mend"))
    assert paths.config_dir() == Path(platformdirs.user_config_dir("mend"))


@pytest.mark.parametrize("mask", [0o000, 0o022])
def test_private_dirs_and_files_ignore_the_umask(tmp_path, umask, mask):
    umask(mask)
    deep = paths.ensure_private_dir(tmp_path / "a" / "b")
    assert mode(tmp_path / "a") == 0o700 and mode(deep) == 0o700
    note = paths.private_file(deep / "note")
    assert mode(note) == 0o600
    exported = paths.write_private_text(tmp_path / "export.md", "hello")
    assert mode(exported) == 0o600 and exported.read_text() == "hello"


def test_existing_wide_dir_and_file_are_tightened_not_widened(tmp_path):
    wide = tmp_path / "wide"
    wide.mkdir()
    os.chmod(wide, 0o755)
    paths.ensure_private_dir(wide)
    assert mode(wide) == 0o700
    readonly = tmp_path / "readonly"
    readonly.mkdir()
    os.chmod(readonly, 0o500)
    paths.ensure_private_dir(readonly)
    assert mode(readonly) == 0o500
    loose = wide / "loose"
    loose.write_text("keep me")
    os.chmod(loose, 0o644)
    paths.private_file(loose)
    assert mode(loose) == 0o600 and loose.read_text() == "keep me"


# -- files of the journal -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("mask", [0o000, 0o022])
def test_journal_files_are_owner_only_whatever_the_umask(db, umask, mask):
    umask(mask)
    with Journal(db) as journal:
        journal.add(sample_entry())
        created = [db, Path(f"{db}-wal"), Path(f"{db}-shm")]
        assert all(part.exists() for part in created)
        assert {part.name: mode(part) for part in created} == {part.name: 0o600 for part in created}
        assert mode(db.parent) == 0o700


def test_opening_tightens_an_existing_readable_journal(db):
    Journal(db).close()
    os.chmod(db, 0o644)
    os.chmod(db.parent, 0o755)
    with Journal(db) as first:
        first.add(sample_entry())
        assert mode(db) == 0o600 and mode(db.parent) == 0o700
        wal = Path(f"{db}-wal")
        os.chmod(wal, 0o644)
        with Journal(db) as second:
            assert len(second.list()) == 1
            assert mode(wal) == 0o600


def test_default_location_is_under_mend_home(mend_home):
    with Journal() as journal:
        journal.add(sample_entry())
        assert journal.path == mend_home / "journal.sqlite3"
    assert (mend_home / "journal.sqlite3").stat().st_size > 0


# -- entries --------------------------------------------------------------------------------------------------------
def test_add_list_get_delete_and_reopen(db):
    first = sample_entry(transcript=[{"speaker": "mend", "text": "How are you?"}, {"speaker": "you", "text": "Tense."}])
    second = sample_entry(flow="calm", ended="ended_early", patterns=[], activation_after=None, summary="Short calm.")
    with Journal(db) as journal:
        ids = [journal.add(first), journal.add(second)]
        assert ids[1] > ids[0]
        assert [entry.id for entry in journal.list()] == ids
        got = journal.get(ids[0])
        assert got.id == ids[0] and same_content(got, first)
    with Journal(db) as journal:
        assert [same_content(a, b) for a, b in zip(journal.list(), [first, second])] == [True, True]
        journal.delete(ids[0])
        assert [entry.id for entry in journal.list()] == [ids[1]]
        with pytest.raises(JournalError) as missing:
            journal.get(ids[0])
        assert missing.value.message == f"there is no journal entry {ids[0]}"
        assert "mend journal list" in missing.value.hint
        with pytest.raises(JournalError, match="no journal entry 999"):
            journal.delete(999)


def test_entry_times_are_utc_and_transcripts_are_checked():
    naive = sample_entry(created_at=datetime(2024, 5, 1, 12, 0))
    assert naive.created_at.tzinfo == timezone.utc
    paris = sample_entry(created_at=datetime(2024, 5, 1, 14, 0, tzinfo=timezone(timedelta(hours=2))))
    assert paris.created_at == datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc) and paris.created_at.utcoffset() == timedelta(0)
    with pytest.raises(ValidationError):
        sample_entry(transcript=[{"speaker": "narrator", "text": "no"}])
    with pytest.raises(ValidationError):
        sample_entry(ended="finished-ish")
    with pytest.raises(ValidationError):
        sample_entry(activation_before=11)


def test_forget_all_leaves_no_trace_in_the_file_bytes(db):
    with Journal(db) as journal:
        for _ in range(3):
            journal.add(sample_entry(summary=f"I said {SECRET} and regret it", transcript=[{"speaker": "you", "text": SECRET}]))
        assert SECRET.encode() in file_bytes(db)
        assert journal.forget_all() == 3
        assert journal.list() == []
        assert SECRET.encode() not in db.read_bytes()
        assert SECRET.encode() not in file_bytes(db)
        assert journal.integrity_ok()
        journal.add(sample_entry(summary="after forgetting"))
        assert [entry.summary for entry in journal.list()] == ["after forgetting"]


def test_deleting_one_entry_scrubs_its_text_but_keeps_the_others(db):
    with Journal(db) as journal:
        keep = journal.add(sample_entry(summary="keep this one"))
        gone = journal.add(sample_entry(summary=f"drop {SECRET}", opening_line=SECRET))
        journal.delete(gone)
        assert SECRET.encode() not in file_bytes(db)
        assert journal.get(keep).summary == "keep this one"


# -- export ---------------------------------------------------------------------------------------------------------
def test_markdown_export_reads_like_a_note(db):
    with Journal(db) as journal:
        entry_id = journal.add(sample_entry(summary="Line one.\n# not a heading", transcript=[{"speaker": "you", "text": "I was scared"}]))
        text = journal.export(fmt="md")
    assert text.startswith("# mend journal\n")
    assert f"## Entry {entry_id} — 2024-05-01 14:03 UTC" in text
    for line in ("- **With:** partner", "- **Default responses noticed:** withdrawing, self blame",
                 "- **Activation:** 8 → 4", "- **When:** tonight after dinner", "- **you:** I was scared",
                 "“I went quiet last night and I want to hear how it was for you.”", "\n\nLine one.\n\n\\# not a heading\n"):
        assert line in text
    assert "\n# not a heading" not in text


def test_json_export_parses_and_round_trips(db):
    entries = [sample_entry(), sample_entry(flow="calm", safety_flag=True, ended="safety", transcript=[{"speaker": "mend", "text": "ok"}])]
    with Journal(db) as journal:
        ids = [journal.add(entry) for entry in entries]
        data = json.loads(journal.export(fmt="json"))
        only_second = json.loads(journal.export([ids[1]], "json"))
        with pytest.raises(JournalError, match="unknown export format 'pdf'"):
            journal.export(fmt="pdf")
        with pytest.raises(JournalError, match="no journal entry 42"):
            journal.export([42], "json")
    assert data["format"] == "mend-journal" and data["schema_version"] == SCHEMA_VERSION
    restored = [JournalEntry.model_validate(item) for item in data["entries"]]
    assert [entry.id for entry in restored] == ids
    assert all(same_content(a, b) for a, b in zip(restored, entries))
    assert [item["id"] for item in only_second["entries"]] == [ids[1]]


# -- encryption -----------------------------------------------------------------------------------------------------
def test_protected_journal_keeps_no_plaintext_and_needs_the_passphrase(db):
    with Journal(db) as journal:
        old = journal.add(sample_entry(summary=f"before {SECRET}"))
        journal.protect("correct horse")
        assert journal.protected
        new = journal.add(sample_entry(opening_line=f"after {SECRET}", transcript=[{"speaker": "you", "text": SECRET}]))
        assert journal.get(old).summary == f"before {SECRET}"
    raw = file_bytes(db)
    assert SECRET.encode() not in raw and b"partner" not in raw and b"withdrawing" not in raw
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT created_at FROM entries ORDER BY id").fetchall()[0][0].startswith("2024-05-01T14:03")
    with pytest.raises(JournalLockedError) as locked:
        Journal(db)
    assert locked.value.message == "the journal is protected by a passphrase"
    with pytest.raises(JournalLockedError) as wrong:
        Journal(db, "wrong horse")
    assert wrong.value.message == "wrong passphrase"
    with Journal(db, "correct horse") as journal:
        assert [entry.id for entry in journal.list()] == [old, new]
        assert journal.get(new).transcript == [{"speaker": "you", "text": SECRET}]


def test_changing_the_passphrase_re_encrypts_everything(db):
    with Journal(db) as journal:
        journal.protect("first")
        journal.add(sample_entry(summary=SECRET))
    with Journal(db, "first") as journal:
        journal.protect("second")
    with pytest.raises(JournalLockedError, match="wrong passphrase"):
        Journal(db, "first")
    with Journal(db, "second") as journal:
        assert [entry.summary for entry in journal.list()] == [SECRET]
    assert SECRET.encode() not in file_bytes(db)


def test_a_journal_protected_meanwhile_refuses_an_unencrypted_save(db):
    with Journal(db) as plain, Journal(db) as other:
        other.protect("secret")
        with pytest.raises(JournalLockedError, match="set or changed by another mend"):
            plain.add(sample_entry(summary=SECRET))
    with Journal(db, "secret") as journal:
        assert journal.list() == []
    assert SECRET.encode() not in file_bytes(db)


def test_a_forgotten_passphrase_still_allows_forgetting_everything(db):
    with Journal(db) as journal:
        journal.add(sample_entry(summary=SECRET))
        journal.protect("lost")
    with Journal(db, locked_ok=True) as journal:
        assert journal.locked and journal.count() == 1
        with pytest.raises(JournalLockedError, match="protected by a passphrase"):
            journal.list()
        with pytest.raises(JournalLockedError, match="protected by a passphrase"):
            journal.add(sample_entry())
        assert journal.forget_all() == 1
    with Journal(db) as journal:
        assert not journal.protected and journal.list() == []
        journal.add(sample_entry(summary="fresh start"))
    assert b"fresh start" in file_bytes(db)


def test_a_tampered_encrypted_entry_is_reported_not_decoded(db):
    with Journal(db) as journal:
        journal.protect("secret")
        entry_id = journal.add(sample_entry())
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE entries SET payload = ? WHERE id = ?", (b"gAAAAA-not-a-token", entry_id))
    with Journal(db, "secret") as journal, pytest.raises(JournalError, match=f"entry {entry_id} cannot be decrypted"):
        journal.list()


# -- failures -------------------------------------------------------------------------------------------------------
def test_a_read_only_directory_gives_a_clear_error(tmp_path):
    place = tmp_path / "ro"
    if can_mount():
        with tmpfs(place, 512):
            with Journal(place / "journal.sqlite3") as journal:
                journal.add(sample_entry())
            remount_read_only(place)
            _assert_read_only(place / "journal.sqlite3")
            _assert_read_only(place / "fresh" / "journal.sqlite3")
    elif os.geteuid() != 0:
        place.mkdir()
        os.chmod(place, 0o500)
        _assert_read_only(place / "journal.sqlite3")
    else:
        pytest.skip("running as root without permission to mount: a read-only directory cannot be made")


def _assert_read_only(path: Path) -> None:
    with pytest.raises(JournalError) as caught:
        with Journal(path) as journal:
            journal.add(sample_entry())
    assert "read-only or cannot be created there" in caught.value.message
    assert str(path) in caught.value.message
    assert "MEND_HOME" in caught.value.hint


def test_a_full_disk_gives_a_clear_error_and_keeps_earlier_entries(tmp_path):
    big = "x" * 20000
    if can_mount():
        with tmpfs(tmp_path / "small", 192) as place:
            db = place / "journal.sqlite3"
            saved = _fill_until_full(Journal(db), big)
            with Journal(db) as journal:
                assert journal.integrity_ok() and len(journal.list()) == saved
    else:
        journal = Journal(tmp_path / "journal.sqlite3")
        journal._conn.execute("PRAGMA max_page_count = 40")
        saved = _fill_until_full(journal, big)
        assert saved >= 1


def _fill_until_full(journal: Journal, big: str) -> int:
    saved = 0
    with journal, pytest.raises(JournalError) as caught:
        for _ in range(200):
            journal.add(sample_entry(summary=big))
            saved += 1
    assert caught.value.message == "could not save the journal entry: the disk is full"
    assert "Free some space" in caught.value.hint
    assert saved >= 1
    return saved


def test_a_damaged_file_is_reported_with_a_way_out(db):
    db.parent.mkdir(parents=True)
    db.write_bytes(b"this is not a database at all, just some text " * 200)
    with pytest.raises(JournalError) as caught:
        Journal(db)
    assert caught.value.message == f"the journal file {db} is damaged"
    assert "Move journal.sqlite3 aside" in caught.value.hint


def test_a_journal_from_a_newer_mend_is_refused(db):
    Journal(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(JournalError, match="written by a newer mend"):
        Journal(db)


def test_a_journal_held_by_another_writer_times_out_clearly(db):
    with Journal(db) as journal:
        journal.busy_timeout = 0.3
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(JournalError) as caught:
                journal.add(sample_entry())
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert caught.value.message == "the journal is in use by another mend"
        journal.add(sample_entry())
        assert len(journal.list()) == 1
