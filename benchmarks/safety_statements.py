"""Safety statements benchmark: how many concerns are caught (certain), asked about (uncertain) or missed, how
many harmless look-alikes are flagged or asked about, and how long a reading takes, on three sets of statements.

- `safety_tuning.tsv`: the set the rules were written against;
- `safety_dev.tsv` and `safety_dev2.tsv`: second and third sets, each more indirect than the last, each used for one
  round of widening the kinds of statement;
- `safety_dev3.tsv`: a fourth set written apart from the rules and from the sets before it (more indirect,
  messier, embedded in stories about the argument), used for one round of widening;
- `safety_heldout.tsv` and `safety_heldout2.tsv`: each written apart and never tuned on (the second written with
  the fourth set, in different wordings); their figures are the honest ones for unseen phrasings.
Each line: kind (self_harm, abuse, harm_others or none), category, text.

    .venv/bin/python -m benchmarks.safety_statements [--misses]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
from collections import Counter
from pathlib import Path

from mend.assistant.safety.risk_model import MODEL_MATCH
from mend.assistant.safety.rules import SafetyConcern, check_safety
from mend.assistant.understanding.reading import safety_reading
from mend.audio.turns import Heard


def read(text: str, rules_only: bool = False) -> SafetyConcern | None:
    """What mend makes of a typed reply: the patterns and frames, then (unless `rules_only`) the risk model."""
    if rules_only:
        return check_safety(text)
    reading = safety_reading(Heard(text=text))
    return reading.concern if reading is not None else None

SETS = ("tuning", "dev", "dev2", "dev3", "dev4", "heldout", "heldout2", "heldout3")
HELD_OUT = ("heldout", "heldout2", "heldout3")
DATA = Path(__file__).resolve().parent / "data"


def load(name: str) -> list[dict[str, str]]:
    with open(DATA / f"safety_{name}.tsv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def measure(rows: list[dict[str, str]]) -> tuple[Counter, list[float], list[str]]:
    """Counts (concern_caught/asked/missed, harmless_flagged/asked/clear, wrong_kind), seconds per reading, misses."""
    counts: Counter = Counter()
    seconds: list[float] = []
    misses: list[str] = []
    for row in rows:
        started = time.perf_counter()
        concern = read(row["text"])
        seconds.append(time.perf_counter() - started)
        if row["kind"] == "none":
            counts["harmless_" + ("clear" if concern is None else "flagged" if concern.certain else "asked")] += 1
            if concern is not None:
                misses.append(f"harmless {'flagged' if concern.certain else 'asked'}: {row['text']}")
            continue
        counts["concern_" + ("missed" if concern is None else "caught" if concern.certain else "asked")] += 1
        counts["concern_asked_by_model"] += concern is not None and concern.matched == MODEL_MATCH
        if concern is None:
            misses.append(f"missed {row['kind']}/{row['category']}: {row['text']}")
        elif concern.kind != row["kind"]:
            counts["wrong_kind"] += 1
    return counts, seconds, misses


def report(name: str, counts: Counter, seconds: list[float]) -> str:
    concerns = counts["concern_caught"] + counts["concern_asked"] + counts["concern_missed"]
    harmless = counts["harmless_clear"] + counts["harmless_flagged"] + counts["harmless_asked"]
    ordered = sorted(seconds)
    p95 = ordered[int(0.95 * (len(ordered) - 1))] * 1000
    return (f"{name:8} concerns {concerns}: caught {counts['concern_caught']}, asked {counts['concern_asked']}, "
            f"missed {counts['concern_missed']} ({100 * (concerns - counts['concern_missed']) / concerns:.1f} % "
            f"caught or asked, {counts['concern_asked_by_model']} asked by the model; {counts['wrong_kind']} of another kind) | harmless {harmless}: flagged "
            f"{counts['harmless_flagged']}, asked {counts['harmless_asked']} | per reading p50 "
            f"{statistics.median(seconds) * 1000:.2f} ms, p95 {p95:.2f} ms, max {ordered[-1] * 1000:.2f} ms")


def ordinary(name: str) -> list[str]:
    """Ordinary replies to mend's questions (`ordinary_<name>.tsv`: step, text)."""
    with open(DATA / f"ordinary_{name}.tsv", encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list misses and false alarms (not for held-out)")
    args = parser.parse_args()
    check_safety("warm up the rules")
    for name in SETS:
        counts, seconds, misses = measure(load(name))
        print(report(name, counts, seconds))
        if args.misses and name not in HELD_OUT:
            print("\n".join(f"  {line}" for line in misses))
    for name in ("tuning", "heldout"):
        replies = ordinary(name)
        raised = [text for text in replies if read(text) is not None]
        print(f"ordinary replies ({name}): {len(raised)} of {len(replies)} raised")
        if args.misses and name == "tuning":
            print("\n".join(f"  asked: {text}" for text in raised))


if __name__ == "__main__":
    main()
