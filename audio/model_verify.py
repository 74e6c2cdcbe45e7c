"""Knowing a model is whole and unaltered: the shipped manifest, file checksums and the layout Vosk needs.

A model that is missing a file, or whose files were changed, gives wrong results, and that would look like mend
mishearing rather than a broken install. So a known model (matched by its uuid file, else its folder
name) is checked file by file against the SHA-256 sums in the manifest, and any model is checked for the files
Vosk cannot start without. Reports name each missing, altered or extra file so the fix is obvious.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from mend.audio.errors import ModelError

MANIFEST_PATH = Path(__file__).with_name("model_manifest.json")
REQUIRED_FILES = ("am/final.mdl", "conf/mfcc.conf", "conf/model.conf")


@dataclass
class VerifyReport:
    """Outcome of checking a model folder: structure always, every file's SHA-256 when the model is known."""

    path: Path
    model: str | None = None  # manifest name, when identified
    identified_by: str | None = None  # "uuid" or "name"
    problems: list[str] = field(default_factory=list)  # structural problems
    missing: list[str] = field(default_factory=list)
    altered: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    checked: int = 0  # files whose checksum was compared

    @property
    def ok(self) -> bool:
        return not (self.problems or self.missing or self.altered)

    def summary(self) -> str:
        if self.model is None:
            basis = "not in the manifest, structure checked only"
        elif self.checked:
            basis = f"{self.model}, {self.checked} file checksums compared"
        else:
            basis = f"{self.model}, no checksums known, expected files checked"
        if self.ok:
            return f"{self.path}: OK ({basis})"
        parts = [f"{len(self.missing)} missing", f"{len(self.altered)} altered"] if self.model else []
        parts += [f"{len(self.problems)} structural problem(s)"] if self.problems else []
        return f"{self.path}: FAILED ({', '.join(parts)}; {basis})"

    def lines(self) -> list[str]:
        out = [self.summary()]
        out += [f"  problem: {p}" for p in self.problems]
        out += [f"  missing: {p}" for p in self.missing]
        out += [f"  altered: {p}" for p in self.altered]
        out += [f"  extra:   {p}" for p in self.extra]
        return out


def load_manifest(path: Path | None = None) -> dict:
    """The shipped list of known models: their uuid, expected files and SHA-256 sums."""
    try:
        return json.loads(Path(path or MANIFEST_PATH).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read the model manifest {path or MANIFEST_PATH}: {exc}",
                         hint="Reinstall mend; the manifest ships with it.") from exc


def check_model_files(path: Path) -> list[str]:
    """Structural problems that would stop Vosk from loading the folder (empty list = loadable layout)."""
    path = Path(path)
    if not path.is_dir():
        return [f"{path} is not a folder"]
    problems = []
    for rel in REQUIRED_FILES:
        target = path / rel
        if not target.is_file():
            problems.append(f"missing {rel}")
        elif target.stat().st_size == 0:
            problems.append(f"empty {rel}")
    graph = path / "graph"
    if not (graph / "HCLG.fst").is_file() and not (graph / "HCLr.fst").is_file():
        problems.append("missing graph/HCLG.fst (or graph/HCLr.fst with graph/Gr.fst)")
    elif (graph / "HCLr.fst").is_file() and not (graph / "Gr.fst").is_file():
        problems.append("missing graph/Gr.fst")
    return problems


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _model_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink())


def manifest_entry_for(root: Path, **info: object) -> dict:
    """A manifest entry (uuid, sizes, SHA-256 sums) for a trusted model folder; used to extend the manifest."""
    root = Path(root)
    uuid_file = root / "uuid"
    entry: dict = dict(info)
    if uuid_file.is_file():
        entry["uuid"] = uuid_file.read_text(encoding="utf-8").strip()
    entry["files"] = {rel: {"size": (root / rel).stat().st_size, "sha256": sha256_file(root / rel)}
                      for rel in _model_files(root)}
    return entry


def identify_model(path: Path, manifest: dict) -> tuple[str | None, str | None]:
    """(manifest name, how) for a model folder: by its uuid file first, else by folder name or alias."""
    models = manifest.get("models", {})
    uuid_file = Path(path) / "uuid"
    if uuid_file.is_file():
        uuid = uuid_file.read_text(encoding="utf-8", errors="replace").strip()
        for name, entry in models.items():
            if entry.get("uuid") == uuid:
                return name, "uuid"
    for name, entry in models.items():
        if Path(path).name == name or Path(path).name in entry.get("aliases", []):
            return name, "name"
    return None, None


def verify_model(path: Path, manifest: dict | None = None) -> VerifyReport:
    """Check structure, and for a known model every file against the manifest (missing, altered, extra)."""
    path = Path(path)
    manifest = load_manifest() if manifest is None else manifest
    report = VerifyReport(path=path, problems=check_model_files(path))
    report.model, report.identified_by = identify_model(path, manifest)
    if report.model is None or not path.is_dir():
        return report
    entry = manifest["models"][report.model]
    sums: dict = entry.get("files", {})
    expected = set(sums) | set(entry.get("expected_files", []))
    present = set(_model_files(path))
    report.missing = sorted(expected - present)
    report.extra = sorted(present - expected) if expected else []
    for rel in sorted(set(sums) & present):
        report.checked += 1
        if (path / rel).stat().st_size != sums[rel]["size"] or sha256_file(path / rel) != sums[rel]["sha256"]:
            report.altered.append(rel)
    return report
