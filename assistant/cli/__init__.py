"""The `mend` command.

This is the only place where errors become text: every typed error from the library is printed as one
`Error: ...` line and one `Hint: ...` line, and the exit code says what happened. Nothing else prints tracebacks.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys

from mend.assistant.cli.output import report_error
from mend.assistant.errors import MendError
from mend.audio.errors import HintedError
from mend.flows.errors import FlowError


class UsageError(MendError):
    """A command line argparse could not read; shown like every other error, with exit code 2."""


class MendArgumentParser(argparse.ArgumentParser):
    """argparse's own errors become a UsageError (one `Error:` line and one `Hint:` line), not its usage dump."""

    def error(self, message: str):  # type: ignore[override]
        raise UsageError(message, hint=f"Run `{self.prog} --help` to see what it accepts.")


def build_parser() -> argparse.ArgumentParser:
    from mend.assistant.cli.commands import add_misc_parsers
    from mend.assistant.cli.completion import add_completion_parser
    from mend.assistant.cli.followup import add_followup_parser
    from mend.assistant.cli.journal import add_journal_parser
    from mend.assistant.cli.model import add_model_parser
    from mend.assistant.cli.resume import add_resume_parser
    from mend.assistant.cli.helptext import add_examples
    from mend.assistant.cli.session import add_session_parser

    parser = MendArgumentParser(
        prog="mend",
        description="A voice-guided reflection after a conflict with someone close. "
        "With no command, starts a spoken session of the default flow.",
    )
    from mend.assistant.cli.output import mend_version

    parser.add_argument("--version", action="version", version=f"mend {mend_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_session_parser(sub)
    add_resume_parser(sub)
    add_misc_parsers(sub)
    add_journal_parser(sub)
    add_followup_parser(sub)
    add_model_parser(sub)
    add_completion_parser(sub, parser)
    return add_examples(parser)


def _on_sigterm(signum, frame):  # noqa: ARG001 - signal handler signature
    raise KeyboardInterrupt()


def main(argv: list[str] | None = None) -> int:
    """Run one command. Called without argv it is the whole `mend` process: a Ctrl-C or SIGTERM that arrives
    while it is already exiting is then ignored, so the exit code stays 0/130 instead of a death by signal."""
    owns_process = argv is None
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        try:
            return _run(list(sys.argv[1:] if argv is None else argv))
        finally:
            if owns_process:
                _ignore_exit_signals()
            else:
                signal.signal(signal.SIGTERM, previous)
    except KeyboardInterrupt:  # one that arrived after the command had returned, before the signals were off
        return 130


def _ignore_exit_signals() -> None:
    """Switch Ctrl-C and SIGTERM off for the rest of the exit; one that arrives while they are being switched off
    (its handler raises) only means going round once more."""
    while True:
        try:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            return
        except KeyboardInterrupt:
            continue


def _run(argv: list[str]) -> int:
    try:
        parser = build_parser()
        if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"):
            argv = ["session", *argv]
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return 0
        return int(args.handler(args) or 0)
    except UsageError as exc:
        report_error(exc)
        return 2
    except (HintedError, FlowError) as exc:
        report_error(exc)
        return 1
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: still one line for the person, the details only when asked for
        if os.environ.get("MEND_DEBUG") == "1":
            raise
        print(f"Error: something unexpected went wrong ({type(exc).__name__})", file=sys.stderr)
        print("Hint: This is a bug in mend; run the same command with MEND_DEBUG=1 to see the details.",
              file=sys.stderr)
        return 1

