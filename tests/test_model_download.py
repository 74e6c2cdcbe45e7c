"""Model downloads against a local HTTP server (127.0.0.1, no network): the usual zip, the fallback to the official
AAR artifact with its published SHA-1, a mirror named by MEND_MODEL_URL_BASE, checksum mismatches, a dropped
connection resumed with HTTP Range, what the person sees while it runs, and the real model AAR end to end."""

from __future__ import annotations

import hashlib
import io
import stat
import zipfile
from pathlib import Path

import pytest

from mend.assistant.cli import main
from mend.assistant.cli.progress import DownloadProgress
from mend.audio import model_sources
from mend.audio.errors import ModelError
from mend.audio.models import download_model, fetch_model_archive, load_manifest, manifest_entry_for, verify_model
from tests.support.models import ModelServer, leftovers, make_fake_model, real_aar, unreachable_base, zip_dir

NAME = "vosk-model-fake-en-0.1"
ARTIFACT = {"group": "com.example.speech", "artifact": "vosk-model-fake", "version": "1.0", "packaging": "aar"}
AAR_PATH = "com/example/speech/vosk-model-fake/1.0/vosk-model-fake-1.0.aar"


class Recorder:
    """Progress that remembers what it was told."""

    def __init__(self) -> None:
        self.starts: list[tuple[str, str, int | None, int]] = []
        self.updates: list[int] = []
        self.notes: list[str] = []
        self.finished = 0

    def start(self, model, url, total, done):
        self.starts.append((model, url, total, done))

    def update(self, done):
        self.updates.append(done)

    def finish(self):
        self.finished += 1

    def note(self, text):
        self.notes.append(text)


@pytest.fixture()
def fake(tmp_path):
    """A fake model, its zip, an AAR holding it under assets/ (as the real one does), and a manifest knowing it."""
    root = make_fake_model(tmp_path / "src", "model-fake", uuid="0000-fake")
    aar = tmp_path / "fake.aar"
    with zipfile.ZipFile(aar, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("AndroidManifest.xml", "<manifest/>")
        zf.writestr("classes.jar", b"PK\x05\x06" + b"\0" * 18)
        for path in sorted(root.rglob("*")):
            zf.write(path, f"assets/model-fake/{path.relative_to(root).as_posix()}")
    entry = manifest_entry_for(root, artifact=dict(ARTIFACT))
    manifest = {"format": 1, "default": NAME, "url_base": unreachable_base(), "models": {NAME: entry}}
    body = aar.read_bytes()
    return {"aar": body, "sha1": hashlib.sha1(body).hexdigest(), "zip": zip_dir(root, tmp_path / "f.zip",
            prefix=NAME).read_bytes(), "manifest": manifest, "root": root}


def _aar_files(fake, sha1: str | None = None) -> dict[str, bytes]:
    return {AAR_PATH: fake["aar"], AAR_PATH + ".sha1": (sha1 or fake["sha1"]).encode() + b"\n"}


def test_the_default_model_has_an_official_artifact_and_file_checksums():
    manifest = load_manifest()
    entry = manifest["models"][manifest["default"]]
    assert entry["artifact"]["group"] == "com.alphacephei" and entry["artifact"]["version"] == "0.3.45"
    assert len(entry["files"]) == 14 and all(len(f["sha256"]) == 64 for f in entry["files"].values())
    assert entry["download_mb"] == 40
    sources = model_sources.model_sources(manifest["default"], manifest)
    assert [s.kind for s in sources] == ["zip", "artifact"]
    assert sources[1].url.endswith("/maven2/com/alphacephei/vosk-model-en/0.3.45/vosk-model-en-0.3.45.aar")
    assert sources[1].sha1_url == sources[1].url + ".sha1" and len(sources[1].sha1) == 40


def test_zip_from_its_usual_home(fake, tmp_path):
    manifest = {**fake["manifest"], "models": {NAME: {**fake["manifest"]["models"][NAME]}}}
    models = tmp_path / "data" / "models"
    with ModelServer({f"{NAME}.zip": fake["zip"]}) as server:
        manifest["url_base"] = server.base_url
        path = download_model(None, models, manifest=manifest)
    assert server.requests == [f"/mirror/{NAME}.zip"]
    assert path == models / NAME and verify_model(path, manifest).ok and leftovers(models) == []


def test_unreachable_home_falls_back_to_the_artifact(fake, tmp_path, monkeypatch):
    progress = Recorder()
    with ModelServer(_aar_files(fake)) as server:
        monkeypatch.setattr(model_sources, "ARTIFACT_BASE", server.base_url)
        path = download_model(None, tmp_path / "models", progress=progress, manifest=fake["manifest"])
    assert server.requests == [f"/mirror/{AAR_PATH}", f"/mirror/{AAR_PATH}.sha1"]
    assert progress.notes[0].startswith("cannot reach 127.0.0.1:")
    assert progress.notes[1].startswith("trying 127.0.0.1:") and "official artifact vosk-model-fake-1.0.aar" in \
        progress.notes[1]
    assert progress.starts == [(NAME, f"{server.base_url}/{AAR_PATH}", len(fake["aar"]), 0)]
    assert progress.updates[-1] == len(fake["aar"]) and progress.finished == 1
    report = verify_model(path, fake["manifest"])
    assert path.name == NAME and report.ok and report.checked == 15  # the 14 model files and the uuid


def test_mirror_from_the_environment_holding_only_the_aar(fake, tmp_path, monkeypatch):
    with ModelServer(_aar_files(fake)) as server:
        monkeypatch.setenv("MEND_MODEL_URL_BASE", server.base_url)
        path = download_model(NAME, tmp_path / "models", manifest=fake["manifest"])
    assert server.requests == [f"/mirror/{NAME}.zip", f"/mirror/{AAR_PATH}", f"/mirror/{AAR_PATH}.sha1"]
    assert verify_model(path, fake["manifest"]).ok


@pytest.mark.parametrize("where", ["published", "manifest"])
def test_checksum_mismatch_is_a_clear_error_and_leaves_nothing(fake, tmp_path, monkeypatch, where):
    manifest = fake["manifest"]
    published = fake["sha1"]
    if where == "published":
        published = "0" * 40
    else:
        manifest["models"][NAME]["artifact"]["sha1"] = "1" * 40
    models = tmp_path / "models"
    with ModelServer(_aar_files(fake, published)) as server:
        monkeypatch.setattr(model_sources, "ARTIFACT_BASE", server.base_url)
        with pytest.raises(ModelError) as info:
            download_model(None, models, manifest=manifest)
    message = info.value.message
    assert f"the download of vosk-model-fake-1.0.aar from 127.0.0.1:{server.httpd.server_address[1]} " \
           "does not match its checksum" in message
    assert ("published at" in message) if where == "published" else ("known to mend" in message)
    assert f"SHA1 {fake['sha1']}" in message
    assert "get the model another way and use `mend model install PATH`" in info.value.hint
    assert list(models.iterdir()) == []


def test_cli_shows_a_mismatch_as_error_and_hint(fake, tmp_path, monkeypatch, capsys):
    manifest_file = tmp_path / "manifest.json"
    monkeypatch.setattr("mend.audio.model_verify.MANIFEST_PATH", manifest_file)
    import json

    manifest_file.write_text(json.dumps(fake["manifest"]))
    with ModelServer(_aar_files(fake, "f" * 40)) as server:
        monkeypatch.setenv("MEND_MODEL_URL_BASE", server.base_url)
        assert main(["model", "download"]) == 1
    err = capsys.readouterr().err
    error = [line for line in err.splitlines() if line.startswith(("Error:", "Hint:"))]
    assert len(error) == 2 and error[0].startswith(f"Error: could not download {NAME} from any source")
    assert "is not there (404 Not Found)" in error[0] and "does not match its checksum published at" in error[0]
    assert error[1].startswith("Hint: Run `mend model download` again")


@pytest.mark.parametrize("ranges", [True, False])
def test_dropped_connection_is_resumed(fake, tmp_path, monkeypatch, ranges):
    progress = Recorder()
    with ModelServer(_aar_files(fake), drops={AAR_PATH: 2}, ranges=ranges) as server:
        monkeypatch.setattr(model_sources, "ARTIFACT_BASE", server.base_url)
        path = download_model(None, tmp_path / "models", progress=progress, manifest=fake["manifest"], backoff=0)
    assert verify_model(path, fake["manifest"]).ok
    assert server.requests.count(f"/mirror/{AAR_PATH}") == 3
    dropped = [n for n in progress.notes if n.startswith("connection dropped")]
    assert len(dropped) == 2 and "resuming (try 2 of 5)" in dropped[0]
    size = len(fake["aar"])
    if ranges:  # each try asks only for what is still missing
        first = size // 2
        second = first + (size - first) // 2
        assert [r for _, r in server.range_requests] == [f"bytes={first}-", f"bytes={second}-"]
    assert len(progress.starts) == 1 and progress.updates[-1] == size


def test_a_connection_that_keeps_dropping_gives_up_cleanly(fake, tmp_path, monkeypatch):
    models = tmp_path / "models"
    with ModelServer(_aar_files(fake), drops={AAR_PATH: 99}, ranges=False) as server:
        monkeypatch.setattr(model_sources, "ARTIFACT_BASE", server.base_url)
        with pytest.raises(ModelError) as info:
            download_model(None, models, manifest=fake["manifest"], attempts=3, backoff=0)
    assert "was cut off 3 times" in info.value.message and "again" in info.value.hint
    assert list(models.iterdir()) == []


def test_only_http_addresses_are_used(tmp_path):
    with pytest.raises(ModelError, match="only http and https"):
        download_model(None, tmp_path / "models", base_url="file:///etc")


def test_cli_download_says_what_where_and_how_big_then_plain_progress(fake, tmp_path, monkeypatch, capsys):
    import json

    manifest_file = tmp_path / "manifest.json"
    manifest_file.write_text(json.dumps(fake["manifest"]))
    monkeypatch.setattr("mend.audio.model_verify.MANIFEST_PATH", manifest_file)
    with ModelServer(_aar_files(fake)) as server:
        assert main(["model", "download", "--url-base", server.base_url]) == 0
    captured = capsys.readouterr()
    size = len(fake["aar"])
    assert f"Downloading {NAME} from {server.base_url}/{AAR_PATH} ({size / 1000:.1f} kB)" in captured.err
    assert "downloaded 0%" in captured.err and "downloaded 100%" in captured.err and "\r" not in captured.err
    assert f"installed {NAME}" in captured.out


def test_progress_bar_on_a_terminal_shows_name_size_speed_and_time_left():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    progress = DownloadProgress(stream)
    progress.start("vosk-model-x", "http://host/models/vosk-model-x.zip", 4_000_000, 0)
    progress.update(2_000_000)
    progress.update(4_000_000)
    progress.finish()
    text = stream.getvalue()
    assert text.startswith("Downloading vosk-model-x from http://host/models/vosk-model-x.zip (4.0 MB)\n")
    last = text.replace("\r", "\n").strip().splitlines()[-1]
    assert last.startswith("vosk-model-x.zip: 100%") and "4.00M/4.00M" in last and "B/s" in last
    plain = io.StringIO()
    progress = DownloadProgress(plain)
    progress.start("m", "http://h/m.zip", None, 0)
    progress.update(25_000_000)
    assert plain.getvalue().splitlines() == ["Downloading m from http://h/m.zip (size unknown)", "downloaded 0 MB",
                                             "downloaded 25 MB"]


def test_fetching_only_the_archive_keeps_it_checked(fake, tmp_path, monkeypatch):
    manifest_file = tmp_path / "manifest.json"
    import json

    manifest_file.write_text(json.dumps(fake["manifest"]))
    monkeypatch.setattr("mend.audio.model_verify.MANIFEST_PATH", manifest_file)
    with ModelServer(_aar_files(fake)) as server:
        archive = fetch_model_archive(NAME, tmp_path / "cache", base_url=server.base_url, kind="artifact")
    assert archive == tmp_path / "cache" / "vosk-model-fake-1.0.aar" and archive.read_bytes() == fake["aar"]
    assert leftovers(tmp_path / "cache") == []


def test_installing_creates_the_data_folder_private(tmp_path, monkeypatch):
    import os

    old = os.umask(0o022)
    try:
        from mend.audio.models import install_model

        install_model(make_fake_model(tmp_path / "src", "m"), tmp_path / "new" / "data" / "models")
    finally:
        os.umask(old)
    for folder in (tmp_path / "new", tmp_path / "new" / "data", tmp_path / "new" / "data" / "models"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


@pytest.mark.model
@pytest.mark.slow
def test_real_model_aar_served_locally_installs_and_verifies(tmp_path):
    """The real artifact (as scripts/fetch-test-model.sh caches it), served by the local server as a mirror,
    through the whole default download path: SHA-1 checked, installed as the default model, every file verified."""
    aar = real_aar()
    body = aar.read_bytes()
    manifest = load_manifest()
    artifact = manifest["models"][manifest["default"]]["artifact"]
    path = model_sources.artifact_path(artifact)
    files = {path: body, path + ".sha1": hashlib.sha1(body).hexdigest().encode()}
    with ModelServer(files) as server:
        installed = download_model(None, tmp_path / "models", base_url=server.base_url)
    assert installed == tmp_path / "models" / manifest["default"]
    report = verify_model(installed)
    assert report.ok and report.model == "model-en-us" and report.checked == 15 and report.extra == []
    names = {rel: entry["sha256"] for rel, entry in manifest["models"][manifest["default"]]["files"].items()}
    for rel, digest in names.items():  # the default model's own checksums hold for the AAR's copy too
        assert hashlib.sha256((installed / rel).read_bytes()).hexdigest() == digest, rel
    assert Path(installed / "uuid").is_file()
