"""`mend devices --test`: the level computation (pure), the check's output with a stand-in microphone, and the
real check over the virtual PulseAudio device (marked audio: run by scripts/test.sh)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from mend.assistant.cli import miccheck
from mend.audio import levels
from tests.support.audio import espeak_wav
from tests.support.audio import isolated_pulse  # noqa: F401 (a fixture: private sound server)


def tone(amplitude: float, samples: int = 320) -> bytes:
    t = np.arange(samples) / 16000
    return (amplitude * 32767 * np.sin(2 * np.pi * 440 * t)).astype("<i2").tobytes()


def test_levels_of_silence_speech_and_full_scale():
    assert levels.rms_db(b"") == levels.rms_db(bytes(640)) == levels.FLOOR_DB
    assert levels.rms_db(tone(1.0)) == pytest.approx(-3.0, abs=0.1)       # a full-scale sine is -3 dBFS
    assert levels.rms_db(tone(0.1)) == pytest.approx(-23.0, abs=0.1)
    assert levels.peak(tone(0.5)) == pytest.approx(0.5, abs=0.01)
    assert levels.peak(np.full(4, -32768, dtype="<i2").tobytes()) == 1.0


def test_the_bar_fills_from_the_floor_to_full_scale():
    assert levels.level_bar(-90, width=10) == "[..........]   -90 dB"
    assert levels.level_bar(-30, width=10) == "[#####.....]   -30 dB"
    assert levels.level_bar(0, width=10) == "[##########]     0 dB"
    assert levels.level_bar(6, width=4).startswith("[####]")


def test_the_verdict_names_quiet_and_clipping():
    assert levels.verdict(-70, False)[0] is False and "quiet" in levels.verdict(-70, False)[1]
    assert levels.verdict(-20, False) == (True, "The level is good for speech.")
    assert levels.verdict(-1, True)[0] is True and "clipped" in levels.verdict(-1, True)[1]


class FakeMicrophone:
    """Hands out prepared blocks, then nothing, like a microphone that stops."""

    def __init__(self, blocks):
        self.blocks = list(blocks)

    def __call__(self, device=None, block_ms=20):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def read_block(self, timeout):
        return self.blocks.pop(0) if self.blocks else None


def check(monkeypatch, blocks, tty):
    import mend.audio.sources

    monkeypatch.setattr(mend.audio.sources, "Microphone", FakeMicrophone(blocks))
    monkeypatch.setattr(miccheck, "_recognizer", lambda model, out: None)
    out = io.StringIO()
    return miccheck.run_mic_check(seconds=1.0, out=out, tty=tty), out.getvalue()


def test_plain_numbers_off_a_terminal(monkeypatch):
    code, text = check(monkeypatch, [tone(0.1)] * 50, tty=False)
    lines = text.splitlines()
    assert code == 0 and lines[0] == "Say something... (recording 1 seconds)"
    assert lines[1:3] == ["level -23 dB at 0.5 s", "level -23 dB at 1.0 s"]
    assert lines[-1] == "Loudest: -23 dB. The level is good for speech." and "\r" not in text and "#" not in text


def test_a_redrawn_bar_on_a_terminal_and_a_silent_microphone_fails(monkeypatch):
    code, text = check(monkeypatch, [bytes(640)] * 50, tty=True)
    assert code == 1 and text.count("\r[") == 50 and "very quiet" in text


@pytest.mark.audio
def test_the_check_hears_speech_played_into_the_virtual_microphone(isolated_pulse, tmp_path, capsys):
    wav = espeak_wav("Testing the microphone, one two three.", tmp_path / "said.wav")
    player = threading.Timer(0.5, subprocess.run, (["paplay", "--latency-msec=20", "-d", "vsink", str(wav)],))
    player.start()
    try:
        code = miccheck.run_mic_check(seconds=4.0, model=os.environ.get("MEND_TEST_MODEL"), tty=False)
    finally:
        player.join(10)
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Say something" in out and "level " in out and "The level is good for speech." in out
    assert "Heard: \u201c" in out or "No speech model is installed" in out


@pytest.mark.audio
def test_doctor_mic_runs_the_checks_then_hears_the_virtual_microphone(isolated_pulse, tmp_path):
    wav = espeak_wav("Testing the microphone, one two three.", tmp_path / "said.wav")
    env = dict(os.environ, MEND_HOME=str(tmp_path / "home"))
    process = subprocess.Popen([sys.executable, "-m", "mend", "doctor", "--mic", "--seconds", "5",
                                "--model", os.environ.get("MEND_TEST_MODEL", "")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    time.sleep(2.5)  # the doctor's checks come first; the recording starts after them
    subprocess.run(["paplay", "--latency-msec=20", "-d", "vsink", str(wav)], check=True, timeout=30)
    out, err = process.communicate(timeout=60)
    assert "Traceback" not in err
    assert "espeak-ng" in out and "Say something" in out and "level " in out, out
    assert "Heard: \u201c" in out, out


def test_doctor_mic_with_json_is_a_clear_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "mend", "doctor", "--json", "--mic"], capture_output=True,
                            text=True, env=dict(os.environ, MEND_HOME=str(tmp_path)))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: --mic listens and draws a level bar, so it does not mix with --json")
    assert "Hint: Run `mend doctor --json` and `mend doctor --mic` separately." in result.stderr
