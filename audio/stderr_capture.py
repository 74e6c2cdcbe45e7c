"""Capture what native code writes to file descriptor 2 while it runs, so raw bytes never reach the terminal.

Kaldi (inside Vosk) reports a damaged model on fd 2 even at the quietest log level, quoting the binary bytes it
found where it expected a token. The caller gets those bytes back to turn into a short printable excerpt for its
error message. fd 2 is process-wide, so captures are serialised, fd 2 is restored before the capture is read, and
lines other threads wrote in the meantime are handed back too, to be passed on.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
from collections.abc import Callable

MAX_EXCERPT = 120
_CAPTURE_LIMIT = 1 << 16
_KALDI_LINE = re.compile(rb"^(ERROR|WARNING|LOG|VLOG\[\d+\]|ASSERTION_FAILED) \(")
_KALDI_PREFIX = re.compile(rb"^[A-Z_]+(\[\d+\])? \(.*?\)\s+")
_fd2_lock = threading.Lock()


def run_capturing_stderr(work: Callable[[], object]) -> tuple[object, Exception | None, bytes]:
    """(result, exception or None, bytes written to fd 2) of `work()`. Falls back to running uncaptured if fd 2
    cannot be redirected."""
    with _fd2_lock:
        try:
            sys.stderr.flush()
        except (AttributeError, OSError, ValueError):
            pass
        try:
            capture = tempfile.TemporaryFile()
        except OSError:
            capture = None
        saved = None
        if capture is not None:
            try:
                saved = os.dup(2)
                os.dup2(capture.fileno(), 2)
            except OSError:
                if saved is not None:
                    os.close(saved)
                saved = None
        try:
            result, error = work(), None
        except Exception as exc:
            result, error = None, exc
        captured = b""
        if saved is not None:
            os.dup2(saved, 2)   # restore before reading: nothing else may write into the capture any more
            os.close(saved)
            capture.seek(0)
            captured = capture.read(_CAPTURE_LIMIT)
        if capture is not None:
            capture.close()
        return result, error, captured


def printable(text: str, limit: int = MAX_EXCERPT) -> str:
    """Printable ASCII only, whitespace collapsed, at most `limit` characters."""
    cleaned = " ".join("".join(c if " " <= c <= "~" else " " for c in text).split())
    return cleaned if len(cleaned) <= limit else cleaned[:limit - 3].rstrip() + "..."


def split_kaldi_report(captured: bytes) -> tuple[str, list[str]]:
    """(printable excerpt of Kaldi's first error, other lines). Lines after a Kaldi line that do not start a new
    one are its continuation (quoted binary may hold newline bytes)."""
    blocks: list[list[bytes]] = []
    others: list[str] = []
    for line in captured.splitlines():
        if _KALDI_LINE.match(line):
            blocks.append([line])
        elif blocks:
            blocks[-1].append(line)
        elif line.strip():
            others.append(printable(line.decode("utf-8", errors="replace"), 1000))
    errors = [b for b in blocks if b[0].startswith((b"ERROR", b"ASSERTION_FAILED"))] or blocks
    if not errors:
        return "", others
    text = _KALDI_PREFIX.sub(b"", b" ".join(errors[0]))
    return printable(text.decode("ascii", errors="replace").replace("\ufffd", " ")), others


def pass_on_to_stderr(lines: list[str]) -> None:
    if not lines:
        return
    try:
        sys.stderr.write("\n".join(lines) + "\n")
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):
        pass
