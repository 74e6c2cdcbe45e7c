"""How well mend tells a listening reply from a defence, in the rehearsal of the repair flow.

Every reply in `data/listening_replies.toml` is marked defensive or not; the reading is
`assistant/understanding/listening_reply.sounds_defensive`. The "held_out" group is never tuned on; its figure is
the honest one for unseen replies.

    .venv/bin/python -m benchmarks.listening_replies [--failures]
"""

from __future__ import annotations

import argparse
import tomllib
from pathlib import Path

from mend.assistant.understanding.listening_reply import sounds_defensive

DATA = Path(__file__).resolve().parent / "data" / "listening_replies.toml"


def load(path: Path = DATA) -> list[tuple[str, str, bool]]:
    """(group, reply, defensive) for every reply in the data file."""
    with open(path, "rb") as handle:
        tables = tomllib.load(handle)["replies"]
    return [(table["group"], text, label == "defensive")
            for table in tables for label in ("defensive", "listening") for text in table.get(label, [])]


def score(rows: list[tuple[str, str, bool]], group: str) -> dict[str, int]:
    """Counts for one group: defences caught, defences in all, listening replies called defences, listening in all."""
    mine = [(text, defensive, sounds_defensive(text)) for g, text, defensive in rows if g == group]
    return {"caught": sum(d and r for _, d, r in mine), "defences": sum(d for _, d, _ in mine),
            "false_alarms": sum(r and not d for _, d, r in mine), "listening": sum(not d for _, d, _ in mine)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list each reply read wrongly")
    args = parser.parse_args(argv)
    rows = load()
    for group in ("tuning", "dev", "held_out", "held_out_blind"):
        s = score(rows, group)
        if not s["defences"] + s["listening"]:
            continue
        right = s["caught"] + s["listening"] - s["false_alarms"]
        print(f"{group}: {right}/{s['defences'] + s['listening']} right; defences caught {s['caught']}/"
              f"{s['defences']}; listening replies called defences {s['false_alarms']}/{s['listening']}")
    if args.failures:
        for group, text, defensive in rows:
            if sounds_defensive(text) != defensive:
                print(f"  {group}: {'missed defence' if defensive else 'false alarm'}: {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
