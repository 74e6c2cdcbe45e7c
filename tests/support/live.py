"""A real `mend` process whose stdin stays open, for turns that depend on timing (a break that runs out, a save
interrupted by SIGKILL): replies are sent when the test chooses, and stdout is read line by line by a thread."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.support.cli import REPO


class LiveMend:
    def __init__(self, *args: str, home: Path, env: dict[str, str] | None = None) -> None:
        full_env = {**os.environ, "MEND_HOME": str(home), **(env or {})}
        self.proc = subprocess.Popen([sys.executable, "-m", "mend.assistant.cli", *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
                                     cwd=REPO, env=full_env)
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def send(self, *replies: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("".join(reply + "\n" for reply in replies))
        self.proc.stdin.flush()

    def wait_for(self, *texts: str, timeout: float = 20) -> None:
        """Read until a line holding any of `texts`."""
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            if line is None:
                raise AssertionError(f"mend ended before saying {texts!r}; it said: {''.join(self.seen)[-800:]}")
            self.seen.append(line)
            if any(text in line for text in texts):
                return

    def finish(self, timeout: float = 30) -> tuple[int, str, str]:
        """Close stdin, wait for the end; returns (exit code, everything said, stderr)."""
        assert self.proc.stdin is not None and self.proc.stderr is not None
        self.proc.stdin.close()
        code = self.proc.wait(timeout=timeout)
        while (line := self.lines.get(timeout=timeout)) is not None:
            self.seen.append(line)
        return code, "".join(self.seen), self.proc.stderr.read()

    def kill(self, sig: int) -> None:
        self.proc.send_signal(sig)
        self.proc.wait(timeout=10)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                stream.close()  # type: ignore[union-attr]
            except OSError:
                pass
