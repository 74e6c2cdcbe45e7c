"""Voice-side commands and their failure messages, through the real `mend` command."""

from __future__ import annotations

import pytest

from tests.support.cli import mend

NO_AUDIO = {"PULSE_SERVER": "unix:/nonexistent/pulse-socket"}


@pytest.mark.audio
def test_devices_lists_the_virtual_device(tmp_path, pulse):
    result = mend("devices", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "pulse" in result.stdout or "default" in result.stdout
    assert "default input" in result.stdout or "in " in result.stdout


@pytest.mark.audio
def test_doctor_passes_every_check_with_audio_and_a_model(tmp_path, pulse, test_model):
    result = mend("doctor", "--model", str(test_model), home=tmp_path, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in ("audio system", "input device", "output device", "speech model", "speech synthesis",
                 "journal directory"):
        assert f"[PASS] {name}" in result.stdout
    assert "All checks passed." in result.stdout


def test_doctor_names_each_failure_and_its_fix(tmp_path):
    result = mend("doctor", "--model", str(tmp_path / "no-model"), home=tmp_path, env=NO_AUDIO, timeout=120)
    assert result.returncode == 1
    out = result.stdout
    assert "[FAIL] audio system: no audio system reachable" in out
    assert "[FAIL] speech model" in out
    assert "Fix: " in out and "mend session --text" in out
    assert "[PASS] journal directory" in out
    assert "Traceback" not in result.stderr


def test_no_audio_system_is_one_clear_error_with_the_text_alternative(tmp_path, test_model):
    result = mend("session", "--model", str(test_model), home=tmp_path, env=NO_AUDIO, timeout=60)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: no audio system reachable")
    assert "mend session --text" in result.stderr
    assert "Traceback" not in result.stderr and "PortAudio" not in result.stderr


def test_missing_model_names_the_fix_and_the_text_alternative(tmp_path):
    result = mend("session", home=tmp_path, env={**NO_AUDIO, "MEND_MODEL": "", "VOSK_MODEL_PATH": "",
                                                   "HOME": str(tmp_path)}, timeout=60)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("Error: no speech model found"), result.stderr
    assert "mend model download" in result.stderr and "--text" in result.stderr


def test_partial_model_names_the_missing_file(tmp_path, test_model):
    import shutil

    broken = tmp_path / "broken-model"
    shutil.copytree(test_model, broken)
    (broken / "am" / "final.mdl").unlink()
    result = mend("session", "--model", str(broken), home=tmp_path, env=NO_AUDIO, timeout=60)
    assert result.returncode == 1
    assert "final.mdl" in result.stderr.splitlines()[0]
    assert "Traceback" not in result.stderr
