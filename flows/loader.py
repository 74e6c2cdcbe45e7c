"""Reading flow files from disk into validated `Flow` objects.

Flow files are edited by hand, possibly by people who do not read Python tracebacks, so every failure here becomes
a FlowError that names the file, the step and the field (pydantic's error locations are translated), with a hint.
Files over 1 MB are refused before parsing: no real flow is that large, and parsing one is wasted work.
"""

from __future__ import annotations

import difflib
import functools
from pathlib import Path
from typing import Any, Optional

from pydantic import BaseModel, ValidationError

from mend.flows.errors import FlowError
from mend.flows.model import BreathPattern, Condition, Flow, Lead, Option, Route, Step
from mend.flows.validate import validate_flow

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

MAX_FLOW_BYTES = 1024 * 1024
BUILTIN_DIR = Path(__file__).resolve().parent / "builtin"
UNION_TAGS = frozenset({"bool", "int", "str", "none", "float"})
FRIENDLY = {
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "float_type": "must be a number",
    "bool_type": "must be true or false",
    "list_type": "must be a list",
    "tuple_type": "must be a list",
    "dict_type": "must be a table",
    "model_type": "must be a table",
    "missing": "is required but missing",
}
# Which model describes the table at a location, so an unknown key can be answered with "did you mean ...?".
NESTED = {"options": Option, "leads": Lead, "next": Route, "breathing": BreathPattern}


def _field_path(parts: tuple[Any, ...]) -> Optional[str]:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text or None


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel]:
    """The model whose table holds the last key of loc."""
    parent = loc[:-1]
    if not parent:
        return Flow
    if parent[0] == "conditions" and len(parent) == 2:
        return Condition
    if parent[0] == "steps" and len(parent) >= 2:
        model: type[BaseModel] = Step
        for part in parent[2:]:
            if isinstance(part, str):
                model = NESTED.get(part, model)
        return model
    return Flow


def _unknown_key(loc: tuple[Any, ...]) -> tuple[str, str]:
    key = str(loc[-1])
    allowed = [name for name in _model_at(loc).model_fields if name not in ("id", "source")]
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    message = f"unknown key '{key}'" + (f"; did you mean '{close[0]}'?" if close else "")
    return message, f"Allowed keys here: {', '.join(allowed)}."


def _translate(error: ValidationError, source: Path) -> FlowError:
    """The first pydantic error as a FlowError pointing at the step and field in the author's terms."""
    first = error.errors()[0]
    loc = tuple(first["loc"])
    kind = first["type"]
    if loc and isinstance(loc[-1], str) and loc[-1] in UNION_TAGS and len(loc) > 1:
        loc = loc[:-1]
        message = "must be text, a whole number or true/false"
    elif kind == "extra_forbidden":
        message, hint = _unknown_key(loc)
        step, field = _split(loc)
        return FlowError(message, file=source, step=step, field=field, hint=hint)
    else:
        message = FRIENDLY.get(kind) or first["msg"][:1].lower() + first["msg"][1:]
        if kind not in ("missing",) and "input" in first:
            shown = repr(first["input"])
            message += f" (got {shown[:40] + '...' if len(shown) > 40 else shown})"
    step, field = _split(loc)
    return FlowError(message, file=source, step=step, field=field)


def _split(loc: tuple[Any, ...]) -> tuple[Optional[str], Optional[str]]:
    if len(loc) >= 2 and loc[0] == "steps":
        return str(loc[1]), _field_path(loc[2:])
    return None, _field_path(loc)


def parse_flow(text: str, source: Path) -> Flow:
    """A validated Flow from TOML text; `source` is the file named in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FlowError(f"not valid TOML: {exc}", file=source, hint="Fix the TOML syntax near that line.") from None
    if "source" in data:
        raise FlowError("unknown key 'source'", file=source, field="source", hint="Remove it; mend fills it in.")
    steps = data.get("steps")
    if isinstance(steps, dict):
        for key, body in steps.items():
            if isinstance(body, dict) and "id" in body:
                raise FlowError(
                    "unknown key 'id'", file=source, step=key, field="id", hint="Leave it out; the table key is the id."
                )
    try:
        flow = Flow.model_validate({**data, "source": source})
    except ValidationError as exc:
        raise _translate(exc, source) from None
    validate_flow(flow)
    return flow


def load_flow(path: Path | str) -> Flow:
    """Read, parse and validate one flow file; any problem is a FlowError naming file, step and field."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise FlowError("is a directory, not a flow file", file=path, hint="Give the path of a .toml file.")
        if size > MAX_FLOW_BYTES:
            raise FlowError(
                f"file is too large ({size} bytes; the limit is {MAX_FLOW_BYTES})",
                file=path,
                hint="A flow file is a few kilobytes; check you chose the right file.",
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_FLOW_BYTES + 1)
    except FileNotFoundError:
        raise FlowError("file not found", file=path, hint="Check the path, or use a built-in flow name.") from None
    except OSError as exc:
        raise FlowError(f"cannot read the file ({exc.strerror})", file=path, hint="Check its permissions.") from None
    if len(raw) > MAX_FLOW_BYTES:
        raise FlowError(f"file is too large (the limit is {MAX_FLOW_BYTES} bytes)", file=path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FlowError(
            f"not UTF-8 text (bad byte at offset {exc.start})", file=path, hint="Save the file as UTF-8."
        ) from None
    return parse_flow(text, path)


def builtin_flow_names() -> list[str]:
    """Names of the flows shipped with mend, sorted."""
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.toml"))


@functools.lru_cache(maxsize=None)
def _cached_builtin(name: str) -> Flow:
    return load_flow(BUILTIN_DIR / f"{name}.toml")


def builtin_flow(name: str) -> Flow:
    """A fresh copy of a built-in flow; FlowError listing the known names if there is none by that name."""
    names = builtin_flow_names()
    if name not in names:
        close = difflib.get_close_matches(name, names, n=1)
        raise FlowError(
            f"no built-in flow named '{name}'",
            hint=(f"Did you mean '{close[0]}'? " if close else "") + f"Built-in flows: {', '.join(names)}.",
        )
    return _cached_builtin(name).model_copy(deep=True)
