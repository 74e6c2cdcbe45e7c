"""`mend resume`: pick up a reflection paused earlier, at the step where it stopped, with the answers given so far.

Paused reflections are kept in the journal (assistant/journal/paused.py) only when the person agreed. Without an
id or --latest the kept ones are listed and one is asked for (Enter takes the latest); the session then runs like
`mend session`, in voice or with --text, and a reflection finished this time is no longer kept.
"""

from __future__ import annotations

import sys

from mend.assistant.cli.session import add_session_options, load_flow_arg, run_session
from mend.assistant.errors import JournalError


def add_resume_parser(sub) -> None:
    p = sub.add_parser(
        "resume",
        help="pick up a reflection you paused to continue later",
        description="Carry on a paused reflection at the step where it stopped, with your earlier answers kept.",
    )
    p.add_argument("id", type=int, nargs="?", metavar="ID", help="which paused reflection (default: ask)")
    p.add_argument("--latest", action="store_true", help="take the most recently paused one without asking")
    p.add_argument("--list", action="store_true", help="only list the paused reflections")
    add_session_options(p)
    p.set_defaults(handler=run_resume)


def _where(paused) -> str:
    step = paused.step.replace("_", " ")
    about = f", about {paused.relationship}" if paused.relationship else ""
    return f"{paused.flow}, paused at '{step}'{about}"


def _list(found: list) -> None:
    print(f"{'ID':>4}  {'Paused (local time)':<19}  Where")
    for paused in found:
        print(f"{paused.id:>4}  {paused.paused_at.astimezone():%Y-%m-%d %H:%M}       {_where(paused)}")


def _choose(found: list, latest) -> object:
    """Ask which one to pick up; Enter (or the end of input) takes the latest."""
    _list(found)
    print("Which one would you like to pick up? Type its ID, or press Enter for the latest: ", end="", flush=True)
    reply = sys.stdin.readline().strip()
    if not reply:
        return latest
    for paused in found:
        if reply.isdigit() and paused.id == int(reply):
            return paused
    raise JournalError(f"there is no paused reflection '{reply}'", hint="Run `mend resume` again and type one of the IDs listed.")


def run_resume(args) -> int:
    from mend.assistant.cli.journal import open_journal
    from mend.assistant.session.breaks import resume_from

    with open_journal() as journal:
        found = journal.paused_list()
        latest = journal.latest_paused()
    if not found:
        print("There is no paused reflection to pick up.")
        print("A reflection is kept to continue later when you take a break and say yes to keeping it.")
        return 0 if args.list else 1
    if args.list:
        _list(found)
        return 0
    if args.id is not None:
        chosen = next((p for p in found if p.id == args.id), None)
        if chosen is None:
            raise JournalError(f"there is no paused reflection {args.id}", hint="`mend resume --list` shows them.")
    elif args.latest or len(found) == 1 and not sys.stdin.isatty():
        chosen = latest
    else:
        chosen = _choose(found, latest)
    print(f"Picking up: {_where(chosen)}.", flush=True)
    args.flow = chosen.flow
    args.summary_schema = False
    return run_session(args, flow=load_flow_arg(chosen.flow), prepare=lambda session: resume_from(session, chosen))
