"""The private journal: short notes about past sessions, kept in one SQLite file on this machine.

Why SQLite in WAL mode: a kill -9 or a power cut mid-save leaves either the whole entry or none of it, and two mend
processes at once simply take turns. Each entry is stored as one JSON payload (encrypted when the journal is
protected, with only the id and date in clear), so an entry is always complete or absent. Deleting is meant to
be real: secure_delete zeroes freed space and `forget_all` vacuums and empties the write-ahead log, so forgotten
words do not linger in the file's bytes. Every SQLite or OS failure becomes a JournalError with a hint.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from mend.assistant.errors import JournalError, JournalLockedError
from mend.assistant.journal.crypto import KdfParams, Sealer, new_params
from mend.assistant.journal.entry import FollowUp, JournalEntry
from mend.assistant.journal.render import ENDING_WORDS, EXPORT_FORMAT, render_csv, render_json, render_markdown  # noqa: F401
from mend.assistant.journal.paused import PausedShelf
from mend.assistant.journal.store import JournalStore
from mend.assistant.paths import journal_path, tighten_file

SCHEMA_VERSION = 2
_SELECT = "SELECT id, sealed, payload FROM entries"
_DELETE_ONE = "DELETE FROM entries WHERE id = ?"
_SELECT_FOLLOWUPS = "SELECT id, entry_id, sealed, payload FROM followups"
_INSERT = "INSERT INTO entries (created_at, sealed, payload) VALUES (?, ?, ?)"
_INSERT_FOLLOWUP = "INSERT INTO followups (entry_id, created_at, sealed, payload) VALUES (?, ?, ?, ?)"
EXPORT_FORMATS = ("md", "json", "csv")


def _create_v1(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL,"
        " sealed INTEGER NOT NULL DEFAULT 0, payload BLOB NOT NULL)"
    )


def _add_followups(conn: sqlite3.Connection) -> None:
    """Version 2: how planned repairs went (`mend followup`), one row per telling, sealed like the entries."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS followups (id INTEGER PRIMARY KEY AUTOINCREMENT, entry_id INTEGER NOT NULL,"
        " created_at TEXT NOT NULL, sealed INTEGER NOT NULL DEFAULT 0, payload BLOB NOT NULL)"
    )
    conn.execute("CREATE INDEX IF NOT EXISTS followups_by_entry ON followups (entry_id, id)")


# MIGRATIONS[n] upgrades a journal at schema version n to n + 1, inside the opening transaction.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {0: _create_v1, 1: _add_followups}


class Journal(JournalStore, PausedShelf):
    """A connection to the journal file; use as a context manager or call close()."""

    def __init__(
        self, path: Path | None = None, passphrase: str | None = None, *, busy_timeout: float = 10.0, locked_ok: bool = False
    ):
        """`locked_ok` opens a protected journal without its passphrase: only count() and forget_all() then work."""
        self.path = Path(path) if path is not None else journal_path()
        self.busy_timeout = busy_timeout
        self.locked = False
        self._sealer: Sealer | None = None
        self._verifier: bytes | None = None
        self._conn = self._connect()
        try:
            self._run("open the journal", self._prepare_schema)
            self._unlock(passphrase, locked_ok)
        except BaseException:
            self.close()
            raise

    # -- public API -------------------------------------------------------------------------------------------
    @property
    def protected(self) -> bool:
        return self._sealer is not None

    def add(self, entry: JournalEntry) -> int:
        """Save one entry in a single transaction; returns its id."""
        return self.add_many([entry])[0]

    def add_many(self, entries: list[JournalEntry]) -> list[int]:
        """Save several entries (with their follow-ups, if they carry one) in one transaction, all or none;
        returns their ids in order."""
        rows = [(e.created_at.isoformat(), e.model_dump_json(exclude={"id", "followup"}).encode("utf-8"),
                 e.followup.model_dump_json().encode("utf-8") if e.followup else None) for e in entries]

        def write(conn: sqlite3.Connection) -> list[int]:
            self._check_key_unchanged(conn)
            ids = []
            for created, payload, followup in rows:
                ids.append(int(conn.execute(_INSERT, (created, *self._seal(payload))).lastrowid))
                if followup is not None:
                    conn.execute(_INSERT_FOLLOWUP, (ids[-1], created, *self._seal(followup)))
            return ids

        return self._write("save the journal entry", write)

    def add_followup(self, entry_id: int, followup: FollowUp) -> int:
        """Record how the plan of one entry went, beside that entry (sealed when the journal is protected)."""
        payload = followup.model_dump_json().encode("utf-8")

        def write(conn: sqlite3.Connection) -> int:
            self._check_key_unchanged(conn)
            if conn.execute("SELECT 1 FROM entries WHERE id = ?", (entry_id,)).fetchone() is None:
                raise _no_such_entry(entry_id)
            row = (entry_id, followup.recorded_at.isoformat(), *self._seal(payload))
            return int(conn.execute(_INSERT_FOLLOWUP, row).lastrowid)

        return self._write("save the follow-up", write)

    def list(self) -> list[JournalEntry]:
        rows = self._run("read the journal", lambda c: c.execute(f"{_SELECT} ORDER BY id").fetchall())
        followups = self._followups(None)
        return [self._decode(*row, followups.get(row[0])) for row in rows]

    def get(self, entry_id: int) -> JournalEntry:
        row = self._run("read the journal", lambda c: c.execute(f"{_SELECT} WHERE id = ?", (entry_id,)).fetchone())
        if row is None:
            raise _no_such_entry(entry_id)
        return self._decode(*row, self._followups(entry_id).get(entry_id))

    def delete(self, entry_id: int) -> None:
        """Remove one entry (and its follow-ups); its text is zeroed in the file and flushed out of the log."""

        def remove(conn: sqlite3.Connection) -> int:
            conn.execute("DELETE FROM followups WHERE entry_id = ?", (entry_id,))
            return conn.execute(_DELETE_ONE, (entry_id,)).rowcount

        deleted = self._write("delete the entry", remove)
        if not deleted:
            raise _no_such_entry(entry_id)
        self._checkpoint(strict=False)

    def count(self) -> int:
        """How many entries there are; works on a locked journal too."""
        return int(self._run("read the journal", lambda c: c.execute("SELECT COUNT(*) FROM entries").fetchone()[0]))

    def forget_all(self) -> int:
        """Delete every entry, then rebuild the file so no deleted text is left in its bytes; returns the count.

        On a journal opened locked (passphrase forgotten) the protection goes too, so a fresh start is possible.
        """

        def forget(conn: sqlite3.Connection) -> int:
            if self.locked:
                conn.execute("DELETE FROM meta WHERE key IN ('kdf', 'verifier')")
            conn.execute("DELETE FROM followups")
            self._forget_paused(conn)  # paused reflections go with the notes
            return conn.execute("DELETE FROM entries").rowcount

        count = self._write("forget the journal", forget)
        self.locked = False
        self._scrub()
        return int(count)

    def export(self, ids: list[int] | None = None, fmt: str = "md") -> str:
        """Markdown for a person to read, JSON (`{"format", "schema_version", "entries"}`) for a program, or CSV
        (one row per entry) for a spreadsheet."""
        if fmt not in EXPORT_FORMATS:
            raise JournalError(f"unknown export format '{fmt}'", hint="Use --format md, json or csv.")
        entries = self.list() if ids is None else [self.get(entry_id) for entry_id in ids]
        if fmt == "md":
            return render_markdown(entries)
        return render_json(entries, SCHEMA_VERSION) if fmt == "json" else render_csv(entries)

    def protect(self, passphrase: str) -> None:
        """Set or change the passphrase: every entry is re-encrypted in one transaction, then old bytes scrubbed."""
        sealer = Sealer(passphrase, new_params())
        verifier = sealer.make_verifier()

        def reseal(conn: sqlite3.Connection) -> None:
            self._check_key_unchanged(conn)
            for entry_id, was_sealed, payload in conn.execute(_SELECT).fetchall():
                plain = self._plaintext(entry_id, was_sealed, payload)
                conn.execute("UPDATE entries SET sealed = 1, payload = ? WHERE id = ?", (sealer.seal(plain), entry_id))
            for row_id, entry_id, was_sealed, payload in conn.execute(_SELECT_FOLLOWUPS).fetchall():
                plain = self._plaintext(entry_id, was_sealed, payload)
                conn.execute("UPDATE followups SET sealed = 1, payload = ? WHERE id = ?", (sealer.seal(plain), row_id))
            self._reseal_paused(conn, sealer.seal)
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('kdf', ?)", (sealer.params.to_json(),))
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('verifier', ?)", (verifier,))

        self._write("protect the journal", reseal)
        self._sealer, self._verifier = sealer, verifier
        self._scrub()

    def integrity_ok(self) -> bool:
        return self._run("check the journal", lambda c: c.execute("PRAGMA integrity_check").fetchone()[0] == "ok")

    def close(self) -> None:
        if getattr(self, "_conn", None) is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None
        for suffix in ("-wal", "-shm"):
            tighten_file(Path(f"{self.path}{suffix}"))

    def __enter__(self) -> "Journal":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- opening ----------------------------------------------------------------------------------------------
    def _prepare_schema(self, conn: sqlite3.Connection) -> None:
        if self._schema_version(conn) == SCHEMA_VERSION:
            return

        def migrate(c: sqlite3.Connection) -> None:
            c.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            found = self._schema_version(c) or 0
            for version in range(found, SCHEMA_VERSION):
                MIGRATIONS[version](c)
            c.execute("DELETE FROM schema_version")
            c.execute("INSERT INTO schema_version (version) VALUES (?)", (max(found, SCHEMA_VERSION),))

        self._transaction(conn, migrate)

    def _schema_version(self, conn: sqlite3.Connection) -> int | None:
        try:
            row = conn.execute("SELECT version FROM schema_version").fetchone()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return None
            raise
        version = int(row[0]) if row else None
        if version is not None and version > SCHEMA_VERSION:
            raise JournalError(
                f"the journal was written by a newer mend (format {version}, this mend reads up to {SCHEMA_VERSION})",
                hint="Update mend to read this journal.",
            )
        return version

    def _unlock(self, passphrase: str | None, locked_ok: bool) -> None:
        meta = dict(self._run("open the journal", lambda c: c.execute("SELECT key, value FROM meta").fetchall()))
        if "kdf" not in meta:
            return
        if not passphrase and locked_ok:
            self.locked = True
            return
        if not passphrase:
            raise JournalLockedError("the journal is protected by a passphrase")
        sealer = Sealer(passphrase, KdfParams.from_json(meta["kdf"]))
        sealer.check_verifier(meta.get("verifier", b""))
        self._sealer, self._verifier = sealer, bytes(meta["verifier"])

    def _check_key_unchanged(self, conn: sqlite3.Connection) -> None:
        """Refuse to write when another mend protected the journal, or changed its passphrase, after we opened it."""
        if self.locked:
            raise JournalLockedError("the journal is protected by a passphrase")
        row = conn.execute("SELECT value FROM meta WHERE key = 'verifier'").fetchone()
        current = bytes(row[0]) if row else None
        if current != self._verifier:
            raise JournalLockedError(
                "the journal's passphrase was set or changed by another mend while this one had it open",
                hint="Run the command again; it will ask for the current passphrase.",
            )

    # -- reading entries ----------------------------------------------------------------------------------------
    def _seal(self, payload: bytes) -> tuple[int, bytes]:
        return (1, self._sealer.seal(payload)) if self._sealer else (0, payload)

    def _followups(self, entry_id: int | None) -> dict[int, FollowUp]:
        """The latest follow-up of each entry (or of one entry)."""
        where, params = ("WHERE entry_id = ?", (entry_id,)) if entry_id is not None else ("", ())
        sql = f"{_SELECT_FOLLOWUPS} {where} ORDER BY id"
        rows = self._run("read the journal", lambda c: c.execute(sql, params).fetchall())
        latest: dict[int, FollowUp] = {}
        for _row_id, owner, sealed, payload in rows:
            try:
                latest[owner] = FollowUp.model_validate_json(self._plaintext(owner, sealed, payload))
            except ValidationError:
                raise JournalError(
                    f"the follow-up of journal entry {owner} is damaged and cannot be read",
                    hint=f"Delete the entry with `mend journal delete {owner}`; the other entries are unaffected.",
                ) from None
        return latest

    def _plaintext(self, entry_id: int, sealed: int, payload: bytes) -> bytes:
        if not sealed:
            return bytes(payload) if not isinstance(payload, str) else payload.encode("utf-8")
        if self._sealer is None:
            raise JournalLockedError("the journal is protected by a passphrase")
        return self._sealer.open(payload, f"journal entry {entry_id}")

    def _decode(self, entry_id: int, sealed: int, payload: bytes, followup: FollowUp | None = None) -> JournalEntry:
        try:
            entry = JournalEntry.model_validate_json(self._plaintext(entry_id, sealed, payload))
        except (ValueError, ValidationError, TypeError):
            raise _damaged(entry_id) from None
        # Both values are already checked (the row id, a validated FollowUp); setting them through pydantic's
        # __setattr__ cost a third of `mend journal list` on 10,000 entries.
        entry.__dict__.update(id=entry_id, followup=followup)
        return entry


def _damaged(entry_id: int) -> JournalError:
    return JournalError(
        f"journal entry {entry_id} is damaged and cannot be read",
        hint=f"Delete it with `mend journal delete {entry_id}`; the other entries are unaffected.",
    )


def _no_such_entry(entry_id: int) -> JournalError:
    hint = "`mend journal list` shows the entries and their ids."
    return JournalError(f"there is no journal entry {entry_id}", hint=hint)

