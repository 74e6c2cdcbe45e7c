"""Real processes against one journal file: two writers at once, and writers killed with SIGKILL mid-save.

What must hold afterwards: SQLite's integrity check passes, every entry present is complete and exactly what was
written, and each writer's entries form an unbroken run from its first (a save is all or nothing, in order).
"""

from __future__ import annotations

import random
import signal
import time
from collections import defaultdict
from pathlib import Path

import pytest

from mend.assistant.journal.book import Journal
from tests.support.journal import entry_origin, numbered_entry, same_content, start_worker


def check_journal(db: Path, passphrase: str | None = None) -> dict[str, list[int]]:
    """Assert the file is sound and every entry complete; return the entry numbers found per writer."""
    with Journal(db, passphrase) as journal:
        assert journal.integrity_ok()
        entries = journal.list()
    found: dict[str, list[int]] = defaultdict(list)
    for entry in entries:
        prefix, n = entry_origin(entry)
        assert same_content(entry, numbered_entry(prefix, n)), f"entry {entry.id} ({prefix}#{n}) differs from what was written"
        found[prefix].append(n)
    return found


def wait_ready(worker) -> None:
    line = worker.stdout.readline()
    assert line.strip() == "ready", f"worker did not start: {line!r} {worker.stderr.read() if worker.poll() is not None else ''}"


def test_two_processes_adding_at_once_lose_nothing(tmp_path):
    db = tmp_path / "journal.sqlite3"
    go = tmp_path / "go"
    workers = [start_worker("add-loop", str(db), name, "--count", "50", "--go-file", str(go)) for name in ("left", "right")]
    for worker in workers:
        wait_ready(worker)
    go.touch()
    for worker in workers:
        out, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err
        assert out.strip() == "done"
    found = check_journal(db)
    assert {name: sorted(numbers) for name, numbers in found.items()} == {"left": list(range(50)), "right": list(range(50))}


def kill_during_saves(db: Path, runs: int, seed: int, env: dict[str, str] | None = None, extra: tuple[str, ...] = ()) -> None:
    """Start a writer, let it save for a random moment, SIGKILL it; repeated, three writers in flight at a time."""
    rng = random.Random(seed)
    pending = list(range(runs))
    while pending:
        batch, pending = pending[:3], pending[3:]
        workers = [start_worker("add-loop", str(db), f"run{i}", *extra, env=env) for i in batch]
        for worker in workers:
            wait_ready(worker)
        deadline = time.monotonic()
        for worker in workers:
            deadline += rng.uniform(0.0, 0.05)
            time.sleep(max(0.0, deadline - time.monotonic()))
            worker.send_signal(signal.SIGKILL)
        for worker in workers:
            worker.wait(timeout=10)
            worker.stdout.close()
            worker.stderr.close()
            assert worker.returncode == -signal.SIGKILL, "the writer must still have been saving when it was killed"


@pytest.mark.slow  # many real processes killed mid-save: about 5 s
def test_sigkill_mid_save_leaves_only_complete_entries(tmp_path):
    db = tmp_path / "journal.sqlite3"
    kill_during_saves(db, runs=30, seed=20240501)
    found = check_journal(db)
    assert sum(len(numbers) for numbers in found.values()) > 30, "the writers should have saved many entries before dying"
    for prefix, numbers in found.items():
        assert sorted(numbers) == list(range(len(numbers))), f"{prefix}: a gap means a committed save was lost"


def test_sigkill_mid_save_of_a_protected_journal(tmp_path):
    db = tmp_path / "journal.sqlite3"
    with Journal(db) as journal:
        journal.protect("kill test")
    kill_during_saves(db, runs=9, seed=7, env={"MEND_PASSPHRASE": "kill test"})
    found = check_journal(db, "kill test")
    assert found, "some protected entries should have been saved"
    for prefix, numbers in found.items():
        assert sorted(numbers) == list(range(len(numbers)))


def test_sigkill_while_forgetting_leaves_a_sound_journal(tmp_path):
    db = tmp_path / "journal.sqlite3"
    kill_during_saves(db, runs=9, seed=3, extra=("--forget-every", "4"))
    check_journal(db)
    with Journal(db) as journal:
        journal.add(numbered_entry("after", 0))
        assert journal.integrity_ok()
