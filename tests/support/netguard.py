"""Run the real `mend` in a subprocess with the network guard loaded, and read what the guard caught.

The guard (`netguard_site/sitecustomize.py`, first on the child's PYTHONPATH) records every AF_INET/AF_INET6
connection attempt and host-name lookup in a log file and refuses it. Every run made through `run_mend` is
guarded, so each hardening test also proves that what it exercised stayed offline. Options a plain run lacks:
a umask for the child, a private TMPDIR (to look for leftovers), and environment overrides.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GUARD_SITE = Path(__file__).resolve().parent / "netguard_site"
LOG_ENV = "MEND_NETGUARD_LOG"


def guarded_env(log: Path, home: Path | None = None, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(GUARD_SITE), env.get("PYTHONPATH")]))
    env[LOG_ENV] = str(log)
    if home is not None:
        env["MEND_HOME"] = str(home)
    env.update(extra or {})
    return env


def run_mend(
    *args: str,
    home: Path,
    log: Path,
    replies: list[str] | None = None,
    stdin_bytes: bytes | None = None,
    umask: int | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess:
    """`python -m mend.assistant.cli ARGS`, replies piped one per line (or raw bytes), under the network guard."""
    stdin = "".join(line + "\n" for line in replies) if replies is not None else ""
    preexec = (lambda: os.umask(umask)) if umask is not None else None
    result = subprocess.run(
        [sys.executable, "-m", "mend.assistant.cli", *args],
        input=stdin.encode("utf-8") if stdin_bytes is None else stdin_bytes, capture_output=True, timeout=timeout,
        cwd=REPO, env=guarded_env(log, home, env), preexec_fn=preexec,
    )
    result.stdout = result.stdout.decode("utf-8", "replace")
    result.stderr = result.stderr.decode("utf-8", "replace")
    return result


def popen_mend(*args: str, home: Path, log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """A guarded `mend` whose stdin stays open until the test closes it (for signals mid-session)."""
    return subprocess.Popen(
        [sys.executable, "-m", "mend.assistant.cli", *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
        cwd=REPO, env=guarded_env(log, home, env),
    )


def network_attempts(log: Path) -> str:
    """What the guard caught (empty when nothing tried to reach the network)."""
    return log.read_text(encoding="utf-8") if log.exists() else ""


def files_containing(root: Path, needle: bytes, skip: tuple[str, ...] = ()) -> list[Path]:
    """Every regular file under `root` whose bytes contain `needle`, except files whose name starts with `skip`."""
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and not path.name.startswith(skip) and needle in path.read_bytes():
            found.append(path)
    return found
