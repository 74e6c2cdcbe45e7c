"""Commands inside sentences and cycles named by the person: how many of each set mend reads right.

Two pairs of sets in benchmarks/data/, each line a kind and a typed reply:

- `commands_tuning.tsv` / `commands_heldout.tsv`: a spoken command asked as a sentence or a question ("hang on,
  could you say that again?") with the command it is, or `answer`: a real answer holding command words ("I went
  back to my room"). A command is read right when `parse_command` gives that command and the reply, read at an
  open step, is not kept as an answer; an answer is read right when it is not taken for a command.
- `cycles_tuning.tsv` / `cycles_heldout.tsv`: `cycle` with the person's move and the other's as mend should say
  them back ("pull back", "pushes"), or `none` (one move, one past event, no other person). A cycle is read right
  when `read_cycle` finds one and its line holds both moves; a `none` when it finds none.

The held-out sets were written before the readers changed and are never tuned on; their figures are the honest
ones for unseen phrasings.

    .venv/bin/python -m benchmarks.commands_and_cycles [--misses] [--json out.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import asdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import Figure  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
SETS = ("tuning", "heldout")
TARGETS = {"commands": 0.85, "cycles": 0.8}  # share read right on the held-out sets


def load(name: str) -> list[dict[str, str]]:
    with open(DATA / f"{name}.tsv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def command_misses(rows: list[dict[str, str]]) -> list[str]:
    """The rows read wrong: a command missed, taken for another or kept as an answer; an answer taken for a command."""
    from mend.assistant.understanding.meanings import parse_command
    from mend.assistant.understanding.reading import read_reply
    from mend.audio.turns import Heard
    from mend.flows import builtin_flow

    open_step = builtin_flow("repair").steps["what_happened"]
    misses = []
    for row in rows:
        command = parse_command(row["text"])
        kind = read_reply(open_step, Heard(text=row["text"], confidence=1.0)).kind
        kept = kind == "answer"
        if row["kind"] == "answer":
            if command is not None or kind == "command":  # a safety question first ("check_in") is not a miss
                misses.append(f"answer read as {command}: {row['text']}")
        elif command != row["kind"] or kept:
            misses.append(f"{row['kind']} read as {command}{' (kept)' if kept else ''}: {row['text']}")
    return misses


def cycle_misses(rows: list[dict[str, str]]) -> list[str]:
    from mend.assistant.understanding.cycles import read_cycle

    misses = []
    for row in rows:
        cycle = read_cycle(row["text"])
        if row["kind"] == "none":
            if cycle is not None:
                misses.append(f"none read as a cycle ({cycle.mine} / {cycle.theirs}): {row['text']}")
            continue
        said = f" {cycle.mine} | {cycle.theirs} " if cycle else ""
        mine, theirs = said.split("|") if cycle else ("", "")
        if cycle is None or row["mine"] not in mine or row["theirs"] not in theirs:
            misses.append(f"cycle read as {said.strip() or 'none'}: {row['text']}")
    return misses


def run(quick: bool = False) -> tuple[list[Figure], list[str]]:
    figures, log = [], []
    for what, measure in (("commands", command_misses), ("cycles", cycle_misses)):
        for name in SETS:
            rows = load(f"{what}_{name}")
            misses = measure(rows)
            share = (len(rows) - len(misses)) / len(rows)
            held = name == "heldout"
            figures.append(Figure(f"{what}-{name}", f"{what} read right ({name}, {len(rows)} replies)", share, "share",
                                  f">= {TARGETS[what]}" if held else "", share >= TARGETS[what] if held else None))
            log += [f"{what} {name}: {len(rows) - len(misses)}/{len(rows)} read right"]
            log += [f"  {miss}" for miss in misses]
    return figures, log


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the same run (kept for run_all)")
    parser.add_argument("--misses", action="store_true", help="list what was read wrong, held-out sets included")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    figures, log = run(args.quick)
    for line in log:
        if args.misses or not line.startswith("  "):
            print(line)
    if args.json:
        args.json.write_text(json.dumps([asdict(f) for f in figures], indent=1))
    sys.exit(0 if all(f.passed is not False for f in figures) else 1)


if __name__ == "__main__":
    main()
