"""Shared plumbing for the benchmarks: the figure record, statistics, paths, the test model and a private sound server.

Every benchmark module exposes `run(quick: bool) -> list[Figure]`; `run_all.py` runs each module in its own
process (so a pyttsx3 engine, a loaded model or a crash in one benchmark cannot colour the next) and prints one
table. Both sides of every ratio are measured in the same run, interleaved, because this machine is shared and
its speed drifts from minute to minute.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

RATE = 16000
DEFAULT_MODEL = str(Path.home() / ".cache" / "mend-test" / "en-dither0")  # where scripts/fetch-test-model.sh puts it


@dataclass
class Figure:
    """One line of the results table."""

    key: str  # short id, e.g. "1a"
    name: str
    value: float | None
    unit: str
    target: str  # human-readable target, "" for figures reported for context
    passed: bool | None  # None: context only, no target
    detail: str = ""

    def shown_value(self) -> str:
        if self.value is None:
            return "n/a"
        if self.unit == "ms":
            return f"{self.value:.1f} ms"
        if self.unit == "s":
            return f"{self.value:.3f} s"
        if self.unit == "%":
            return f"{self.value:.1f} %"
        if self.unit == "MB":
            return f"{self.value:.1f} MB"
        if self.unit == "x":
            return f"{self.value:.2f}x"
        if self.unit == "count":
            return f"{self.value:.0f}"
        return f"{self.value:.3g} {self.unit}".strip()


def median(values) -> float | None:
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def percentile(values, q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..100), as numpy's default."""
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    pos = (len(values) - 1) * q / 100.0
    low, high = math.floor(pos), math.ceil(pos)
    return values[low] + (values[high] - values[low]) * (pos - low)


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000.0


def model_path() -> Path:
    path = Path(os.environ.get("MEND_TEST_MODEL") or DEFAULT_MODEL)
    if not (path / "conf").exists() and not (path / "am").exists():
        raise SystemExit(f"no Vosk model at {path}; set MEND_TEST_MODEL")
    return path


def fresh_home(prefix: str = "mend-bench-") -> Path:
    """A new MEND_HOME, as a first run sees it."""
    return Path(tempfile.mkdtemp(prefix=prefix))


def use_home(home: Path) -> None:
    os.environ["MEND_HOME"] = str(home)


def vm_hwm_mb(pid: int) -> float | None:
    """Peak resident memory (VmHWM) of a live process, in MB (1 MB = 2**20 bytes)."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def vm_rss_mb(pid: int | None = None) -> float:
    with open(f"/proc/{pid or os.getpid()}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def python() -> str:
    return sys.executable


def child_env(**extra: str) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.update(extra)
    return env


class PrivateSoundServer:
    """A PulseAudio server of our own with the same virtual sink as the test server, so sound other processes play
    on the shared server cannot land in what a benchmark records. Started with Popen, ended by its pid."""

    def __init__(self) -> None:
        from tests.support.audio import PrivatePulse

        self.directory = Path(tempfile.mkdtemp(prefix="mend-bench-pulse-"))
        self.pulse = PrivatePulse(self.directory)
        subprocess.run(["pactl", "set-default-sink", "vsink"], env=self.pulse.env, capture_output=True)
        self.pulse.keep_running()
        self.server = self.pulse.server
        time.sleep(0.2)

    def activate(self) -> None:
        """Point this process (before sounddevice is imported) and its children at the private server."""
        os.environ["PULSE_SERVER"] = self.server

    def close(self) -> None:
        self.pulse.kill()


def main_for(run) -> None:
    """`python -m benchmarks.<module> [--quick] [--json PATH]`: run one benchmark and print or save its figures."""
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    figures = run(args.quick)
    data = [asdict(f) for f in figures]
    if args.json:
        args.json.write_text(json.dumps(data, indent=2))
    for figure in figures:
        status = "" if figure.passed is None else ("pass" if figure.passed else "MISS")
        print(f"{figure.key:4} {figure.name:60} {figure.shown_value():>12}  {figure.target:22} {status}")
        if figure.detail:
            print(f"     {figure.detail}")
