"""The first run: the offer to download the model before a spoken session (once, in text; text mode when there
is no microphone), and VOSK_MODEL_PATH meaning what it means to Vosk."""

from __future__ import annotations

import io
import json
import sys

import pytest

from mend.assistant.cli import main
from mend.assistant.cli.model import offer_model_for_voice
from mend.audio.errors import ModelError
from mend.audio.models import DEFAULT_MODEL, find_model, load_manifest
from tests.support.models import ModelServer, make_fake_model, zip_dir


# --- the offer before a spoken session ----------------------------------------------------------------------------

@pytest.fixture()
def fake_default_mirror(tmp_path, monkeypatch):
    """A mirror serving a fake default model zip, with the manifest's checksums turned off for it."""
    manifest = load_manifest()
    manifest["models"][DEFAULT_MODEL] = {"expected_files": []}
    manifest_file = tmp_path / "manifest.json"
    manifest_file.write_text(json.dumps(manifest))
    monkeypatch.setattr("mend.audio.model_verify.MANIFEST_PATH", manifest_file)
    monkeypatch.setattr("mend.audio.model_find.default_vosk_dirs", lambda: ())

    body = zip_dir(make_fake_model(tmp_path / "src", DEFAULT_MODEL), tmp_path / "m.zip").read_bytes()
    with ModelServer({f"{DEFAULT_MODEL}.zip": body}) as server:
        monkeypatch.setenv("MEND_MODEL_URL_BASE", server.base_url)
        yield server


def test_no_model_asks_once_then_downloads_and_starts_voice(fake_default_mirror, mend_home, capsys):
    out = io.StringIO()
    assert offer_model_for_voice(None, io.StringIO("\n"), out, has_microphone=lambda: True) == "voice"
    text = out.getvalue()
    assert text.count("Download the speech model now (about 40 MB)? [Y/n] ") == 1
    assert f"Installed {DEFAULT_MODEL}. Starting the spoken session." in text
    assert find_model(None, mend_home, env={}, vosk_dirs=[]) == mend_home / "models" / DEFAULT_MODEL
    assert "Downloading vosk-model-small-en-us-0.15 from" in capsys.readouterr().err
    again = io.StringIO()
    assert offer_model_for_voice(None, io.StringIO(""), again, has_microphone=lambda: True) == "voice"
    assert again.getvalue() == ""  # a model is there now: nothing is asked


def test_declining_the_download_offers_text_mode(mend_home, monkeypatch):
    monkeypatch.setattr("mend.audio.model_find.default_vosk_dirs", lambda: ())
    out = io.StringIO()
    assert offer_model_for_voice(None, io.StringIO("n\ny\n"), out, has_microphone=lambda: True) == "text"
    assert out.getvalue().endswith("Continue in text mode instead? [Y/n] ")
    assert offer_model_for_voice(None, io.StringIO("n\nn\n"), io.StringIO(), has_microphone=lambda: True) == "quit"


def test_no_microphone_makes_a_text_mode_offer_instead_of_a_download(mend_home, monkeypatch):
    monkeypatch.setattr("mend.audio.model_find.default_vosk_dirs", lambda: ())
    out = io.StringIO()
    assert offer_model_for_voice(None, io.StringIO("\n"), out, has_microphone=lambda: False) == "text"
    assert "No microphone was found, so a spoken session cannot start" in out.getvalue()
    assert "Download" not in out.getvalue()


def test_a_broken_named_model_is_left_to_the_session_to_report(tmp_path, mend_home):
    assert offer_model_for_voice(str(tmp_path / "typo"), io.StringIO(), io.StringIO(), lambda: True) == "voice"


def test_the_session_on_a_terminal_takes_the_text_offer(tmp_path, mend_home, monkeypatch, capsys):
    class Keyboard(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("mend.audio.model_find.default_vosk_dirs", lambda: ())
    monkeypatch.setattr("mend.assistant.cli.model._has_microphone", lambda: False)
    monkeypatch.setattr(sys, "stdin", Keyboard("y\nstop\n"))
    summary = tmp_path / "summary.json"
    code = main(["session", "--flow", "calm", "--no-save", "--no-pauses", "--summary-json", str(summary)])
    out = capsys.readouterr().out
    assert "No microphone was found" in out and "Continue in text mode instead? [Y/n]" in out
    outcome = json.loads(summary.read_text())
    assert code == 0 and outcome["flow"] == "calm" and outcome["ended"] == "stopped"


# --- VOSK_MODEL_PATH and the models folder -----------------------------------------------------------------------

def test_vosk_model_path_is_a_folder_of_models_or_a_model(tmp_path, mend_home):
    folder = tmp_path / "vosk-models"
    other = make_fake_model(folder, "aaa-other")
    default = make_fake_model(folder, DEFAULT_MODEL)
    assert find_model(None, mend_home, env={"VOSK_MODEL_PATH": str(folder)}, vosk_dirs=[]) == default
    (default / "am" / "final.mdl").unlink()
    assert find_model(None, mend_home, env={"VOSK_MODEL_PATH": str(folder)}, vosk_dirs=[]) == other
    assert find_model(None, mend_home, env={"VOSK_MODEL_PATH": str(other)}, vosk_dirs=[]) == other
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ModelError, match="holds no Vosk model"):
        find_model(None, mend_home, env={"VOSK_MODEL_PATH": str(empty)}, vosk_dirs=[])
