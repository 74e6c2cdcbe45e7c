"""Reflections paused to pick up later (`mend resume`), kept in the journal file beside the notes.

A paused reflection is where a session stopped (its step, the path there, the answers so far), kept only when the
person agreed. It lives in its own table of the same SQLite file, so it has the journal's guarantees: owner-only,
sealed with the journal's passphrase when the journal is protected, each save one transaction (a kill -9 at any
moment leaves the state before the save or the state after it, never a mix), scrubbed by `forget_all`. The table
is made on first use, so journals written before it existed need no migration.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from mend.assistant.errors import JournalError, JournalLockedError

_CREATE = ("CREATE TABLE IF NOT EXISTS paused (id INTEGER PRIMARY KEY AUTOINCREMENT, updated_at TEXT NOT NULL,"
           " sealed INTEGER NOT NULL DEFAULT 0, payload BLOB NOT NULL)")


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class PausedReflection(BaseModel):
    """One reflection waiting to be picked up again."""

    id: int | None = None
    flow: str = Field(description="the flow's name, or the flow file it was read from")
    step: str = Field(description="the step to carry on at")
    history: list[str] = Field(default_factory=list)
    slots: dict[str, Any] = Field(default_factory=dict)
    patterns_by_step: dict[str, list[str]] = Field(default_factory=dict)
    variant: int = 0
    started_at: datetime = Field(default_factory=_utc_now)
    paused_at: datetime = Field(default_factory=_utc_now)
    relationship: str | None = Field(None, description="who it is about, as mend says it, for the list")


class PausedShelf:
    """The paused reflections of a Journal (which this is mixed into, beside JournalStore)."""

    def keep_paused(self, paused: PausedReflection) -> int:
        """Save a new paused reflection, or replace the one with the same id, in one transaction; returns its id."""
        payload = paused.model_dump_json(exclude={"id"}).encode("utf-8")
        stamp = paused.paused_at.isoformat()

        def write(conn: sqlite3.Connection) -> int:
            self._check_key_unchanged(conn)  # type: ignore[attr-defined]
            conn.execute(_CREATE)
            sealer = self._sealer  # type: ignore[attr-defined]
            row = (stamp, int(sealer is not None), sealer.seal(payload) if sealer else payload)
            if paused.id is not None:
                cursor = conn.execute("UPDATE paused SET updated_at = ?, sealed = ?, payload = ? WHERE id = ?",
                                      (*row, paused.id))
                if cursor.rowcount:
                    return int(paused.id)
            return int(conn.execute("INSERT INTO paused (updated_at, sealed, payload) VALUES (?, ?, ?)", row).lastrowid)

        return self._write("keep the paused reflection", write)  # type: ignore[attr-defined]

    def paused_list(self) -> list[PausedReflection]:
        """Every paused reflection, oldest first."""
        rows = self._run("read the paused reflections", _select_all)  # type: ignore[attr-defined]
        return [self._decode_paused(*row) for row in rows]

    def latest_paused(self) -> PausedReflection | None:
        found = self.paused_list()
        return max(found, key=lambda p: (p.paused_at, p.id or 0)) if found else None

    def get_paused(self, paused_id: int) -> PausedReflection:
        for paused in self.paused_list():
            if paused.id == paused_id:
                return paused
        raise JournalError(f"there is no paused reflection {paused_id}",
                           hint="`mend resume` lists the reflections you can pick up again.")

    def drop_paused(self, paused_id: int) -> bool:
        """Delete one paused reflection (finished or forgotten); its text is zeroed in the file."""
        def drop(conn: sqlite3.Connection) -> int:
            conn.execute(_CREATE)
            return conn.execute("DELETE FROM paused WHERE id = ?", (paused_id,)).rowcount

        dropped = bool(self._write("delete the paused reflection", drop))  # type: ignore[attr-defined]
        if dropped:
            self._checkpoint(strict=False)  # type: ignore[attr-defined]
        return dropped

    def count_paused(self) -> int:
        """How many there are; works on a locked journal too."""
        return len(self._run("read the paused reflections", _select_all))  # type: ignore[attr-defined]

    # -- called by the Journal inside its own transactions -----------------------------------------------------
    @staticmethod
    def _forget_paused(conn: sqlite3.Connection) -> int:
        conn.execute(_CREATE)
        return conn.execute("DELETE FROM paused").rowcount

    def _reseal_paused(self, conn: sqlite3.Connection, seal) -> None:
        """Under a new passphrase (`protect`): every paused reflection re-encrypted in the same transaction."""
        conn.execute(_CREATE)
        for paused_id, was_sealed, payload in conn.execute("SELECT id, sealed, payload FROM paused").fetchall():
            plain = self._paused_plaintext(paused_id, was_sealed, payload)
            conn.execute("UPDATE paused SET sealed = 1, payload = ? WHERE id = ?", (seal(plain), paused_id))

    def _paused_plaintext(self, paused_id: int, sealed: int, payload: bytes) -> bytes:
        if not sealed:
            return bytes(payload) if not isinstance(payload, str) else payload.encode("utf-8")
        sealer = self._sealer  # type: ignore[attr-defined]
        if sealer is None:
            raise JournalLockedError("the journal is protected by a passphrase")
        return sealer.open(payload, f"paused reflection {paused_id}")

    def _decode_paused(self, paused_id: int, sealed: int, payload: bytes) -> PausedReflection:
        try:
            data = json.loads(self._paused_plaintext(paused_id, sealed, payload))
            return PausedReflection.model_validate({**data, "id": paused_id})
        except (ValueError, ValidationError, TypeError):
            raise JournalError(
                f"paused reflection {paused_id} is damaged and cannot be read",
                hint="`mend journal forget --all` removes it (with every note); the notes themselves are unaffected.",
            ) from None


def _select_all(conn: sqlite3.Connection) -> list:
    try:
        return conn.execute("SELECT id, sealed, payload FROM paused ORDER BY id").fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return []  # nothing was ever paused in this journal
        raise
