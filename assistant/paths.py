"""Where mend keeps its files, and how they are kept private.

A journal of conflicts with people close to you is sensitive, so every directory mend creates is 0700 and every
file 0600 whatever the umask says, and a directory or file found wider than that is tightened. `MEND_HOME`
points both data and config at one directory (tests and portable installs use it).

These helpers raise `OSError`; callers turn it into their own typed error, because only they know what the
person was trying to do.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

import platformdirs

APP_NAME = "mend"
HOME_ENV = "MEND_HOME"
DIR_MODE = 0o700
FILE_MODE = 0o600


def _home_override() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """Journal and models live here (not created by this call)."""
    return _home_override() or Path(platformdirs.user_data_dir(APP_NAME))


def config_dir() -> Path:
    """config.toml and the user's crisis resources live here (not created by this call)."""
    return _home_override() or Path(platformdirs.user_config_dir(APP_NAME))


def journal_path() -> Path:
    return data_dir() / "journal.sqlite3"


def _tighten(path: Path, mode: int) -> None:
    """Remove group/other bits; never add permissions the owner took away (a read-only dir stays read-only)."""
    current = stat.S_IMODE(path.stat().st_mode)
    if current & 0o077:
        os.chmod(path, current & mode)


def _make_dirs_private(path: Path) -> None:
    """Create `path` and its missing parents as 0700; directories that already exist are left as they are."""
    missing: list[Path] = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    for created in missing:
        os.chmod(created, DIR_MODE)  # mkdir's mode is filtered by the umask; chmod is not


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) as 0700, or tighten an existing directory that others can read."""
    path = Path(path)
    _make_dirs_private(path)
    if not path.is_dir():
        raise NotADirectoryError(f"{path} is not a directory")
    _tighten(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty as 0600 if missing, or tighten an existing file; its directory is made private too."""
    path = Path(path)
    ensure_private_dir(path.parent)
    fd = os.open(path, os.O_RDONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    try:
        if stat.S_IMODE(os.fstat(fd).st_mode) != FILE_MODE:
            os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return path


def tighten_file(path: Path) -> None:
    """Make an existing file 0600; a missing one is fine (SQLite's -wal/-shm come and go)."""
    try:
        if stat.S_IMODE(os.stat(path).st_mode) != FILE_MODE:
            os.chmod(path, FILE_MODE)
    except FileNotFoundError:
        pass


def write_private_text(path: Path, text: str | bytes) -> Path:
    """Write text to a file that is 0600 from its first byte, atomically: a crash leaves the old file or the new
    one, never half of it (summaries and journal exports go through here).

    A Ctrl-C can land between any two lines, so the temporary name is chosen before anything exists on disk
    (the cleanup always knows what to remove) and the descriptor has a single place that closes it (closing it
    twice once turned an interrupt into "Bad file descriptor"). Bytes (a PNG chart) are written as they are."""
    path = Path(path)
    if path.parent != Path(""):
        _make_dirs_private(path.parent)  # folders it creates are private; the person's existing ones are untouched
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
        try:
            os.fchmod(fd, FILE_MODE)  # the umask may have narrowed the mode given to open; never widened it
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
