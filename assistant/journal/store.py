"""The SQLite file under the journal: connecting, transactions, retries, scrubbing and readable errors.

Kept apart from what the journal stores because this is the part that has to survive the world: another mend
holding the lock (retried within busy_timeout), a full or read-only disk, a damaged file, a crash mid-write. Every
SQLite or OS failure leaves here as a JournalError that says what went wrong and what to do about it.
"""

from __future__ import annotations

import errno
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from mend.assistant.errors import JournalError
from mend.assistant.paths import ensure_private_dir, private_file, tighten_file

T = TypeVar("T")


class JournalStore:
    """The connection handling Journal builds on; a subclass sets `path`, `busy_timeout` and `_conn`."""

    path: Path
    busy_timeout: float
    _conn: sqlite3.Connection | None

    def _connect(self) -> sqlite3.Connection:
        try:
            ensure_private_dir(self.path.parent)
            private_file(self.path)  # created 0600 before SQLite sees it; its -wal/-shm then copy that mode
            for suffix in ("-wal", "-shm"):
                tighten_file(Path(f"{self.path}{suffix}"))
        except OSError as exc:
            raise self._from_os_error(exc, "open the journal") from None
        try:
            conn = sqlite3.connect(self.path, timeout=0.25, isolation_level=None)  # _run retries up to busy_timeout
        except sqlite3.Error as exc:
            raise self._from_sqlite_error(exc, "open the journal") from None
        try:
            self._run("open the journal", self._configure, conn)
        except BaseException:
            conn.close()
            raise
        return conn

    @staticmethod
    def _configure(conn: sqlite3.Connection) -> None:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise sqlite3.OperationalError("database is locked")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA secure_delete = ON")

    # -- transactions, retries and cleaning ----------------------------------------------------------------------
    @staticmethod
    def _transaction(conn: sqlite3.Connection, body: Callable[[sqlite3.Connection], T]) -> T:
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = body(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise
        return result

    def _write(self, action: str, body: Callable[[sqlite3.Connection], T]) -> T:
        return self._run(action, lambda conn: self._transaction(conn, body))

    def _run(self, action: str, operation: Callable[..., T], conn: sqlite3.Connection | None = None) -> T:
        """Run one operation, retrying while another mend holds the lock, within busy_timeout seconds."""
        conn = conn if conn is not None else self._conn
        if conn is None:
            raise JournalError("the journal is closed", hint="Open it again.")
        deadline = time.monotonic() + self.busy_timeout
        while True:
            try:
                return operation(conn)
            except sqlite3.Error as exc:
                busy = "locked" in str(exc) or "busy" in str(exc)
                if busy and time.monotonic() < deadline:
                    time.sleep(0.02)
                    continue
                raise self._from_sqlite_error(exc, action) from None
            except OSError as exc:
                raise self._from_os_error(exc, action) from None

    def _checkpoint(self, strict: bool) -> None:
        """Copy the log into the file and empty it, so deleted text does not live on in `journal.sqlite3-wal`."""
        deadline = time.monotonic() + (self.busy_timeout if strict else 0.5)
        while True:
            busy = self._run("clean the journal", lambda c: c.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0])
            if not busy:
                return
            if time.monotonic() >= deadline:
                if strict:
                    raise JournalError(
                        "the entries were deleted, but another mend has the journal open, so old text may remain",
                        hint="Close the other mend, then run `mend journal forget --all` again.",
                    )
                return
            time.sleep(0.05)

    def _scrub(self) -> None:
        self._checkpoint(strict=True)
        self._run("clean the journal", lambda c: c.execute("VACUUM"))
        self._checkpoint(strict=True)

    def _from_sqlite_error(self, exc: sqlite3.Error, action: str) -> JournalError:
        text = str(exc).lower()
        if "full" in text:
            return _disk_full(self.path, action)
        if "locked" in text or "busy" in text:
            return JournalError(
                "the journal is in use by another mend",
                hint="Wait for the other mend to finish, or close it, then try again.",
            )
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            return _read_only(self.path, action)
        if "not a database" in text or "malformed" in text or "corrupt" in text:
            return JournalError(
                f"the journal file {self.path} is damaged",
                hint=f"Move {self.path.name} aside (mend then starts a new journal) or restore it from a backup.",
            )
        if "i/o" in text:
            return JournalError(
                f"could not {action}: the disk reported an input/output error",
                hint="Check the disk and its free space, then try again.",
            )
        return JournalError(f"could not {action}: {exc}")

    def _from_os_error(self, exc: OSError, action: str) -> JournalError:
        if exc.errno == errno.ENOSPC:
            return _disk_full(self.path, action)
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return _read_only(self.path, action)
        return JournalError(f"could not {action}: {exc.strerror or exc} ({exc.filename or self.path})")


def _disk_full(path: Path, action: str) -> JournalError:
    return JournalError(
        f"could not {action}: the disk is full",
        hint=f"Free some space on the disk that holds {path.parent}, then try again.",
    )


def _read_only(path: Path, action: str) -> JournalError:
    return JournalError(
        f"could not {action}: the journal at {path} is read-only or cannot be created there",
        hint="Make that directory writable, or set MEND_HOME to a writable directory.",
    )
