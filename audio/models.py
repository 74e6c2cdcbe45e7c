"""Installing, downloading and removing Vosk speech models.

A missing or half-copied model is the most common reason voice mode cannot start, so every failure here names
the file or place at fault and the command that fixes it. Installs go through a hidden staging folder inside the
models folder and appear with one rename, so an interrupted install or download never leaves a half model that
would later crash the recognizer. Directories are passed in by the caller; this package knows no app settings.
Finding a model lives in audio.model_find and checking one in audio.model_verify (their names stay importable
from here); where downloads come from is audio.model_sources, and fetching them audio.download.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from pathlib import Path
from typing import Callable

from mend.audio.archives import ArchiveLimits, extract_archive
from mend.audio.download import NoProgress, Progress, download_archive, from_first_that_works
from mend.audio.errors import ArchiveError, ModelError
from mend.audio.model_find import (  # noqa: F401  (re-exported: callers import these from audio.models)
    DEFAULT_MODEL, FIX_HINT, ModelStatus, default_vosk_dirs, find_model, installed_models, model_status,
)
from mend.audio.model_verify import (  # noqa: F401  (re-exported: callers import these from audio.models)
    MANIFEST_PATH, REQUIRED_FILES, VerifyReport, check_model_files, identify_model, load_manifest, manifest_entry_for,
    sha256_file, verify_model,
)
from mend.audio.model_sources import ZIP_BASE as DEFAULT_URL_BASE  # noqa: F401  (re-exported)
from mend.audio.model_sources import Source, model_sources

URL_BASE_ENV = "MEND_MODEL_URL_BASE"
TEMP_PREFIXES = (".partial-", ".removing-")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,127}")


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


def _make_private_dirs(path: Path) -> None:
    """Create `path` and its missing parents 0700 whatever the umask (mend's data folder is private)."""
    missing = []
    probe = path
    while not probe.exists() and probe.parent != probe:
        missing.append(probe)
        probe = probe.parent
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    for created in missing:
        os.chmod(created, 0o700)


def _prepare(models_dir: Path) -> Path:
    models_dir = Path(models_dir)
    _make_private_dirs(models_dir)
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


def download_sources(name: str | None, base_url: str | None = None, manifest: dict | None = None,
                     env: dict | None = None) -> list[Source]:
    """Where `name` (default: the manifest's default model) would be downloaded from, in order."""
    manifest = load_manifest() if manifest is None else manifest
    name = check_name(name or manifest.get("default", DEFAULT_MODEL))
    base = base_url or (os.environ if env is None else env).get(URL_BASE_ENV) or None
    return model_sources(name, manifest, base)


def download_model(name: str | None, models_dir: Path, base_url: str | None = None,
                   progress: Progress | None = None, *, manifest: dict | None = None,
                   limits: ArchiveLimits | None = None, timeout: float = 30.0, replace: bool = False,
                   attempts: int = 5, backoff: float = 1.0) -> Path:
    """Download a model (its usual home first, then its official artifact), check, install and verify it.

    The only networked code in mend besides `fetch_model_archive`.
    """
    manifest = load_manifest() if manifest is None else manifest
    sources = download_sources(name, base_url, manifest)
    name = sources[0].model
    limits = limits or ArchiveLimits()
    progress = progress or NoProgress()
    models_dir = _prepare(models_dir)
    if (models_dir / name).exists() and not replace:
        raise ModelError(f"a model named {name} is already installed in {models_dir}",
                         hint=f"Check it with `mend model verify`, or remove it with `mend model remove {name} --yes`.")

    def attempt(source: Source) -> Path:
        staging = _staging(models_dir)
        try:
            archive = download_archive(source, staging, progress, limit=limits.max_total_bytes, timeout=timeout,
                                       attempts=attempts, backoff=backoff)
            unpacked = staging / "unpacked"
            unpacked.mkdir(mode=0o700)
            extract_archive(archive, unpacked, limits)
            root = find_model_root(unpacked, source.filename)
            return _place(root, models_dir, name, manifest, True, replace, source.url)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    return from_first_that_works(sources, progress, attempt)


def fetch_model_archive(name: str | None, dest_dir: Path, base_url: str | None = None,
                        progress: Progress | None = None, *, kind: str | None = None, timeout: float = 30.0,
                        attempts: int = 5, limit: int | None = None) -> Path:
    """Download and check a model's archive without installing it (test set-up keeps the archive itself);
    `kind` ("zip" or "artifact") limits the sources tried. Returns the archive, placed with one rename."""
    sources = [s for s in download_sources(name, base_url) if kind in (None, s.kind)]
    if not sources:
        raise ModelError(f"no {kind} source is known for {name}", hint="See audio/model_manifest.json.")
    dest_dir = Path(dest_dir)
    _make_private_dirs(dest_dir)
    progress = progress or NoProgress()

    def attempt(source: Source) -> Path:
        staging = _staging(dest_dir)
        try:
            archive = download_archive(source, staging, progress, limit=limit or ArchiveLimits().max_total_bytes,
                                       timeout=timeout, attempts=attempts)
            target = dest_dir / source.filename
            os.replace(archive, target)
            return target
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    return from_first_that_works(sources, progress, attempt)


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
