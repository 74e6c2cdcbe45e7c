"""Helpers shared by the journal tests: deterministic entries, file bytes, real tmpfs mounts and a worker process.

The worker (`python -m tests.support.journal add-loop PATH PREFIX`) opens the journal, prints "ready", then keeps
adding entries whose every field is derived from (prefix, n), so a test that kills it with SIGKILL can check that
each surviving entry is exactly what was written, and that the entries of one worker form an unbroken run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from mend.assistant.journal.book import Journal, JournalEntry

REPO = Path(__file__).resolve().parents[2]
PATTERNS = ("withdrawing", "defending", "over_apologizing", "self_blame", "minimizing", "rushing_to_fix")


def sample_entry(**overrides: object) -> JournalEntry:
    fields: dict[str, object] = {
        "created_at": datetime(2024, 5, 1, 14, 3, tzinfo=timezone.utc),
        "flow": "repair",
        "ended": "completed",
        "relationship": "partner",
        "patterns": ["withdrawing", "self_blame"],
        "activation_before": 8,
        "activation_after": 4,
        "gesture": "conversation",
        "opening_line": "I went quiet last night and I want to hear how it was for you.",
        "when": "tonight after dinner",
        "summary": "Noticed withdrawing; planned a conversation tonight.",
        "safety_flag": False,
        "transcript": None,
    }
    fields.update(overrides)
    return JournalEntry.model_validate(fields)


def numbered_entry(prefix: str, n: int) -> JournalEntry:
    """Entry n of a worker: sizes vary from tiny to several pages so saves cross page boundaries."""
    rng = random.Random(f"{prefix}:{n}")
    filler = " ".join(f"w{rng.randrange(10**6)}" for _ in range(rng.choice((1, 20, 300, 1500))))
    return sample_entry(
        created_at=datetime(2024, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=n),
        patterns=rng.sample(PATTERNS, rng.randrange(0, 4)),
        activation_before=rng.randrange(11),
        activation_after=rng.randrange(11),
        summary=f"{prefix}#{n} {filler}",
        transcript=[{"speaker": rng.choice(("mend", "you")), "text": f"{prefix} line {i}"} for i in range(rng.randrange(5))],
    )


RELATIONSHIPS = ("partner", "partner", "friend", "family", "colleague", "self", None)
WHENS = ("tonight", "tomorrow evening", "on Saturday", "this weekend", "in a few days", "next week", "after work",
         "when she gets back", "2024-03-02")


def generated_entries(count: int, seed: int = 7, start: datetime | None = None, days: int = 720) -> list[JournalEntry]:
    """`count` plausible entries over `days` days (oldest first): responses that depend on the relationship,
    activation that settles over time, plans with their "when", and follow-ups for about half of the plans."""
    from mend.assistant.journal.entry import FollowUp

    rng = random.Random(seed)
    start = start or datetime(2024, 1, 1, 9, tzinfo=timezone.utc)
    entries = []
    for n in range(count):
        created = start + timedelta(seconds=int(days * 86400 * n / max(1, count)) + rng.randrange(3600))
        relationship = rng.choice(RELATIONSHIPS)
        favoured = PATTERNS[(RELATIONSHIPS.index(relationship) if relationship else 6) % len(PATTERNS)]
        patterns = sorted({favoured, *rng.sample(PATTERNS, rng.randrange(0, 3))}) if rng.random() < 0.9 else []
        progress = n / max(1, count)
        before = max(0, min(10, round(rng.gauss(8 - 2 * progress, 1.5))))
        after = max(0, min(before, round(before - rng.gauss(2 + 2 * progress, 1.2))))
        planned = rng.random() < 0.7
        followup = None
        if planned and rng.random() < 0.5:
            outcome = rng.choice(("went_well", "went_well", "partly", "not_yet", "not_ready", "went_badly"))
            followup = FollowUp(outcome=outcome, recorded_at=created + timedelta(days=2))
        entries.append(sample_entry(
            created_at=created, relationship=relationship, patterns=patterns,
            activation_before=before, activation_after=after if rng.random() < 0.9 else None,
            gesture=rng.choice(("conversation", "small_act")) if planned else None,
            opening_line="I've been thinking about what happened and I'd like to hear your side." if planned else None,
            when=rng.choice(WHENS) if planned else None, followup=followup,
            summary=f"Entry {n}: noticed {', '.join(patterns) or 'nothing in particular'}; "
            + ("planned a way back." if planned else "took time to settle.") + " " * rng.randrange(3)
            + " ".join(f"w{rng.randrange(10**5)}" for _ in range(rng.randrange(5, 40))),
        ))
    return entries


def entry_origin(entry: JournalEntry) -> tuple[str, int]:
    """(prefix, n) of a worker entry, from the start of its summary."""
    head = entry.summary.split(" ", 1)[0]
    prefix, _, number = head.rpartition("#")
    return prefix, int(number)


def same_content(a: JournalEntry, b: JournalEntry) -> bool:
    return a.model_dump(exclude={"id"}) == b.model_dump(exclude={"id"})


def file_bytes(db: Path) -> bytes:
    """Everything SQLite keeps on disk for this journal: the file and its write-ahead log."""
    parts = [db, Path(f"{db}-wal"), Path(f"{db}-journal")]
    return b"".join(part.read_bytes() for part in parts if part.exists())


def worker_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "tests.support.journal", *args]


def start_worker(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        worker_command(*args), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, **(env or {})},
    )


# -- real mounts (root only) ---------------------------------------------------------------------------------------
def can_mount() -> bool:
    if os.geteuid() != 0:
        return False
    with tempfile.TemporaryDirectory() as probe:
        ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe], capture_output=True).returncode == 0
        if ok:
            subprocess.run(["umount", probe], check=True)
        return ok


@contextlib.contextmanager
def tmpfs(directory: Path, size_kib: int):
    """A real, tiny filesystem at `directory` (mode 0700), unmounted afterwards even if the test fails."""
    directory.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0700", "tmpfs", str(directory)], check=True)
    try:
        yield directory
    finally:
        subprocess.run(["umount", "-l", str(directory)], check=False)


def remount_read_only(directory: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(directory)], check=True)


# -- worker ---------------------------------------------------------------------------------------------------------
def _add_loop(path: Path, prefix: str, count: int, forget_every: int, go_file: Path | None) -> None:
    journal = Journal(path, os.environ.get("MEND_PASSPHRASE") or None)
    print("ready", flush=True)
    while go_file is not None and not go_file.exists():
        time.sleep(0.001)
    n = 0
    while count <= 0 or n < count:
        journal.add(numbered_entry(prefix, n))
        n += 1
        if forget_every and n % forget_every == 0:
            journal.forget_all()
    journal.close()
    print("done", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    loop = sub.add_parser("add-loop")
    loop.add_argument("path", type=Path)
    loop.add_argument("prefix")
    loop.add_argument("--count", type=int, default=0, help="0 = until killed")
    loop.add_argument("--forget-every", type=int, default=0)
    loop.add_argument("--go-file", type=Path, help="wait until this file exists before adding")
    args = parser.parse_args(argv)
    _add_loop(args.path, args.prefix, args.count, args.forget_every, args.go_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
