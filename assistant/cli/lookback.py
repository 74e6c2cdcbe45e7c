"""What a fresh `mend session` may look back on: the journal, read only when it opens without asking anything.

A journal that does not exist is not created, and a protected one is read only with MEND_PASSPHRASE set: a session
never prompts for a passphrase as it starts. The session gets three callables (assistant/session/opening.py).
"""

from __future__ import annotations

import os

from mend.assistant.errors import MendError


def _readable_journal():
    """The journal, open and unlocked, or None when there is none or it needs a passphrase that was not given."""
    from mend.assistant.cli.journal import PASSPHRASE_ENV
    from mend.assistant.journal.book import Journal
    from mend.assistant.paths import journal_path

    path = journal_path()
    if not path.exists():
        return None
    try:
        journal = Journal(path, os.environ.get(PASSPHRASE_ENV) or None, locked_ok=True)
    except MendError:
        return None
    if journal.locked:
        journal.close()
        return None
    return journal


def due_plan():
    from mend.assistant.journal.followup import due_unfollowed, spoken_plan
    from mend.assistant.session.opening import DuePlan

    journal = _readable_journal()
    if journal is None:
        return None
    with journal:
        entry = due_unfollowed(journal.list())
    return DuePlan(entry.id, spoken_plan(entry)) if entry is not None and entry.id is not None else None


def record_outcome(entry_id: int, outcome: str, note: str | None) -> None:
    from mend.assistant.journal.entry import FollowUp

    journal = _readable_journal()
    if journal is None:
        raise MendError("the journal could not be opened")
    with journal:
        journal.add_followup(entry_id, FollowUp(outcome=outcome, note=note))


def summary() -> dict | None:
    """The last reflections in a few figures; no journal at all counts as nothing kept yet, a locked one as None."""
    from mend.assistant.journal.trends import recent_summary
    from mend.assistant.paths import journal_path

    if not journal_path().exists():
        return recent_summary([])
    journal = _readable_journal()
    if journal is None:
        return None
    with journal:
        return recent_summary(journal.list())


def looking_back(prepare):
    """A `prepare` for a fresh session: it looks back first (then runs the `prepare` it was given, if any)."""
    from mend.assistant.session.opening import LookBack

    def start(session) -> None:
        if prepare is not None:
            prepare(session)
        session.look_back = LookBack(due_plan, record_outcome, summary)

    return start
