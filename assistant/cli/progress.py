"""How a model download looks: one opening line (which model, from where, how big), then a progress bar.

On a terminal the bar is tqdm's (file name, bytes so far and in all, speed, time left); written to a file or a
pipe it is one plain line per tenth instead, so logs stay readable. Notes (a dropped connection being resumed,
a source that failed and the next one tried) are printed as their own lines.
"""

from __future__ import annotations

from typing import TextIO


def human_size(size: int | None) -> str:
    if size is None:
        return "size unknown"
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    return ""  # not reached


class DownloadProgress:
    """Progress for audio.download: a tqdm bar on a terminal, plain lines otherwise."""

    def __init__(self, stream: TextIO, tty: bool | None = None) -> None:
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.bar = None
        self.total: int | None = None
        self.last_step = -1

    def _line(self, text: str) -> None:
        if self.bar is not None:
            self.bar.write(text, file=self.stream)
        else:
            self.stream.write(text + "\n")
            self.stream.flush()

    def start(self, model: str, url: str, total: int | None, done: int) -> None:
        resumed = f", resuming at {human_size(done)}" if done else ""
        self._line(f"Downloading {model} from {url} ({human_size(total)}{resumed})")
        self.total, self.last_step = total, -1
        if self.tty:
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=done, desc=url.rsplit("/", 1)[-1], unit="B", unit_scale=True,
                            unit_divisor=1000, file=self.stream, leave=True, dynamic_ncols=True, mininterval=0.2)
        else:
            self.update(done)

    def update(self, done: int) -> None:
        if self.bar is not None:
            self.bar.update(done - self.bar.n)
            return
        total = self.total
        step = 10 * done // total if total else done // 10_000_000
        if step != self.last_step:
            self.last_step = step
            text = f"downloaded {100 * done // total}%" if total else f"downloaded {done / 1e6:.0f} MB"
            self.stream.write(text + "\n")
            self.stream.flush()

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def note(self, text: str) -> None:
        self._line(text)
