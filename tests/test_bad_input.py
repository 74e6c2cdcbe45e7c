"""Bad input of every kind a person can hand `mend` is refused with one `Error:` line, a `Hint:` line and exit code 1,
never a traceback; input that can be converted (odd WAV formats) is converted; and a broken crisis resources file
never stops mend from giving crisis lines."""

from __future__ import annotations

import json
import struct
import tarfile
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import soxr

from mend.assistant.errors import ResourcesError
from mend.assistant.safety.resources import FALLBACK_NOTICE, crisis_message, load_resources, resources_for_crisis
from mend.assistant.safety.rules import SafetyConcern
from tests.support.cli import REPAIR_REPLIES
from tests.support.flows import MINI_FLOW, mutate
from tests.support.models import make_fake_model, zip_dir, zip_with, tar_with
from tests.support.netguard import network_attempts, run_mend


@pytest.fixture()
def netlog(tmp_path) -> Path:
    return tmp_path / "network-attempts.log"


def assert_clear_error(result, error_line: str) -> None:
    """Exit 1, the first stderr line is the expected `Error: ...` (prefix), a hint follows, no traceback."""
    lines = result.stderr.splitlines()
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines and lines[0].startswith(error_line), result.stderr
    assert len(lines) == 2 and lines[1].startswith("Hint: ") and len(lines[1]) > len("Hint: ") + 5, result.stderr


# --- settings: config.toml and options ----------------------------------------------------------------------------

CONFIG_ROWS = {  # the path of the file is named first; "{path}" stands for it
    "invalid TOML": (b"[voice\nrate_wpm = 150\n", "Error: {path} is not valid TOML"),
    "unknown key": (b"[voice]\nspeed = 150\n", "Error: {path}: 1 problem: unknown setting 'voice.speed'"),
    "unknown key, near one": (b"[voice]\nrate_wmp = 150\n",
                              "Error: {path}: 1 problem: unknown setting 'voice.rate_wmp' "
                              "(did you mean 'voice.rate_wpm'?)"),
    "unknown section": (b"[colour]\nred = 1\n", "Error: {path}: 1 problem: unknown section 'colour'"),
    "rate out of range": (b"[voice]\nrate_wpm = 5000\n", "Error: {path}: 1 problem: setting 'voice.rate_wpm': Input should be less than or equal to 320"),
    "rate wrong type": (b'[voice]\nrate_wpm = "fast"\n', "Error: {path}: 1 problem: setting 'voice.rate_wpm': Input should be a valid integer"),
    "section wrong type": (b"voice = 3\n", "Error: {path}: 1 problem: setting 'voice': Input should be a valid dictionary"),
    "save wrong choice": (b'[journal]\nsave = "maybe"\n', "Error: {path}: 1 problem: setting 'journal.save': Input should be 'ask', 'always' or 'never'"),
    "not UTF-8": (b"[voice]\nvoice = \"\xff\xfe\"\n", "Error: {path} is not valid TOML"),
}


@pytest.mark.parametrize("content, error", CONFIG_ROWS.values(), ids=CONFIG_ROWS.keys())
def test_a_broken_config_file_is_a_clear_error(tmp_path, netlog, content, error):
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_bytes(content)
    result = run_mend("session", "--text", "--no-save", home=home, log=netlog, replies=["", "stop"])
    assert_clear_error(result, error.format(path=home / "config.toml"))
    assert result.stdout == ""  # refused before the session began


def test_a_rate_out_of_range_on_the_command_line_is_a_clear_error(tmp_path, netlog):
    result = run_mend("session", "--text", "--rate", "5", home=tmp_path, log=netlog, replies=[""])
    assert_clear_error(result, "Error: --rate 5: must be between 80 and 320 words per minute")


# --- flow files -------------------------------------------------------------------------------------------------

FLOW_ROWS: dict[str, tuple[Callable[[], str | bytes], str]] = {
    "invalid TOML": (lambda: MINI_FLOW + "\n[steps.oops\n", "Error: bad.toml: not valid TOML"),
    "wrong type": (lambda: mutate(MINI_FLOW, "minutes = [1, 2]", 'minutes = "soon"'),
                   "Error: bad.toml: field 'minutes': must be a list"),
    "wrong kind": (lambda: mutate(MINI_FLOW, 'expects = "number"', "expects = 5"),
                   "Error: bad.toml: step 'ask': field 'expects':"),
    "unknown step": (lambda: mutate(MINI_FLOW, '{ to = "done" }]\n\n[steps.done]', '{ to = "dnoe" }]\n\n[steps.done]'),
                     "Error: bad.toml: step 'breathe': field 'next[0].to': unknown step 'dnoe'"),
    "cycle with no exit": (lambda: mutate(MINI_FLOW, 'help = "The end."', 'help = "The end."\nnext = [{ to = "breathe" }]'),
                           "Error: bad.toml: step 'ask': field 'next': a cycle with no exit"),
    "empty prompt": (lambda: mutate(MINI_FLOW, 'prompts = ["Breathe with me."]', 'prompts = [""]'),
                     "Error: bad.toml: step 'breathe': field 'prompts[0]': empty text"),
    "huge file": (lambda: MINI_FLOW + "#" + "x" * (1024 * 1024) + "\n", "Error: bad.toml: file is too large"),
    "not UTF-8": (lambda: b"\xff\xfe\x00name", "Error: bad.toml: not UTF-8 text"),
    "NUL inside": (lambda: MINI_FLOW.replace("Mini", "Mi\x00ni"), "Error: bad.toml: not valid TOML"),
}


@pytest.mark.parametrize("make, error", FLOW_ROWS.values(), ids=FLOW_ROWS.keys())
def test_a_broken_flow_file_is_a_clear_error(tmp_path, netlog, make, error):
    content = make()
    path = tmp_path / "bad.toml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    result = run_mend("session", "--text", "--no-save", "--flow", str(path), home=tmp_path / "home", log=netlog,
                      replies=["", "stop"])
    assert_clear_error(result, error)


@pytest.mark.parametrize("flow, error", [
    ("nosuchflow", "Error: no built-in flow named 'nosuchflow'"),
    ("missing.toml", "Error: missing.toml:"),
    (".", "Error: .: is a directory, not a flow file"),
], ids=["unknown name", "missing file", "a directory"])
def test_a_flow_that_is_not_there_is_a_clear_error(tmp_path, netlog, flow, error):
    result = run_mend("session", "--text", "--no-save", "--flow", flow, home=tmp_path / "home", log=netlog,
                      replies=[""])
    assert_clear_error(result, error)


# --- voice set-up -------------------------------------------------------------------------------------------------

def test_a_missing_model_is_a_clear_model_error(tmp_path, netlog):
    result = run_mend("session", "--model", "/nonexistent", "--no-save", home=tmp_path / "home", log=netlog)
    assert_clear_error(result, "Error: speech model /nonexistent (from --model) does not exist")
    assert "mend model" in result.stderr.splitlines()[1]


def test_an_unknown_input_device_is_a_clear_device_error(tmp_path, netlog, test_model, pulse):
    result = run_mend("session", "--model", str(test_model), "--input-device", "nosuchdevice", "--no-save",
                      home=tmp_path / "home", log=netlog)
    assert_clear_error(result, "Error: no input device matches 'nosuchdevice'")
    assert "mend devices" in result.stderr


# --- replayed audio files -----------------------------------------------------------------------------------------

def _write_wav(path: Path, samples16k: np.ndarray, rate: int = 16000, channels: int = 1, width: int = 2) -> Path:
    x = samples16k.astype(np.float32) / 32768.0
    if rate != 16000:
        x = soxr.resample(x, 16000, rate)
    if width == 1:
        data = np.clip(np.round(x * 127) + 128, 0, 255).astype(np.uint8)
    else:
        data = np.clip(np.round(x * 32767), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        out.writeframes(np.repeat(data, channels).tobytes())
    return path


def _float_wav(path: Path) -> Path:
    data = np.zeros(1600, dtype="<f4").tobytes()
    fmt = struct.pack("<HHIIHH", 3, 1, 16000, 64000, 4, 32)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return path


WAV_ROWS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "not a WAV": (lambda p: (p.write_bytes(b"ID3\x03 this is an mp3, honest" * 20), p)[1],
                  "is not a WAV file (no RIFF/WAVE header)"),
    "zero length": (lambda p: (p.write_bytes(b""), p)[1], "is empty (zero bytes)"),
    "truncated header": (lambda p: (p.write_bytes(_write_wav(p, np.zeros(1600)).read_bytes()[:30]), p)[1],
                         "is truncated"),
    "no samples": (lambda p: _write_wav(p, np.zeros(0)), "holds no audio"),
    "32-bit float": (_float_wav, "unsupported encoding (32-bit float)"),
    "a directory": (lambda p: (p.mkdir(), p)[1], "is a directory"),
}


@pytest.mark.parametrize("make, problem", WAV_ROWS.values(), ids=WAV_ROWS.keys())
def test_an_unusable_replay_file_is_a_clear_audio_file_error(tmp_path, netlog, test_model, make, problem):
    path = make(tmp_path / "turn.wav")
    result = run_mend("session", "--audio-in", str(path), "--no-save", "--model", str(test_model),
                      home=tmp_path / "home", log=netlog)
    assert_clear_error(result, f"Error: {path}: {problem}")


def test_8_bit_and_48k_stereo_replay_files_are_converted_and_understood(tmp_path, netlog, test_model):
    from tests.support.speech import concat, silence, speech

    def said(text: str) -> np.ndarray:
        return concat(silence(0.3), speech(text), silence(1.0))

    turns = [
        _write_wav(tmp_path / "hello-48k-stereo.wav", said("hello"), rate=48000, channels=2),
        _write_wav(tmp_path / "friend-8bit.wav", said("a friend"), width=1),
        _write_wav(tmp_path / "story-48k-stereo.wav", said("we had an argument"), rate=48000, channels=2),
        _write_wav(tmp_path / "seven-48k-stereo.wav", said("seven"), rate=48000, channels=2),
    ]
    summary = tmp_path / "summary.json"
    args = [arg for turn in turns for arg in ("--audio-in", str(turn))]
    result = run_mend("session", *args, "--no-save", "--no-pauses", "--model", str(test_model),
                      "--summary-json", str(summary), home=tmp_path / "home", log=netlog, timeout=120)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(summary.read_text())
    assert outcome["relationship"] == "friend", result.stdout  # heard from the 8-bit file
    assert outcome["activation"] == [{"moment": "before", "value": 7}], result.stdout  # heard from the 48 kHz stereo file
    assert network_attempts(netlog) == ""


# --- model archives ---------------------------------------------------------------------------------------------

def _symlink_tar(path: Path) -> Path:
    link = tarfile.TarInfo("fake-model/am/final.mdl")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    return tar_with(path, [(link, None)])


def _truncated_zip(path: Path) -> Path:
    whole = zip_dir(make_fake_model(path.parent / "src"), path.parent / "whole.zip").read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    return path


ARCHIVE_ROWS: dict[str, tuple[Callable[[Path], Path], str, str]] = {
    "path traversal": (lambda d: zip_with(d / "climb.zip", [("fake-model/README", b"ok"),
                                                           ("fake-model/../../evil.txt", b"x")]),
                       "climb.zip", "contains a path that leaves its folder: 'fake-model/../../evil.txt'"),
    "absolute path": (lambda d: zip_with(d / "abs.zip", [(str(d / "evil-abs.txt"), b"x")]),
                      "abs.zip", "contains an absolute path"),
    "symlink out of the tree": (lambda d: _symlink_tar(d / "link.tar.gz"),
                                "link.tar.gz", "contains a link: 'fake-model/am/final.mdl'"),
    "zip bomb": (lambda d: zip_with(d / "bomb.zip", [("fake-model/am/final.mdl", b"\0" * (20 * 1024 * 1024))]),
                 "bomb.zip", "entry 'fake-model/am/final.mdl' expands more than 200 times"),
    "not a model": (lambda d: zip_with(d / "photos.zip", [("holiday/cat.jpg", b"\xff\xd8 jpeg"), ("notes.txt", b"hi")]),
                    "no Vosk model inside photos.zip", ""),
    "not an archive": (lambda d: ((d / "model.tar.gz").write_bytes(b"plain text, not an archive"), d / "model.tar.gz")[1],
                       "model.tar.gz", "is not a zip, AAR or tar archive"),
    "truncated zip": (lambda d: _truncated_zip(d / "cut.zip"), "cut.zip", "is damaged or truncated"),
}


@pytest.mark.parametrize("make, name, problem", ARCHIVE_ROWS.values(), ids=ARCHIVE_ROWS.keys())
def test_a_bad_model_archive_is_refused_clearly_and_installs_nothing(tmp_path, netlog, make, name, problem):
    source = tmp_path / "given"
    source.mkdir()
    archive = make(source)
    home = tmp_path / "home"
    result = run_mend("model", "install", str(archive), home=home, log=netlog)
    assert_clear_error(result, f"Error: {name}")
    assert problem in result.stderr.splitlines()[0]
    assert list(tmp_path.rglob("*evil*")) == []
    models = home / "models"
    assert not models.exists() or [p.name for p in models.iterdir()] == []


# --- crisis resources -----------------------------------------------------------------------------------------------

BROKEN_RESOURCES = b'region = "UK"\n[[lines]\nname = "Samaritans"\n'


def test_a_broken_resources_file_falls_back_to_the_built_in_lines_with_a_notice(mend_home):
    (mend_home / "resources.toml").write_bytes(BROKEN_RESOURCES)
    resources = resources_for_crisis()
    assert resources.region == "US" and resources.notice == FALLBACK_NOTICE
    lines = crisis_message(SafetyConcern("self_harm", "kill myself"), resources)
    assert lines.count(FALLBACK_NOTICE) == 1
    assert any("988" in line for line in lines)
    with pytest.raises(ResourcesError, match="not valid TOML"):
        load_resources()  # the file's problem is still reported where the file is read on purpose


def test_a_valid_resources_file_is_used_without_a_notice(mend_home):
    (mend_home / "resources.toml").write_text('region = "UK"\n[[lines]]\nname = "Samaritans"\ncontact = "call 116 123"\n')
    resources = resources_for_crisis()
    assert resources.region == "UK" and resources.notice is None
    assert FALLBACK_NOTICE not in crisis_message(SafetyConcern("abuse", "x"), resources)


def test_a_crisis_statement_with_a_broken_resources_file_still_gets_the_crisis_lines(tmp_path, netlog):
    home = tmp_path / "home"
    home.mkdir()
    (home / "resources.toml").write_bytes(BROKEN_RESOURCES)
    summary = tmp_path / "summary.json"
    result = run_mend("session", "--text", "--no-save", "--no-pauses", "--summary-json", str(summary),
                      home=home, log=netlog, replies=["", "I want to kill myself", "yes"])
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert "call or text 988" in result.stdout
    assert result.stdout.count(FALLBACK_NOTICE) == 1
    assert json.loads(summary.read_text())["ended"] == "safety"


# --- typed text that is not UTF-8 ---------------------------------------------------------------------------------

def test_replies_in_latin_1_are_kept_readable_instead_of_crashing_the_save(tmp_path, netlog):
    lines = [reply.encode("utf-8") for reply in REPAIR_REPLIES]
    lines[2] = "we argued in the caf\xe9".encode("latin-1")  # a terminal or file that is not UTF-8
    lines[REPAIR_REPLIES.index("tomorrow evening")] = "tomorrow \xe0 sept heures".encode("latin-1")
    summary = tmp_path / "summary.json"
    result = run_mend("session", "--text", "--no-pauses", "--summary-json", str(summary), home=tmp_path / "home",
                      log=netlog, stdin_bytes=b"".join(line + b"\n" for line in lines))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    outcome = json.loads(summary.read_text(encoding="utf-8"))
    assert outcome["kept_in_journal"] is True
    assert outcome["plan"]["when"] == "tomorrow \ufffd sept heures"
    shown = run_mend("journal", "show", "1", home=tmp_path / "home", log=netlog)
    assert "caf\ufffd" in shown.stdout
