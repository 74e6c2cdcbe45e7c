"""The scripts: test.sh stops only the audio server it started, and no script needs Maven or Java (the test model
comes through mend's own downloader)."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

from mend.audio.model_sources import artifact_path
from mend.audio.models import DEFAULT_MODEL, load_manifest

REPO = Path(__file__).resolve().parent.parent


# --- scripts ----------------------------------------------------------------------------------------------------

def test_stop_pulse_stops_only_audio_processes_it_is_given():
    bystander = subprocess.Popen(["sleep", "30"])
    try:
        subprocess.run([str(REPO / "scripts" / "stop-pulse.sh"), str(bystander.pid)], check=True, timeout=30)
        assert bystander.poll() is None  # not a pulseaudio or pacat process: left alone
    finally:
        bystander.kill()
        bystander.wait()


def test_test_script_cleans_up_what_it_started_and_no_script_needs_maven():
    test_sh = (REPO / "scripts" / "test.sh").read_text()
    assert "trap stop_pulse EXIT" in test_sh and "exec .venv/bin/python -m pytest -q -p no:cacheprovider \"$@\"" \
        not in test_sh
    assert "MEND_PULSE_STARTED" in (REPO / "scripts" / "start-pulse.sh").read_text()
    for script in ("setup.sh", "fetch-test-model.sh"):
        text = (REPO / "scripts" / script).read_text()
        assert "mvn" not in text and "maven)" not in text, script
    assert "fetch_model_archive" in (REPO / "scripts" / "fetch-test-model.sh").read_text()


def test_the_artifact_path_matches_the_test_cache_name():
    entry = load_manifest()["models"][DEFAULT_MODEL]["artifact"]
    assert artifact_path(entry).endswith("/vosk-model-en-0.3.45.aar")
    assert len(hashlib.sha1(b"").hexdigest()) == len(entry["sha1"])
    assert os.path.basename(artifact_path(entry)) in (REPO / "tests" / "support" / "models.py").read_text()
