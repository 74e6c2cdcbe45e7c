"""Text mode: the same listener and speaker roles as voice mode, over a terminal or a pipe.

Prompts go to stdout, one reply per line comes from stdin. Output is plain text (no colour codes, no spinners) so
it works with screen readers and when piped.
"""

from __future__ import annotations

import queue
import re
import sys
import threading
from typing import TextIO

from mend.audio.turns import EndOfInput, Heard, ListenRequest, Speaker

# stdin is decoded with surrogateescape, so a byte that is not UTF-8 (a Latin-1 "é") arrives as a lone surrogate,
# which no JSON file or journal entry can hold; it is kept visible as the replacement character instead
_LONE_SURROGATES = re.compile("[\ud800-\udfff]")
MAX_LINE = 4000  # longer lines are cut: nobody types a reflection this long, and it keeps every turn bounded


class TextSpeaker(Speaker):
    """Prints what mend says; rate changes are meaningless on a screen and are ignored (the protocol's defaults)."""

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def caption(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def chime(self) -> None:
        """The terminal bell, and the chime as a caption (a pipe or a screen reader gets the word)."""
        print("\a(chime)", file=self.out, flush=True)


class TextListener:
    """Reads one reply per line; an empty line is silence, end of input ends the session."""

    def __init__(self, stream: TextIO | None = None, out: TextIO | None = None) -> None:
        self.stream = stream or sys.stdin
        self.out = out or sys.stdout
        self.interactive = bool(getattr(self.stream, "isatty", lambda: False)())
        self._lines: queue.Queue[str] | None = None  # lines read by a thread, once a timed wait has begun

    def listen(self, request: ListenRequest) -> Heard:
        if self.interactive:
            print("> ", end="", file=self.out, flush=True)
        if request.wait_at_most is not None or self._lines is not None:
            line = self._timed_line(request.wait_at_most)
            if line is None:
                return Heard(text="", silent=True)  # the timed wait ran out: silence, as in voice mode
        else:
            line = self._read_line()
        if line == "":
            raise EndOfInput()
        text = _LONE_SURROGATES.sub("\ufffd", line.rstrip("\r\n")[:MAX_LINE]).strip()
        return Heard(text=text, silent=not text)  # an empty line is a typed silence

    def _read_line(self) -> str:
        try:
            return self.stream.readline()
        except (OSError, UnicodeDecodeError):
            raise EndOfInput() from None

    def _timed_line(self, seconds: float | None) -> str | None:
        """A line, or None when `seconds` pass first. From the first timed wait on, one reader thread reads the
        stream (a line typed during a break must neither be lost nor read twice), and every turn takes from it."""
        if self._lines is None:
            self._lines = queue.Queue()
            threading.Thread(target=self._pump, daemon=True).start()
        try:
            line = self._lines.get(timeout=seconds) if seconds is not None else self._lines.get()
        except queue.Empty:
            return None
        if line == "":
            self._lines.put("")  # the end of input stays the end for every later turn
        return line

    def _pump(self) -> None:
        assert self._lines is not None
        while True:
            try:
                line = self.stream.readline()
            except (OSError, UnicodeDecodeError, ValueError):
                line = ""
            self._lines.put(line)
            if line == "":
                return
