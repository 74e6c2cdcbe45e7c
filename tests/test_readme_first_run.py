"""The README's first command, on a fresh clone, ends in a spoken session.

`./scripts/run.sh` sets up what is missing, finds no speech model, asks once (in text) whether to download it,
fetches it (the model's usual home cannot be reached, so the official AAR is used), and starts the spoken
session: mend speaks over the virtual speaker and hears what is played into the virtual microphone. The download
comes from a mirror on this machine that serves the real AAR and never answers for the usual zip, so the test
needs no network for the model; setting up the clone's environment uses the package index as the set-up does.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import time
from pathlib import Path

import pytest

from mend.audio.model_sources import artifact_path
from mend.audio.models import DEFAULT_MODEL, load_manifest
from tests.support.audio import isolated_pulse  # noqa: F401  (fixture)
from tests.support.models import ModelServer, real_aar
from tests.support.voice import answer_wavs, read_events

pytestmark = [pytest.mark.audio, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[1]


def readme_first_command() -> str:
    """The first command the README's quick start tells a person to type."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    quick_start = text.split("## Quick start", 1)[1]
    return re.search(r"^ {4}(\S.*)$", quick_start, re.M).group(1).strip()


def test_the_quick_start_begins_with_the_run_script():
    assert readme_first_command() == "./scripts/run.sh"


def _env(tmp_path: Path, pulse_server: str, mirror: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "MEND_MODEL", "VOSK_MODEL_PATH", "MEND_PASSPHRASE")}
    env.update({
        "HOME": str(tmp_path / "user"),  # a person's home with no Vosk model cache in it
        "PIP_CACHE_DIR": env.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip")),
        "MEND_HOME": str(tmp_path / "mend-data"),
        "MEND_EVENTS": str(tmp_path / "events.jsonl"),
        "MEND_MODEL_URL_BASE": mirror,
        "PULSE_SERVER": pulse_server,
    })
    (tmp_path / "user").mkdir()
    return env


def test_a_fresh_clone_reaches_a_spoken_session_with_the_model_from_the_fallback(tmp_path, isolated_pulse):  # noqa: F811
    aar = real_aar().read_bytes()
    entry = load_manifest()["models"][DEFAULT_MODEL]
    path = artifact_path(entry["artifact"])
    files = {path: aar, path + ".sha1": hashlib.sha1(aar).hexdigest().encode() + b"\n"}
    clone = tmp_path / "mend"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True, timeout=120)
    stops = answer_wavs(tmp_path / "answers", ["stop", "stop", "stop"])
    command = readme_first_command()

    with ModelServer(files, unreachable=(".zip",)) as mirror:
        env = _env(tmp_path, isolated_pulse, mirror.base_url)
        # a person at a terminal: the offer is made only when the keyboard is a terminal, so stdin is a pty
        keyboard, terminal = os.openpty()
        out_file, err_file = tmp_path / "out.txt", tmp_path / "err.txt"
        with open(out_file, "w") as stdout, open(err_file, "w") as stderr:
            process = subprocess.Popen(command, shell=True, cwd=clone, env=env, stdin=terminal, stdout=stdout,
                                       stderr=stderr)
        os.close(terminal)
        os.write(keyboard, b"y\n")  # the one question asked in text: download the model now? (typed ahead)
        events_file, played, seen = Path(env["MEND_EVENTS"]), 0, 0
        deadline = time.monotonic() + 900
        while process.poll() is None and time.monotonic() < deadline:
            events = read_events(events_file)
            for event in events[seen:]:
                if event["event"] == "listen" and played < len(stops):
                    time.sleep(0.2)
                    subprocess.run(["paplay", "--latency-msec=20", str(stops[played])], check=True, timeout=60,
                                   env=env)
                    played += 1
            seen = len(events)
            time.sleep(0.1)
        if process.poll() is None:
            process.kill()
        process.wait(timeout=60)
        os.close(keyboard)
        out, err = out_file.read_text(), err_file.read_text()
        requests = list(mirror.requests)

    events = read_events(events_file)
    assert "Traceback" not in err, err[-3000:]
    assert out.count("Download the speech model now (about 40 MB)? [Y/n]") == 1, (out + err)[-3000:]
    assert f"Installed {DEFAULT_MODEL}. Starting the spoken session." in out
    assert any(r.endswith(".zip") for r in requests) and any(r.endswith(".aar") for r in requests), requests
    assert (Path(env["MEND_HOME"]) / "models" / DEFAULT_MODEL / "am").is_dir()
    spoken = [e for e in events if e["event"] == "spoken"]
    assert spoken and spoken[0]["first_sample"] is not None, events[:5]  # mend spoke through the virtual speaker
    heard = [e["text"] for e in events if e["event"] == "heard"]
    assert any("stop" in text for text in heard), json.dumps(events)[-3000:]  # and heard the virtual microphone
    assert process.returncode == 0, err[-3000:]
