"""What the CLI puts out besides its commands' own results: a typed error as one `Error:` and one `Hint:` line,
files the person asked for (summaries, exports) written owner-only, and mend's version."""

from __future__ import annotations

import sys
from pathlib import Path

from mend.assistant.errors import MendError
from mend.audio.errors import HintedError
from mend.flows.errors import FlowError


def report_error(exc: HintedError | FlowError, label: str = "Error") -> None:
    """One `Error:` line (or `Warning:`, for something that works but is probably not what was meant) and one
    `Hint:` line. A flow error's text names its file, step and field; the others' message says it all."""
    print(f"{label}: {exc if isinstance(exc, FlowError) else exc.message}", file=sys.stderr)
    if exc.hint:
        print(f"Hint: {exc.hint}", file=sys.stderr)


def report_warning(exc: FlowError) -> None:
    report_error(exc, "Warning")


def write_private_text(path: Path, text: str) -> None:
    """Write a file the person asked for (summary, export), owner-only; a failure is a MendError, not a traceback."""
    from mend.assistant.paths import write_private_text as write

    try:
        write(path, text)
    except OSError as exc:
        raise MendError(
            f"cannot write {path}: {exc.strerror or exc}", hint="Choose a writable path with free space."
        ) from None


def mend_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mend-voice")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown (not installed)"
