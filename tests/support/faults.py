"""Real faults for whole voice sessions: a sound server that dies and comes back, a speech library that is not
there, a model folder that vanishes, a journal that cannot be written, and signals from outside.

Faults are made with the real parts, never with mocks: the PulseAudio daemon is killed by its pid, the espeak-ng
library is hidden with a bind mount inside a private mount namespace (`unshare -m`, so nothing outside the test
process's child sees it), the data directory is a tiny tmpfs. Every run reports what the person would see
(stdout captions, stderr), the exit code, the --summary-json outcome and the MEND_EVENTS timeline.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.audio import PrivatePulse
from tests.support.cli import REPO
from tests.support.voice import mend_env, read_events

CALM_ANSWERS = ["ready", "about a seven", "", "", "three", "", "no"]  # settle, rate, breathe, body, rerate, closing, keep?

# Two questions and a closing: long enough to pause mid-way and carry on, short enough to run live in seconds.
CHECK_FLOW = """\
name = "check"
title = "Two quick numbers"
description = "How stirred up you feel, twice."
minutes = [1, 2]
start = "first"

[steps.first]
expects = "number"
slot = "activation_before"
prompts = ["Let's check in with two quick numbers. There is no right answer, and a rough guess is fine. How stirred up do you feel right now, from zero to ten?"]
reprompt_silence = ["A rough number is fine, zero to ten."]
reprompt_unclear = ["Just a number from zero to ten."]
help = "A number from zero to ten."
next = [{ to = "second" }]

[steps.second]
expects = "number"
slot = "activation_after"
prompts = ["And if you imagine talking to them tomorrow, from zero to ten?"]
reprompt_silence = ["A rough number is fine, zero to ten."]
reprompt_unclear = ["Just a number from zero to ten."]
help = "A number from zero to ten."
next = [{ to = "closing" }]

[steps.closing]
expects = "none"
prompts = ["Thank you. That's all for now."]
reprompt_silence = ["You can close mend now."]
help = "The end of the check."
"""
CHECK_ANSWERS = ["about a seven", "three"]
QUICK_LISTENING = "[listening]\nstatement_timeout = 1.5\n"


@dataclass
class Run:
    code: int
    out: str
    err: str
    outcome: dict
    events: list[dict]
    marks: dict[str, float] = field(default_factory=dict)  # monotonic times of what the harness did

    def count(self, text: str) -> int:
        return self.out.count(text)

    def first(self, kind: str) -> dict | None:
        return next((e for e in self.events if e["event"] == kind), None)

    def heard(self, after: float = 0.0) -> list[str]:
        return [e["text"] for e in self.events if e["event"] == "heard" and e["t"] > after]


def espeak_library() -> Path | None:
    """Where the dynamic linker finds libespeak-ng.so.1 (what pyttsx3 loads), or None."""
    listing = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    for line in listing.splitlines():
        if "libespeak-ng.so.1 " in line and "=>" in line:
            return Path(line.split("=>", 1)[1].strip())
    return None


def can_unshare() -> bool:
    """Private mount namespaces need root (CAP_SYS_ADMIN); tests that hide a library or mount a tmpfs need them."""
    return os.geteuid() == 0 and subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0


def in_mount_namespace(setup: str, argv: list[str]) -> list[str]:
    """argv run in a private mount namespace after the shell commands `setup` (mounts vanish with the process)."""
    return ["unshare", "-m", "sh", "-c", f"set -e; {setup}; exec \"$@\"", "sh", *argv]


def session_argv(summary: Path, *extra: str, wavs: list[Path] | None = None) -> list[str]:
    argv = [sys.executable, "-m", "mend.assistant.cli", "session", "--no-pauses", "--summary-json", str(summary)]
    for wav in wavs or []:
        argv += ["--audio-in", str(wav)]
    return argv + list(extra)


def write_check_flow(directory: Path) -> Path:
    path = directory / "check.toml"
    path.write_text(CHECK_FLOW)
    return path


def quick_config(home: Path) -> None:
    """Statements wait 1.5 s for a command instead of 6 s: the same behaviour, sooner."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(QUICK_LISTENING)


def _decode(data: bytes | str | None) -> str:
    if isinstance(data, bytes):
        return data.decode("utf-8", errors="replace")  # native libraries may print binary garbage
    return data or ""


def run_mend(argv: list[str], home: Path, model: Path, *, extra_env: dict | None = None,
             timeout: float = 240, summary: Path | None = None) -> Run:
    summary = summary or home / "summary.json"
    events = home / "events.jsonl"
    result = subprocess.run(argv, capture_output=True, timeout=timeout, cwd=REPO,
                            env=mend_env(home, model, events, extra_env), stdin=subprocess.DEVNULL)
    outcome = json.loads(summary.read_text()) if summary.exists() else {}
    return Run(result.returncode, _decode(result.stdout), _decode(result.stderr), outcome, read_events(events))


class Mend:
    """A mend process started in the background, watched through its event timeline."""

    def __init__(self, argv: list[str], home: Path, model: Path, *, extra_env: dict | None = None,
                 events: Path | None = None, summary: Path | None = None) -> None:
        self.home = home
        self.summary = summary or home / "summary.json"
        self.events_path = events or home / "events.jsonl"
        self.marks: dict[str, float] = {}
        self._out = open(home / "stdout.txt", "w+b")
        self._err = open(home / "stderr.txt", "w+b")
        self.process = subprocess.Popen(argv, cwd=REPO, env=mend_env(home, model, self.events_path, extra_env),
                                        stdin=subprocess.DEVNULL, stdout=self._out, stderr=self._err)
        self._seen = 0

    def new_events(self) -> list[dict]:
        events = read_events(self.events_path) if self.events_path.exists() else []
        fresh, self._seen = events[self._seen:], len(events)
        return fresh

    def wait_for(self, kind: str, timeout: float = 60, where: Callable[[dict], bool] = lambda e: True) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in self.new_events():
                if event["event"] == kind and where(event):
                    return event
            if self.process.poll() is not None:
                raise AssertionError(f"mend exited ({self.process.returncode}) before {kind!r}: {self.stderr()}")
            time.sleep(0.01)
        raise AssertionError(f"no {kind!r} event within {timeout} s")

    def children(self) -> list[int]:
        import psutil
        try:
            return [c.pid for c in psutil.Process(self.process.pid).children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def signal(self, signum: int) -> None:
        self.marks[f"signal {signal.Signals(signum).name}"] = time.monotonic()
        self.process.send_signal(signum)

    def stderr(self) -> str:
        self._err.flush()
        return _decode((self.home / "stderr.txt").read_bytes())

    def finish(self, timeout: float = 240) -> Run:
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        self.marks["exited"] = time.monotonic()
        self._out.close()
        self._err.close()
        outcome = json.loads(self.summary.read_text()) if self.summary.exists() else {}
        return Run(self.process.returncode, _decode((self.home / "stdout.txt").read_bytes()),
                   _decode((self.home / "stderr.txt").read_bytes()), outcome, read_events(self.events_path),
                   self.marks)


class LiveFaultSession:
    """mend listening to a private PulseAudio server (its sink's monitor is the microphone). Each listening turn gets
    the next answer played into the sink; `react` may instead kill the server, restart it on the same socket, or
    signal mend. The server is ours, killed by pid, so the shared test server is never touched."""

    def __init__(self, base: Path, model: Path, answers: list[Path], *extra: str) -> None:
        self.base = base
        self.answers = list(answers)
        self.answered = 0
        (base / "pulse").mkdir(parents=True, exist_ok=True)
        self.server = PrivatePulse(base / "pulse")
        self.server.keep_running()
        self.home = base / "home"
        quick_config(self.home)
        argv = session_argv(self.home / "summary.json", "--rate", "300", *extra)
        self.mend = Mend(argv, self.home, model, extra_env={"PULSE_SERVER": self.server.server})

    def kill_server(self) -> None:
        self.mend.marks.setdefault("server killed", time.monotonic())
        self.server.kill()

    def restart_server(self) -> None:
        self.server = PrivatePulse(self.base / "pulse")   # same socket path: the same "device" comes back
        self.server.keep_running()
        self.mend.marks.setdefault("server restarted", time.monotonic())

    def answer(self) -> None:
        if self.answered < len(self.answers):
            time.sleep(0.2)  # the listening turn has begun once the event is written; the stream is live
            subprocess.run(["paplay", "--latency-msec=20", str(self.answers[self.answered])], env=self.server.env,
                           check=True, timeout=60, capture_output=True)
        self.answered += 1

    def run(self, react: Callable[[dict, "LiveFaultSession"], bool], timeout: float = 240,
            keep_server: bool = False) -> Run:
        """`react(event, self)` returns True when it handled the event; otherwise a "listen" gets an answer.
        With `keep_server` the server outlives mend, so the test can look at what streams are left on it."""
        deadline = time.monotonic() + timeout
        try:
            while self.mend.process.poll() is None and time.monotonic() < deadline:
                for event in self.mend.new_events():
                    if not react(event, self) and event["event"] == "listen":
                        self.answer()
                time.sleep(0.02)
            return self.mend.finish(timeout=10)
        finally:
            if not keep_server:
                self.server.kill()

    def streams(self) -> tuple[list[str], list[str]]:
        """Capture and playback streams the server still has (source outputs, sink inputs)."""
        def listing(kind: str) -> list[str]:
            text = subprocess.run(["pactl", "list", "short", kind], env=self.server.env, capture_output=True,
                                  text=True).stdout
            return [line for line in text.splitlines() if line.strip()]
        return listing("source-outputs"), listing("sink-inputs")


def alive(pids: list[int]) -> list[int]:
    import psutil
    return [pid for pid in pids if psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]


def rss_mb(pid: int | None = None) -> float:
    import psutil
    return psutil.Process(pid).memory_info().rss / 1e6


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))
