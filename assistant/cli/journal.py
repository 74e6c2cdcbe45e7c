"""`mend journal ...`: read, export, delete and protect the private journal from the terminal.

Anything that destroys entries asks first, and refuses outright when nobody is there to answer (stdin is not a
terminal) unless --yes was given, so a script cannot wipe a journal by accident. Passphrases come from
MEND_PASSPHRASE or a hidden prompt, never from the command line where other users could see them in `ps`.
Errors are raised as typed MendErrors; the caller prints them.
"""

from __future__ import annotations

import argparse
import os
import sys
from getpass import getpass
from pathlib import Path

from mend.assistant.errors import JournalError, JournalLockedError, MendError
from mend.assistant.cli.trends import add_trends_parser, run_trends
from mend.assistant.journal.book import Journal
from mend.assistant.journal.render import render_text
from mend.assistant.paths import write_private_text

PASSPHRASE_ENV = "MEND_PASSPHRASE"
NEW_PASSPHRASE_ENV = "MEND_NEW_PASSPHRASE"
PROMPT_ATTEMPTS = 3


def _entry_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not an entry id (a whole number from `mend journal list`)")
    return value


def add_journal_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "journal",
        help="read, export, delete or protect your private session notes",
        description="Your journal stays on this computer. Entries are kept only when you say yes at the end of a session.",
    )
    commands = parser.add_subparsers(dest="journal_command", metavar="COMMAND", required=True)
    commands.add_parser("list", help="list the entries (id, date, flow, how it ended, summary)")
    show = commands.add_parser("show", help="show one entry in full")
    show.add_argument("id", type=_entry_id, metavar="ID", help="entry id from `mend journal list`")
    export = commands.add_parser("export", help="export one entry or the whole journal as Markdown, JSON or CSV")
    export.add_argument("id", type=_entry_id, nargs="?", metavar="ID", help="only this entry (default: all)")
    export.add_argument("--format", choices=("md", "json", "csv"), default="md",
                        help="md for reading, json for programs, csv for a spreadsheet, one row per entry (default md)")
    export.add_argument("--output", "-o", metavar="FILE",
                        help="write to FILE (created private, 0600) instead of printing; - is standard output")
    add_trends_parser(commands)
    delete = commands.add_parser("delete", help="delete one entry for good")
    delete.add_argument("id", type=_entry_id, metavar="ID", help="entry id from `mend journal list`")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    forget = commands.add_parser("forget", help="delete every entry and scrub the file")
    forget.add_argument("--all", action="store_true", help="required: confirms you mean every entry")
    forget.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    commands.add_parser(
        "protect",
        help="set or change a passphrase that encrypts the journal",
        description=f"Encrypts every entry with a passphrase. It is read from {NEW_PASSPHRASE_ENV} (or {PASSPHRASE_ENV} "
        "when the journal is not yet protected) or asked for twice. A lost passphrase cannot be recovered.",
    )
    parser.set_defaults(handler=run_journal)
    return parser


def _interactive() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def open_journal(path: Path | None = None, need_passphrase: bool = True) -> Journal:
    """Open the journal, taking the passphrase from MEND_PASSPHRASE or, on a terminal, a hidden prompt.

    Without `need_passphrase` a protected journal opens locked (no prompt): enough to count and forget its entries.
    """
    passphrase = os.environ.get(PASSPHRASE_ENV) or None
    if not need_passphrase:
        return Journal(path, passphrase, locked_ok=True)
    try:
        return Journal(path, passphrase)
    except JournalLockedError:
        if passphrase is not None or not _interactive():
            raise
    for attempt in range(1, PROMPT_ATTEMPTS + 1):
        try:
            return Journal(path, getpass("Journal passphrase: "))
        except JournalLockedError:
            if attempt == PROMPT_ATTEMPTS:
                raise
            print("That passphrase did not match; try again.", file=sys.stderr)
    raise AssertionError("unreachable")


def _confirm(question: str, yes: bool, example: str) -> bool:
    if yes:
        return True
    if not _interactive():
        raise JournalError(
            "refusing to delete without confirmation: there is no terminal to ask",
            hint=f"Add --yes to confirm, e.g. `{example}`.",
        )
    sys.stdout.write(f"{question} [y/N] ")
    sys.stdout.flush()
    answer = sys.stdin.readline()
    return answer.strip().lower() in ("y", "yes")


def _new_passphrase(already_protected: bool) -> str:
    given = os.environ.get(NEW_PASSPHRASE_ENV) or (None if already_protected else os.environ.get(PASSPHRASE_ENV))
    if given:
        return given
    if not _interactive():
        raise JournalError(
            "no new passphrase given",
            hint=f"Run `mend journal protect` in a terminal, or set {NEW_PASSPHRASE_ENV}.",
        )
    first = getpass("New journal passphrase: ")
    if not first:
        raise JournalError("the passphrase is empty", hint="Run `mend journal protect` again and type a passphrase.")
    if getpass("Type it again: ") != first:
        raise JournalError("the two passphrases differ", hint="Run `mend journal protect` again.")
    return first


def _list(journal: Journal) -> None:
    entries = journal.list()
    if not entries:
        print("The journal is empty.")
        return
    print(f"{'ID':>4}  {'Date (UTC)':<16}  {'Flow':<10}  {'Ended':<15}  Summary")
    for entry in entries:
        summary = " ".join(entry.summary.split())
        summary = summary if len(summary) <= 60 else summary[:59] + "…"
        when = entry.created_at.isoformat(" ", "minutes")[:16]  # strftime took a fifth of the time at 10,000
        print(f"{entry.id:>4}  {when}  {entry.flow:<10}  {entry.ended:<15}  {summary}")


def _text_width() -> int:
    """Lines for the terminal are wrapped to its width, at most 100 columns (and 100 when it is not a terminal)."""
    import shutil

    return min(100, shutil.get_terminal_size((100, 24)).columns)


def _export(journal: Journal, args: argparse.Namespace) -> None:
    text = journal.export([args.id] if args.id else None, args.format)
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return
    try:
        write_private_text(Path(args.output), text)
    except OSError as exc:
        raise JournalError(
            f"could not write {args.output}: {exc.strerror or exc}",
            hint="Choose a file in a directory you can write to.",
        ) from None
    count = 1 if args.id else journal.count()
    print(f"Exported {count} {'entry' if count == 1 else 'entries'} to {args.output}.")


def run_journal(args: argparse.Namespace) -> int:
    """Carry out one `mend journal` subcommand; returns the exit status."""
    path = getattr(args, "journal_path", None)
    command = args.journal_command
    if command == "forget" and not args.all:
        raise JournalError(
            "`forget` deletes every entry, so it needs --all",
            hint="Run `mend journal forget --all`, or delete one entry with `mend journal delete ID`.",
        )
    with open_journal(Path(path) if path else None, need_passphrase=command != "forget") as journal:
        if command == "list":
            _list(journal)
        elif command == "show":
            sys.stdout.write(render_text(journal.get(args.id), width=_text_width()))
        elif command == "export":
            _export(journal, args)
        elif command == "trends":
            return run_trends(journal, args)
        elif command == "delete":
            entry = journal.get(args.id)
            question = f"Delete entry {entry.id} ({entry.created_at:%Y-%m-%d}, {entry.flow})? It cannot be undone."
            if not _confirm(question, args.yes, f"mend journal delete {entry.id} --yes"):
                print("Nothing was deleted.")
                return 0
            journal.delete(entry.id)
            print(f"Deleted entry {entry.id}.")
        elif command == "forget":
            count, was_locked = journal.count(), journal.locked
            question = f"Delete all {count} journal entries? It cannot be undone."
            if not _confirm(question, args.yes, "mend journal forget --all --yes"):
                print("Nothing was deleted.")
                return 0
            journal.forget_all()
            print(f"Forgot {count} {'entry' if count == 1 else 'entries'}; the journal file was scrubbed.")
            if was_locked:
                print("The passphrase was removed with the entries; `mend journal protect` sets a new one.")
        elif command == "protect":
            changing = journal.protected
            journal.protect(_new_passphrase(changing))
            print("The passphrase was changed." if changing else "The journal is now protected by a passphrase.")
            print("Keep it safe: it cannot be recovered, and without it the entries cannot be read.")
        else:  # pragma: no cover - argparse only allows the commands above
            raise JournalError(f"unknown journal command '{command}'", hint="Run `mend journal --help`.")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point (`python -m mend.assistant.cli.journal journal list`), printing errors like `mend` does."""
    parser = argparse.ArgumentParser(prog="mend")
    add_journal_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        return run_journal(args)
    except MendError as exc:
        print(f"Error: {exc.message}", file=sys.stderr)
        print(f"Hint: {exc.hint}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
