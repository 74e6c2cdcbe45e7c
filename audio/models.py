"""Finding, installing, verifying, downloading and removing Vosk speech models.

A missing or half-copied model is the most common reason voice mode cannot start, so every failure here names
the file or place at fault and the command that fixes it. Installs go through a hidden staging folder inside the
models folder and appear with one rename, so an interrupted install or download never leaves a half model that
would later crash the recognizer. Directories are passed in by the caller; this package knows no app settings.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from audio.archives import ArchiveLimits, download_file, extract_archive
from audio.errors import ArchiveError, ModelError

MANIFEST_PATH = Path(__file__).with_name("model_manifest.json")
DEFAULT_MODEL = "vosk-model-small-en-us-0.15"
DEFAULT_URL_BASE = "https://alphacephei.com/vosk/models"
REQUIRED_FILES = ("am/final.mdl", "conf/mfcc.conf", "conf/model.conf")
TEMP_PREFIXES = (".partial-", ".removing-")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,127}")
FIX_HINT = "Run `mend model download` or `mend model install PATH`; or use `mend session --text`"



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
    raise ModelError(f"no speech model found (looked in: {', '.join(looked)})", hint=FIX_HINT)


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


# --- staging, install, download, remove -------------------------------------------------------------------------

def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_temps(models_dir: Path) -> list[Path]:
    """Remove staging folders left by installs, downloads or removals whose process has died."""
    removed = []
    for entry in Path(models_dir).iterdir() if Path(models_dir).is_dir() else ():
        if not entry.name.startswith(TEMP_PREFIXES):
            continue
        pid_text = entry.name.split("-")[1] if entry.name.count("-") >= 2 else ""
        if pid_text.isdigit() and _pid_alive(int(pid_text)):
            continue
        shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)
        removed.append(entry)
    return removed


def _prepare(models_dir: Path) -> Path:
    models_dir = Path(models_dir)
    models_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(models_dir, 0o700)
    clean_stale_temps(models_dir)
    return models_dir


def _staging(models_dir: Path, prefix: str = ".partial-") -> Path:
    path = models_dir / f"{prefix}{os.getpid()}-{secrets.token_hex(4)}"
    path.mkdir(mode=0o700)
    return path


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name or "") or ".." in name:
        raise ModelError(f"{name!r} is not a valid model name",
                         hint="Use letters, digits, dots, dashes and underscores, e.g. vosk-model-small-en-us-0.15.")
    return name


def find_model_root(tree: Path, label: str) -> Path:
    """The folder inside `tree` holding am/ and conf/; a complete one wins over decoys or partial copies."""
    found = []
    for dirpath, dirnames, _ in os.walk(tree):
        dirnames.sort()
        if "am" in dirnames and "conf" in dirnames:
            found.append(Path(dirpath))
    found.sort(key=lambda p: (len(p.parts), str(p)))
    for candidate in found:
        if not check_model_files(candidate):
            return candidate
    if found:
        problems = check_model_files(found[0])
        raise ModelError(f"the model inside {label} is incomplete: {'; '.join(problems)}",
                         hint="Get a complete copy of the model and install it again.")
    raise ArchiveError(f"no Vosk model inside {label} (expected a folder with am/ and conf/)")


def _lock_down(root: Path) -> None:
    for dirpath, _, filenames in os.walk(root):
        os.chmod(dirpath, 0o700)
        for name in filenames:
            os.chmod(os.path.join(dirpath, name), 0o600)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _place(root: Path, models_dir: Path, name: str, manifest: dict | None, check_sums: bool,
           replace: bool, label: str) -> Path:
    """Verify the staged model, then make it appear under its name with a single rename."""
    report = verify_model(root, manifest) if check_sums else VerifyReport(root, problems=check_model_files(root))
    if not report.ok:
        details = "; ".join(report.problems + [f"missing {m}" for m in report.missing]
                            + [f"altered {a}" for a in report.altered])
        raise ModelError(f"the model in {label} failed verification: {details}",
                         hint="Get a fresh copy of the model; a damaged or modified model gives wrong results "
                              "(`mend model install --no-checksums PATH` installs a deliberately changed copy).")
    _lock_down(root)
    target = models_dir / name
    old = None
    if target.exists() or target.is_symlink():
        if not replace:
            raise ModelError(f"a model named {name} is already installed in {models_dir}",
                             hint=f"Remove it first with `mend model remove {name} --yes`, or pick another name.")
        old = models_dir / f".removing-{os.getpid()}-{secrets.token_hex(4)}"
        os.rename(target, old)
    try:
        os.rename(root, target)
    except OSError:
        if old is not None:
            os.rename(old, target)
        raise
    _fsync_dir(models_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return target


def _archive_name(source: Path) -> str:
    name = source.name
    for suffix in (".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".tbz2", ".txz", ".tar", ".zip", ".aar", ".jar"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return source.stem


def install_model(source: Path, models_dir: Path, name: str | None = None, *, manifest: dict | None = None,
                  limits: ArchiveLimits | None = None, check_sums: bool = True, replace: bool = False,
                  on_entry: Callable[[str], None] | None = None) -> Path:
    """Install a model folder or archive (zip, AAR, tar.gz/tgz) into `models_dir`; returns the new folder."""
    source = Path(source).expanduser()
    if name is not None:
        check_name(name)
    if not source.exists():
        raise ModelError(f"{source} does not exist", hint="Give the path of a Vosk model folder or archive.")
    models_dir = _prepare(models_dir)
    staging = _staging(models_dir)
    try:
        if source.is_dir():
            found = find_model_root(source, str(source))
            root = Path(shutil.copytree(found, staging / "model"))
            default = found.name
        else:
            unpacked = staging / "unpacked"
            unpacked.mkdir(mode=0o700)
            extract_archive(source, unpacked, limits, on_entry)
            root = find_model_root(unpacked, source.name)
            default = root.name if root != unpacked else _archive_name(source)
        return _place(root, models_dir, name or check_name(default), manifest, check_sums, replace, str(source))
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def download_model(name: str | None, models_dir: Path, base_url: str | None = None,
                   progress: Callable[[int, int | None], None] | None = None, *, manifest: dict | None = None,
                   limits: ArchiveLimits | None = None, timeout: float = 30.0, replace: bool = False) -> Path:
    """Download `<base_url>/<name>.zip`, then install and verify it; the only networked code in mend."""
    manifest = load_manifest() if manifest is None else manifest
    name = check_name(name or manifest.get("default", DEFAULT_MODEL))
    limits = limits or ArchiveLimits()
    base = base_url or os.environ.get("MEND_MODEL_URL_BASE") or manifest.get("url_base", DEFAULT_URL_BASE)
    url = f"{base.rstrip('/')}/{urllib.parse.quote(name)}.zip"
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ModelError(f"cannot download from {url}: only http and https addresses are used",
                         hint="Set MEND_MODEL_URL_BASE to an http(s) address, or use `mend model install PATH`.")
    models_dir = _prepare(models_dir)
    if (models_dir / name).exists() and not replace:
        raise ModelError(f"a model named {name} is already installed in {models_dir}",
                         hint=f"Check it with `mend model verify`, or remove it with `mend model remove {name} --yes`.")
    staging = _staging(models_dir)
    try:
        archive = staging / f"{name}.zip"
        download_file(url, archive, progress, limits.max_total_bytes, timeout)
        expected = manifest.get("models", {}).get(name, {}).get("archive_sha256")
        if expected and sha256_file(archive) != expected:
            raise ModelError(f"the download of {name} does not match its known checksum",
                             hint="Run `mend model download` again; if it repeats, the server copy has changed.")
        unpacked = staging / "unpacked"
        unpacked.mkdir(mode=0o700)
        extract_archive(archive, unpacked, limits)
        root = find_model_root(unpacked, f"{name}.zip")
        return _place(root, models_dir, name, manifest, True, replace, url)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def remove_model(name_or_path: str | Path, models_dir: Path) -> Path:
    """Delete one model from mend's models folder (never anything outside it); returns the removed path."""
    models_dir = Path(models_dir)
    given = Path(name_or_path).expanduser()
    target = given if given.is_absolute() or len(given.parts) > 1 else models_dir / given
    if not target.exists():
        names = ", ".join(p.name for p in installed_models(models_dir)) or "none"
        raise ModelError(f"no model {name_or_path} in {models_dir}", hint=f"Installed models: {names}.")
    if Path(os.path.abspath(target)).parent.resolve() != models_dir.resolve() or target.name.startswith("."):
        raise ModelError(f"{target} is not in mend's models folder {models_dir}; mend only removes its own models",
                         hint="Delete that folder yourself if you no longer need it.")
    _prepare(models_dir)
    trash = models_dir / f".removing-{os.getpid()}-{secrets.token_hex(4)}"
    os.rename(target, trash)
    trash.unlink() if trash.is_symlink() else shutil.rmtree(trash, ignore_errors=True)
    return target
