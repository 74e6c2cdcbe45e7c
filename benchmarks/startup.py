"""Benchmark 3: startup, from launching `mend session` to the first audible sample of its greeting.

Live mode through a private PulseAudio server: the benchmark records `vsink.monitor` on the monotonic clock,
launches `python -m mend.assistant.cli session` as a fresh process (the model is not loaded yet; it loads in the
background while mend speaks) and finds the first sample louder than the onset level after the launch. The child
is ended (by its pid) once the greeting has started.

- first run: a fresh MEND_HOME, so mend first speaks its not-therapy notice and has no speech cache yet;
  reported: launch -> first sound (the notice) and launch -> greeting.
- later runs: the same MEND_HOME after a first run (notice already shown, speech cache filled).
- sequential: a process that loads the model and warms a recognizer first, then greets (startup_sequential.py),
  interleaved with the later runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    REPO, Figure, PrivateSoundServer, child_env, fresh_home, median, model_path, ms, python,
)
from benchmarks.response import ONSET_LEVEL, _onset, _wait_quiet  # noqa: E402


def _events(path: Path) -> list[dict]:
    if not path.exists():
        return []
    out = []
    for line in path.read_text().splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            pass
    return out


def _launch(recorder, args: list[str], home: Path, greeting: str | None, server: str, timeout: float = 30.0):
    """Launch, wait for the greeting to be audible, end the child. Returns (t_launch, first_onset, greeting_onset)."""
    events = home / f"events-{time.monotonic_ns()}.jsonl"
    env = child_env(MEND_HOME=str(home), MEND_MODEL=str(model_path()), PULSE_SERVER=server, MEND_EVENTS=str(events))
    t_launch = time.monotonic()
    child = subprocess.Popen(args, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    greeting_at = None
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and child.poll() is None:
            if greeting is None:
                greeting_at = t_launch
            else:
                for event in _events(events):
                    if event["event"] == "speak" and event.get("text") == greeting:
                        greeting_at = event["t"]
            if greeting_at is not None and _heard_after(recorder, greeting_at):
                break
            time.sleep(0.02)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=10)
    return t_launch, greeting_at


def _heard_after(recorder, t: float) -> bool:
    import numpy as np

    with recorder._lock:
        received = recorder._received
    start = recorder.start_time
    index = int((t - start) * 16000)
    if received <= index:
        return False
    samples = recorder.samples()
    return bool(np.any(np.abs(samples[max(0, index):]) > ONSET_LEVEL))


def run(quick: bool) -> list[Figure]:
    server = PrivateSoundServer()
    server.activate()
    try:
        return _measure(quick, server.server)
    finally:
        server.close()


def _measure(quick: bool, server: str) -> list[Figure]:
    from mend.assistant.lines import load_lines  # noqa: F401  (the notice a first run says first is one of its lines)
    from mend.flows import builtin_flow
    from tests.support.audio import MonitorRecorder

    rounds = 3 if quick else 7
    greeting = builtin_flow("repair").steps["welcome"].prompts[0]
    session = [python(), "-m", "mend.assistant.cli", "session", "--no-pauses", "--save", "never"]
    sequential = [python(), "-m", "benchmarks.startup_sequential", str(model_path())]
    marks: dict[str, list[tuple[float, float | None]]] = {"first": [], "first_greeting": [], "later": [],
                                                          "sequential": []}
    with MonitorRecorder() as recorder:
        time.sleep(0.3)
        homes = []
        for _ in range(rounds):
            home = fresh_home()
            homes.append(home)
            _wait_quiet(recorder)
            t_launch, greeting_at = _launch(recorder, session, home, greeting, server)
            marks["first"].append((t_launch, t_launch))
            marks["first_greeting"].append((t_launch, greeting_at))
            (home / "notice-shown").touch(mode=0o600)  # what a completed first session leaves behind
        for index in range(rounds):
            _wait_quiet(recorder)
            t_launch, _ = _launch(recorder, session, homes[index], greeting, server)
            marks["later"].append((t_launch, t_launch))
            _wait_quiet(recorder)
            t_launch, _ = _launch(recorder, sequential, homes[index], None, server)
            marks["sequential"].append((t_launch, t_launch))
        _wait_quiet(recorder)
    samples = recorder.samples()
    start = recorder.start_time

    def startup(pair) -> float | None:
        t_launch, t_from = pair
        if t_from is None:
            return None
        index = _onset(samples, int(round((t_from - start) * 16000)))
        return None if index is None else start + index / 16000 - t_launch

    values = {kind: [startup(p) for p in pairs] for kind, pairs in marks.items()}
    later, seq = median(values["later"]), median(values["sequential"])
    return [
        Figure("3a", "startup, later runs: launch -> greeting audible, median", ms(later), "ms", "<= 1000 ms",
               later is not None and later <= 1.0, f"all: {_list(values['later'])}"),
        Figure("3b", "startup, first run: launch -> first sound (notice), median", ms(median(values["first"])),
               "ms", "<= 1000 ms", median(values["first"]) is not None and median(values["first"]) <= 1.0,
               f"all: {_list(values['first'])}; greeting after the notice at "
               f"{_list(values['first_greeting'])} ms"),
        Figure("3c", "sequential: load model + warm, then greet, median", ms(seq), "ms", "", None,
               f"all: {_list(values['sequential'])}; mend/sequential = "
               f"{later / seq if later and seq else float('nan'):.2f}"),
    ]


def _list(values) -> str:
    return ", ".join("n/a" if v is None else f"{v * 1000:.0f}" for v in values)


if __name__ == "__main__":
    from benchmarks.common import main_for

    main_for(run)
