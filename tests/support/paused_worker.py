"""A process that keeps replacing one paused reflection (`python -m tests.support.paused_worker PATH START`), so a
test can SIGKILL it mid-save. State n is derived from n alone, sized from a few bytes to several pages, so a
reader can tell a whole state from a torn one."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from mend.assistant.journal.book import Journal
from mend.assistant.journal.paused import PausedReflection


def state(n: int) -> PausedReflection:
    rng = random.Random(n)
    words = " ".join(f"w{rng.randrange(10**6)}" for _ in range(rng.choice((1, 50, 800))))
    return PausedReflection(id=None, flow="repair", step=f"step{n % 7}", history=["welcome", f"step{n % 7}"],
                            slots={"n": n, "what_happened": f"state {n}: {words}"}, variant=n)


def same(found: PausedReflection, n: int) -> bool:
    expected = state(n)
    return (found.step, found.history, found.slots, found.variant) == (expected.step, expected.history,
                                                                         expected.slots, expected.variant)


def main(path: str, start: int) -> None:
    with Journal(Path(path)) as journal:
        existing = journal.paused_list()
        paused_id = existing[0].id if existing else None
        print("ready", flush=True)
        n = start
        while True:
            record = state(n)
            record.id = paused_id
            paused_id = journal.keep_paused(record)
            n += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
