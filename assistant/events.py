"""Optional timeline of a session for tests and benchmarks.

When MEND_EVENTS names a file, each turn event (speaking, listening, heard) is appended to it as one JSON line with a
monotonic timestamp, so a test harness can answer at the right moment and a benchmark can measure response times.
Content is written only there, only when asked: normal runs log nothing of what the person says.
"""

from __future__ import annotations

import json
import os
import time

_handle = None


def emit(kind: str, **fields) -> None:
    global _handle
    path = os.environ.get("MEND_EVENTS")
    if not path:
        return
    try:
        if _handle is None:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            _handle = os.fdopen(fd, "a", buffering=1, encoding="utf-8")
        record = {"event": kind, "t": time.monotonic(), **fields}
        _handle.write(json.dumps(record, default=str) + "\n")
    except OSError:
        pass  # a timeline is a diagnostic aid; it must never break a session
