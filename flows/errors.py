"""Typed errors for flow files.

A flow author edits TOML, not Python, so every error names the file, the step and the field that is wrong;
the CLI prints it as one line with a hint instead of a traceback.
"""

from __future__ import annotations

from pathlib import Path


class FlowError(Exception):
    """A flow file that cannot be used, with where the problem is and what to do."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        step: str | None = None,
        field: str | None = None,
        hint: str = "Fix the flow file, then check it with `mend flows check FILE`.",
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.step = step
        self.field = field
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(Path(self.file).name or self.file)  # "." or "/" have no name: show them as given
        if self.step:
            where.append(f"step '{self.step}'")
        if self.field:
            where.append(f"field '{self.field}'")
        return ": ".join(where + [self.message]) if where else self.message
