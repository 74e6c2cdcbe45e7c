"""Journal scale: `mend journal list`, `mend journal trends` and `mend journal export --format csv` on journals of
100, 1,000 and 10,000 entries, plain and protected, timed in-process (`assistant.cli.main`, output to a buffer)
and as a real `mend` process (output to /dev/null). Target: under 0.5 s at 10,000 entries for a plain journal.

The journals are built with `Journal.add_many` from `tests.support.journal.generated_entries` (plausible entries
over two years, 70 % with a plan, half of those told about). Every figure is the median of several runs,
commands interleaved; the empty-journal `mend journal list` process is measured too, as the floor every
command pays to start (Python, pydantic, the parser). Protected journals pay one scrypt unlock (about 0.1 s)
and a Fernet decryption per entry; their passphrase comes from MEND_PASSPHRASE. Each process is timed twice
over: wall clock, and CPU time (user + system, from the child's rusage), which a machine shared with other work
inflates far less; the load average at the start is in the first figure's detail.
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import shutil
import subprocess
import time
from pathlib import Path

from benchmarks.common import Figure, child_env, fresh_home, median, python, use_home

SIZES = (100, 1_000, 10_000)
COMMANDS = {
    "list": ["journal", "list"],
    "trends": ["journal", "trends"],
    "export": ["journal", "export", "--format", "csv"],
}
PASSPHRASE = "bench-passphrase-7"
TARGET_S = 0.5


def build(home: Path, count: int, protected: bool) -> float:
    """A journal of `count` generated entries in `home`; returns the seconds it took."""
    from mend.assistant.journal.book import Journal
    from tests.support.journal import generated_entries

    entries = generated_entries(count)
    start = time.perf_counter()
    with Journal(home / "journal.sqlite3") as journal:
        if protected:
            journal.protect(PASSPHRASE)
        journal.add_many(entries)
    return time.perf_counter() - start


def in_process(home: Path, args: list[str], protected: bool) -> float:
    from mend.assistant.cli import main

    use_home(home)
    os.environ.pop("MEND_PASSPHRASE", None)
    if protected:
        os.environ["MEND_PASSPHRASE"] = PASSPHRASE
    out = io.StringIO()
    start, cpu = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(out):
        code = main(args)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    if code != 0:
        raise SystemExit(f"mend {' '.join(args)} failed in-process: {code}")
    return elapsed, cpu


def as_process(home: Path, args: list[str], protected: bool) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `mend` process; the CPU time is what a busy machine changes least."""
    env = child_env(MEND_HOME=str(home), **({"MEND_PASSPHRASE": PASSPHRASE} if protected else {}))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([python(), "-m", "mend.assistant.cli", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"mend {' '.join(args)} failed: {result.stderr.decode()[-300:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(home: Path, protected: bool, repeats: int) -> dict[tuple[str, str], float]:
    """Median seconds per (command, mode); the commands are interleaved run by run."""
    times: dict[tuple[str, str], list[float]] = {}
    for name, args in COMMANDS.items():  # one warm-up of each (imports, the page cache)
        in_process(home, args, protected)
    for _ in range(repeats):
        for name, args in COMMANDS.items():
            wall, cpu = in_process(home, args, protected)
            times.setdefault((name, "in-process"), []).append(wall)
            times.setdefault((name, "in-process CPU"), []).append(cpu)
            wall, cpu = as_process(home, args, protected)
            times.setdefault((name, "process"), []).append(wall)
            times.setdefault((name, "process CPU"), []).append(cpu)
    return {key: median(values) for key, values in times.items()}


def run(quick: bool) -> list[Figure]:
    repeats = 3 if quick else 7
    figures: list[Figure] = []
    empty = fresh_home("mend-bench-journal-")
    runs = [as_process(empty, ["journal", "list"], False) for _ in range(repeats)]
    figures.append(Figure("8.0", "list as a process, empty journal (start-up floor)", median(r[0] for r in runs),
                          "s", "", None, f"CPU {median(r[1] for r in runs):.3f} s; load {os.getloadavg()[0]:.1f}"))
    shutil.rmtree(empty, ignore_errors=True)
    number = 1
    for protected in (False, True):
        for size in SIZES:
            home = fresh_home("mend-bench-journal-")
            try:
                built = build(home, size, protected)
                kind = "protected" if protected else "plain"
                size_mb = (home / "journal.sqlite3").stat().st_size / 2**20
                figures.append(Figure(f"8.{number}", f"build {size:,} entries ({kind}, add_many)",
                                      built, "s", "", None, f"file {size_mb:.1f} MB"))
                number += 1
                results = measure(home, protected, repeats)
                for (name, mode), seconds in results.items():
                    gated = size == SIZES[-1] and not protected and not mode.endswith("CPU")
                    figures.append(Figure(
                        f"8.{number}", f"{name} at {size:,} ({kind}, {mode})", seconds, "s",
                        f"< {TARGET_S} s" if gated else "", (seconds < TARGET_S) if gated else None))
                    number += 1
            finally:
                shutil.rmtree(home, ignore_errors=True)
    return figures


if __name__ == "__main__":
    from benchmarks.common import main_for

    main_for(run)
