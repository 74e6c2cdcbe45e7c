"""`mend journal trends`: the journal's figures over time as a table, JSON, a PNG or a self-contained HTML page.

A sparkline of Unicode blocks is drawn only for a terminal; piped output, and `--plain` (for screen readers),
write the same series as numbers.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from mend.assistant.errors import JournalError
from mend.assistant.journal.book import Journal

EMPTY = ("The journal is empty, so there are no trends yet. They appear once you keep a note at the end of a "
         "session (`mend session`).")


def add_trends_parser(commands: argparse._SubParsersAction) -> None:
    trends = commands.add_parser(
        "trends", help="default responses by relationship, activation over time and plans carried out",
        description="How your default responses, your activation before and after slowing down, and your planned "
        "repairs (as told with `mend followup`) change over time.",
    )
    trends.add_argument("--by", choices=("auto", "day", "week", "month"), default="auto",
                        help="period for the activation figures (default: by the journal's span)")
    trends.add_argument("--plain", action="store_true", help="numbers instead of a sparkline (for screen readers)")
    trends.add_argument("--json", action="store_true", help="print the figures as JSON")
    trends.add_argument("--png", metavar="FILE", help="draw a chart to a PNG file (needs mend-voice[plots])")
    trends.add_argument("--html", metavar="FILE", help="write a self-contained HTML page with an SVG chart")


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _write(path: str, write, what: str) -> None:
    try:
        write(Path(path))
    except OSError as exc:
        raise JournalError(f"could not write {path}: {exc.strerror or exc}",
                           hint="Choose a file in a directory you can write to.") from None
    print(f"Wrote the {what} to {path}.")


def run_trends(journal: Journal, args: argparse.Namespace) -> int:
    from mend.assistant.journal.trends import compute_trends, trends_text

    entries = journal.list()
    data = compute_trends(entries, args.by)
    if args.json:
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return 0
    if not entries:
        print(EMPTY)
        if args.png or args.html:
            print("No chart was written.")
        return 0
    if args.png or args.html:
        from mend.assistant.journal import charts
        from mend.assistant.paths import write_private_text

        if args.png:
            png = charts.render_png(data)  # raises with the install hint before anything is written
            _write(args.png, lambda p: write_private_text(p, png), "PNG chart")
        if args.html:
            _write(args.html, lambda p: write_private_text(p, charts.render_html(data)), "HTML chart")
        return 0
    for line in trends_text(data, sparklines=_stdout_is_terminal() and not args.plain):
        print(line)
    return 0



