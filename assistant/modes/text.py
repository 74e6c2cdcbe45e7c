"""Text mode: the same listener and speaker roles as voice mode, over a terminal or a pipe.

Prompts go to stdout, one reply per line comes from stdin. Output is plain text (no colour codes, no spinners) so
it works with screen readers and when piped.
"""

from __future__ import annotations

import re
import sys
from typing import TextIO

from audio.turns import EndOfInput, Heard, ListenRequest, Speaker

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


class TextListener:
    """Reads one reply per line; an empty line is silence, end of input ends the session."""

    def __init__(self, stream: TextIO | None = None, out: TextIO | None = None) -> None:
        self.stream = stream or sys.stdin
        self.out = out or sys.stdout
        self.interactive = bool(getattr(self.stream, "isatty", lambda: False)())

    def listen(self, request: ListenRequest) -> Heard:
        if self.interactive:
            print("> ", end="", file=self.out, flush=True)
        try:
            line = self.stream.readline()
        except (OSError, UnicodeDecodeError, KeyboardInterrupt) as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            raise EndOfInput() from None
        if line == "":
            raise EndOfInput()
        text = _LONE_SURROGATES.sub("\ufffd", line.rstrip("\r\n")[:MAX_LINE]).strip()
        return Heard(text=text, silent=not text)  # an empty line is a typed silence
