"""What the CLI puts out besides its commands' own results: a typed error as one `Error:` and one `Hint:` line,
files the person asked for (summaries, exports) written owner-only, and mend's version."""

from __future__ import annotations

import sys
from pathlib import Path

from assistant.errors import MendError
from flows.errors import FlowError


def report_error(exc: Exception) -> None:
    message = str(exc) if isinstance(exc, FlowError) else getattr(exc, "message", str(exc))
    print(f"Error: {message}", file=sys.stderr)
    hint = getattr(exc, "hint", None)
    if hint:
        print(f"Hint: {hint}", file=sys.stderr)


def write_private_text(path: Path, text: str) -> None:
    """Write a file the person asked for (summary, export), owner-only; a failure is a MendError, not a traceback."""
    from assistant.paths import write_private_text as write

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
