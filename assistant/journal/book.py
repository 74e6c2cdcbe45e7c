"""The private journal: short notes about past sessions, kept in one SQLite file on this machine.

Why SQLite in WAL mode: a kill -9 or a power cut mid-save leaves either the whole entry or none of it, and two mend
processes at once simply take turns. Each entry is stored as one JSON payload (encrypted when the journal is
protected, with only the id and date in clear), so an entry is always complete or absent. Deleting is meant to
be real: secure_delete zeroes freed space and `forget_all` vacuums and empties the write-ahead log, so forgotten
words do not linger in the file's bytes. Every SQLite or OS failure becomes a JournalError with a hint.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from assistant.errors import JournalError, JournalLockedError
from assistant.journal.crypto import KdfParams, Sealer, new_params
from assistant.journal.entry import JournalEntry
from assistant.journal.paused import PausedShelf
from assistant.journal.render import ENDING_WORDS, EXPORT_FORMAT, render_json, render_markdown  # noqa: F401
from assistant.journal.store import JournalStore
from assistant.paths import journal_path, tighten_file

SCHEMA_VERSION = 1
_SELECT = "SELECT id, sealed, payload FROM entries"
_DELETE_ONE = "DELETE FROM entries WHERE id = ?"


def _create_v1(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL,"
        " sealed INTEGER NOT NULL DEFAULT 0, payload BLOB NOT NULL)"
    )


# MIGRATIONS[n] upgrades a journal at schema version n to n + 1, inside the opening transaction.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {0: _create_v1}


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
        payload = entry.model_dump_json(exclude={"id"}).encode("utf-8")
        created = entry.created_at.isoformat()

        def write(conn: sqlite3.Connection) -> int:
            self._check_key_unchanged(conn)
            sealed = self._sealer.seal(payload) if self._sealer else payload
            row = (created, int(self._sealer is not None), sealed)
            cursor = conn.execute("INSERT INTO entries (created_at, sealed, payload) VALUES (?, ?, ?)", row)
            return int(cursor.lastrowid)

        return self._write("save the journal entry", write)

    def list(self) -> list[JournalEntry]:
        rows = self._run("read the journal", lambda c: c.execute(f"{_SELECT} ORDER BY id").fetchall())
        return [self._decode(*row) for row in rows]

    def get(self, entry_id: int) -> JournalEntry:
        row = self._run("read the journal", lambda c: c.execute(f"{_SELECT} WHERE id = ?", (entry_id,)).fetchone())
        if row is None:
            raise _no_such_entry(entry_id)
        return self._decode(*row)

    def delete(self, entry_id: int) -> None:
        """Remove one entry; its text is zeroed in the file and flushed out of the write-ahead log."""
        deleted = self._write("delete the entry", lambda c: c.execute(_DELETE_ONE, (entry_id,)).rowcount)
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
            self._forget_paused(conn)  # paused reflections go with the notes
            return conn.execute("DELETE FROM entries").rowcount

        count = self._write("forget the journal", forget)
        self.locked = False
        self._scrub()
        return int(count)

    def export(self, ids: list[int] | None = None, fmt: str = "md") -> str:
        """Markdown for a person to read, or JSON (`{"format", "schema_version", "entries"}`) for a program."""
        entries = self.list() if ids is None else [self.get(entry_id) for entry_id in ids]
        if fmt == "md":
            return render_markdown(entries)
        if fmt == "json":
            return render_json(entries, SCHEMA_VERSION)
        raise JournalError(f"unknown export format '{fmt}'", hint="Use --format md or --format json.")

    def protect(self, passphrase: str) -> None:
        """Set or change the passphrase: every entry is re-encrypted in one transaction, then old bytes scrubbed."""
        sealer = Sealer(passphrase, new_params())
        verifier = sealer.make_verifier()

        def reseal(conn: sqlite3.Connection) -> None:
            self._check_key_unchanged(conn)
            for entry_id, was_sealed, payload in conn.execute(_SELECT).fetchall():
                plain = self._plaintext(entry_id, was_sealed, payload)
                conn.execute("UPDATE entries SET sealed = 1, payload = ? WHERE id = ?", (sealer.seal(plain), entry_id))
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
    def _plaintext(self, entry_id: int, sealed: int, payload: bytes) -> bytes:
        if not sealed:
            return bytes(payload) if not isinstance(payload, str) else payload.encode("utf-8")
        if self._sealer is None:
            raise JournalLockedError("the journal is protected by a passphrase")
        return self._sealer.open(payload, f"journal entry {entry_id}")

    def _decode(self, entry_id: int, sealed: int, payload: bytes) -> JournalEntry:
        try:
            data = json.loads(self._plaintext(entry_id, sealed, payload))
            return JournalEntry.model_validate({**data, "id": entry_id})
        except (ValueError, ValidationError, TypeError):
            raise JournalError(
                f"journal entry {entry_id} is damaged and cannot be read",
                hint=f"Delete it with `mend journal delete {entry_id}`; the other entries are unaffected.",
            ) from None


def _no_such_entry(entry_id: int) -> JournalError:
    hint = "`mend journal list` shows the entries and their ids."
    return JournalError(f"there is no journal entry {entry_id}", hint=hint)

