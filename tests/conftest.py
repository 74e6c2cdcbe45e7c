"""Shared fixtures: an isolated data directory for every test, the test model, and the virtual audio device.

Real parts are required in CI (MEND_REQUIRE_ALL=1, set by scripts/test.sh): a missing model or audio server then
fails the test instead of skipping it, so a green run cannot hide a missing install step.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# A test run started in the background (`cmd &` in a script) inherits SIGINT ignored, and so would every mend
# process the tests start, which would then rightly ignore the Ctrl-C the interrupt tests send. Catching it here
# gives those children the default disposition again (an ignored signal stays ignored across exec, a caught
# one does not).
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


def _missing(reason: str) -> None:
    if os.environ.get("MEND_REQUIRE_ALL") == "1":
        pytest.fail(f"required test resource missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def mend_home(tmp_path_factory, monkeypatch) -> Path:
    home = tmp_path_factory.mktemp("mend-home")
    monkeypatch.setenv("MEND_HOME", str(home))
    monkeypatch.delenv("MEND_MODEL", raising=False)
    monkeypatch.delenv("VOSK_MODEL_PATH", raising=False)
    monkeypatch.delenv("MEND_PASSPHRASE", raising=False)
    return home


@pytest.fixture(scope="session")
def test_model() -> Path:
    value = os.environ.get("MEND_TEST_MODEL")
    if not value or not Path(value, "am").is_dir():
        _missing("MEND_TEST_MODEL does not point at a Vosk model (scripts/test.sh prepares one)")
    return Path(value)


@pytest.fixture(scope="session")
def pulse() -> str:
    server = os.environ.get("PULSE_SERVER", "")
    ok = bool(server) and subprocess.run(["pactl", "info"], capture_output=True).returncode == 0
    if not ok:
        _missing("no PulseAudio server reachable (scripts/start-pulse.sh starts one)")
    return server


def pytest_collection_modifyitems(config, items):
    """A test that asks for the Vosk model or the PulseAudio server carries the `model` or `audio` mark even if
    it was not written on it, so `-m "not audio and not model"` (scripts/test.sh --fast) never needs either."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "test_model" in fixtures:
            item.add_marker(pytest.mark.model)
        if "pulse" in fixtures:
            item.add_marker(pytest.mark.audio)
        if item.get_closest_marker("audio") is not None:
            # A live test plays into and records from a real-time sound server: on a loaded machine a player can
            # underrun and put silence into the middle of an answer, which no person does. Such a test gets one
            # more run, shown as "R" and counted as "rerun" in the summary; a fault of mend's fails both runs.
            item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=2))
