"""Which speech model a session would use, and why: the search order, and a status report of what is installed.

A model can come from several places (--model, MEND_MODEL, VOSK_MODEL_PATH, mend's models folder, Vosk's own
folders), and the person needs to know which one is in use and where it came from. VOSK_MODEL_PATH means what it
means to Vosk, a folder holding models, though the model folder itself is accepted too. A model named explicitly
must be complete or it is an error; among the folders searched, an incomplete model is passed over for a complete
one, but when none is complete the first broken one is named with its fix rather than a vague "no model".
Directories are passed in by the caller; this package knows no app settings.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from mend.audio.errors import ModelError
from mend.audio.model_verify import check_model_files, identify_model, load_manifest

DEFAULT_MODEL = "vosk-model-small-en-us-0.15"
class NoModelError(ModelError):
    """No model anywhere mend looks (as opposed to a model that is there but broken)."""


FIX_HINT = "Run `mend model download` or `mend model install PATH`; or use `mend session --text`"


@dataclass
class ModelStatus:
    """Which model a session would use and why, plus what is installed in mend's models folder."""

    models_dir: Path
    path: Path | None
    source: str | None
    known_as: str | None
    installed: list[str]
    error: ModelError | None = None

    def lines(self) -> list[str]:
        out = [f"models folder: {self.models_dir}"]
        out.append("installed: " + (", ".join(self.installed) if self.installed else "none"))
        if self.path is not None:
            known = f" (known model {self.known_as})" if self.known_as else ""
            out.append(f"in use: {self.path} (from {self.source}){known}")
        elif self.error is not None:
            out.append(f"in use: none: {self.error.message}")
        return out


def _incomplete_error(path: Path, problems: list[str], models_dir: Path | None) -> ModelError:
    if models_dir is not None and Path(path).parent == Path(models_dir):
        hint = (f"Reinstall it: `mend model remove {Path(path).name} --yes`, then `mend model download` "
                "or `mend model install PATH`")
    else:
        hint = f"Point at a complete Vosk model folder, or {FIX_HINT[0].lower()}{FIX_HINT[1:]}"
    return ModelError(f"speech model at {path} is incomplete: {'; '.join(problems)}", hint=hint)


def default_vosk_dirs() -> tuple[Path, Path]:
    """Where Vosk itself keeps models: its download cache, then the system-wide folder."""
    return Path.home() / ".cache" / "vosk", Path("/usr/share/vosk")


def _candidates(data_dir: Path, vosk_dirs) -> list[tuple[Path, str]]:
    """(folder, where) in search order; folders found by listing come after the named default."""
    models_dir = Path(data_dir) / "models"
    found = [(models_dir / DEFAULT_MODEL, "mend models folder")]
    found += [(p, "mend models folder") for p in installed_models(models_dir) if p.name != DEFAULT_MODEL]
    for base in vosk_dirs:
        base = Path(base)
        if base.is_dir():
            found += [(p, f"Vosk folder {base}") for p in sorted(base.iterdir())
                      if p.is_dir() and not p.name.startswith(".") and (p / "am").is_dir()]
    return found


def _model_in_folder(path: Path) -> Path:
    """VOSK_MODEL_PATH names a folder that holds models (as for Vosk itself), or one model folder: the model
    itself, else the default model inside, else the first complete one, else the first there (to be named)."""
    if (path / "am").is_dir() or (path / "conf").is_dir() or not path.is_dir():
        return path
    inside = [p for p in sorted(path.iterdir()) if p.is_dir() and not p.name.startswith(".") and (p / "am").is_dir()]
    inside.sort(key=lambda p: p.name != DEFAULT_MODEL)
    for candidate in inside:
        if not check_model_files(candidate):
            return candidate
    if inside:
        return inside[0]
    raise ModelError(f"VOSK_MODEL_PATH {path} holds no Vosk model (expected a model folder, or a folder of them)",
                     hint="Point VOSK_MODEL_PATH at the folder holding your models, or unset it.")


def _locate(explicit, data_dir: Path, env: Mapping[str, str] | None, vosk_dirs) -> tuple[Path, str]:
    env = os.environ if env is None else env
    vosk_dirs = default_vosk_dirs() if vosk_dirs is None else vosk_dirs
    models_dir = Path(data_dir) / "models"
    for value, where in ((explicit, "--model"), (env.get("MEND_MODEL"), "MEND_MODEL"),
                         (env.get("VOSK_MODEL_PATH"), "VOSK_MODEL_PATH")):
        if value:
            path = Path(value).expanduser()
            if not path.exists():
                raise ModelError(f"speech model {path} (from {where}) does not exist", hint=FIX_HINT)
            if where == "VOSK_MODEL_PATH":
                path = _model_in_folder(path)
            problems = check_model_files(path)
            if problems:
                raise _incomplete_error(path, problems, models_dir)
            return path, where
    first_broken: tuple[Path, list[str]] | None = None
    for path, where in _candidates(data_dir, vosk_dirs):
        if not path.exists():
            continue
        problems = check_model_files(path)
        if not problems:
            return path, where
        first_broken = first_broken or (path, problems)
    if first_broken:
        raise _incomplete_error(first_broken[0], first_broken[1], models_dir)
    looked = ["--model", "MEND_MODEL", "VOSK_MODEL_PATH", str(models_dir)] + [str(d) for d in vosk_dirs]
    raise NoModelError(f"no speech model found (looked in: {', '.join(looked)})", hint=FIX_HINT)


def find_model(explicit: str | Path | None, data_dir: Path, *, env: Mapping[str, str] | None = None,
               vosk_dirs=None) -> Path:
    """The model folder a session should load: --model, MEND_MODEL, VOSK_MODEL_PATH, mend's folder, Vosk's."""
    return _locate(explicit, data_dir, env, vosk_dirs)[0]


def installed_models(models_dir: Path) -> list[Path]:
    """Model folders in mend's models folder (hidden staging folders are not models)."""
    models_dir = Path(models_dir)
    if not models_dir.is_dir():
        return []
    return sorted(p for p in models_dir.iterdir() if p.is_dir() and not p.name.startswith("."))


def model_status(explicit: str | Path | None, data_dir: Path, *, env: Mapping[str, str] | None = None,
                 vosk_dirs=None, manifest: dict | None = None) -> ModelStatus:
    models_dir = Path(data_dir) / "models"
    installed = [p.name for p in installed_models(models_dir)]
    try:
        path, source = _locate(explicit, data_dir, env, vosk_dirs)
    except ModelError as exc:
        return ModelStatus(models_dir, None, None, None, installed, exc)
    known, _ = identify_model(path, load_manifest() if manifest is None else manifest)
    return ModelStatus(models_dir, path, source, known, installed)
