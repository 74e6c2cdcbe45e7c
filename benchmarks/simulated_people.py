"""Simulated people: whole repair sessions through the real CLI in text mode, one simulated person each.

Every person in `data/simulated_people.toml` is a list of replies, one per turn, written the way people type or
talk (typos, hedging, fillers, commands asked as questions, changes of mind, going back, "I'm ready"), and the
reading expected from them: who it was with (the category id), the default responses, and both activation
numbers. A person passes when the session completes with exactly that reading, and mend never says "It can be
hard to name a first reaction" to someone who described what they did. The "held_out" group is never tuned on;
its figure is the honest one for unseen people.

    .venv/bin/python -m benchmarks.simulated_people [--group tuning|held_out] [--sample N] [--failures]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "benchmarks" / "data" / "simulated_people.toml"
GROUPS = ("tuning", "held_out")
NOT_NAMED = "It can be hard to name a first reaction"


def load(path: Path = DATA) -> list[dict]:
    with open(path, "rb") as handle:
        return tomllib.load(handle)["people"]


def run_person(person: dict, timeout: float = 120) -> tuple[bool, str]:
    """(passed, why not) for one person, through `python -m mend.assistant.cli session --text`."""
    with tempfile.TemporaryDirectory(prefix="mend-sim-") as home:
        summary = Path(home) / "summary.json"
        env = {**os.environ, "MEND_HOME": home, "PYTHONPATH": str(REPO)}
        stdin = "".join(line + "\n" for line in person["replies"])
        result = subprocess.run(
            [sys.executable, "-m", "mend.assistant.cli", "session", "--text", "--no-pauses", "--no-save", "--flow",
             "repair", "--summary-json", str(summary)],
            input=stdin, capture_output=True, text=True, timeout=timeout, cwd=REPO, env=env,
        )
        if not summary.exists():
            return False, f"no summary (exit {result.returncode}): {result.stderr.strip()[-200:]}"
        outcome = json.loads(summary.read_text())
    expect = person["expect"]
    problems = []
    if outcome.get("ended") != "completed":
        problems.append(f"ended {outcome.get('ended')}")
    if outcome.get("relationship") != expect["relationship"]:
        problems.append(f"relationship {outcome.get('relationship')} != {expect['relationship']}")
    if sorted(outcome.get("patterns") or []) != sorted(expect["patterns"]):
        problems.append(f"patterns {outcome.get('patterns')} != {expect['patterns']}")
    readings = {r["moment"]: r["value"] for r in outcome.get("activation") or []}
    for moment in ("before", "after"):
        if readings.get(moment) != expect[moment]:
            problems.append(f"{moment} {readings.get(moment)} != {expect[moment]}")
    if expect["patterns"] and NOT_NAMED in result.stdout:
        problems.append("said a first reaction was hard to name after one was described")
    return not problems, "; ".join(problems)


def run_people(people: list[dict], workers: int = 0) -> list[tuple[dict, bool, str]]:
    workers = workers or min(8, os.cpu_count() or 2)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(run_person, people))
    return [(person, ok, why) for person, (ok, why) in zip(people, results)]


def sample(people: list[dict], size: int, seed: int = 7) -> list[dict]:
    return random.Random(seed).sample(people, min(size, len(people)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--group", choices=GROUPS)
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--failures", action="store_true", help="list each person who did not pass, and why")
    args = parser.parse_args(argv)
    people = load()
    if args.group:
        people = [p for p in people if p["group"] == args.group]
    if args.sample:
        people = sample(people, args.sample)
    results = run_people(people)
    for group in GROUPS:
        mine = [(p, ok, why) for p, ok, why in results if p["group"] == group]
        if mine:
            passed = sum(ok for _, ok, _ in mine)
            print(f"{group}: {passed}/{len(mine)} passed ({100 * passed / len(mine):.0f}%)")
    if args.failures:
        for person, ok, why in results:
            if not ok:
                print(f"  {person['name']}: {why}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
