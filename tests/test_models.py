"""Model management: search order, install from folders and archives, verification against the manifest,
downloads from a local server, interruption safety (a killed process leaves nothing once cleaned), removal, CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mend.assistant.cli import main
from mend.audio.errors import ModelError
from mend.audio.models import (
    DEFAULT_MODEL,
    check_model_files,
    clean_stale_temps,
    default_vosk_dirs,
    find_model,
    install_model,
    load_manifest,
    model_status,
    remove_model,
    verify_model,
)
from tests.support.models import (
    leftovers,
    make_fake_model,
    real_aar,
    tar_dir,
    zip_dir,
)

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture()
def data_dir(mend_home) -> Path:
    return mend_home


@pytest.fixture()
def models_dir(data_dir) -> Path:
    return data_dir / "models"


@pytest.fixture(scope="module")
def real_model(tmp_path_factory) -> Path:
    """The real English model, installed once from its AAR by mend's own installer."""
    return install_model(real_aar(), tmp_path_factory.mktemp("real") / "models")


# --- search order ---------------------------------------------------------------------------------------------

def test_search_order_explicit_then_env_then_data_dir_then_vosk_dirs(tmp_path, data_dir, models_dir):
    explicit = make_fake_model(tmp_path, "explicit")
    mend_env = make_fake_model(tmp_path, "mend-env")
    vosk_env = make_fake_model(tmp_path, "vosk-env")
    default = make_fake_model(models_dir, DEFAULT_MODEL)
    other = make_fake_model(models_dir, "aaa-other")
    cache = make_fake_model(tmp_path / "cache-vosk", "vosk-model-cached")
    system = make_fake_model(tmp_path / "share-vosk", "vosk-model-system")
    vosk_dirs = [tmp_path / "cache-vosk", tmp_path / "share-vosk"]
    env = {"MEND_MODEL": str(mend_env), "VOSK_MODEL_PATH": str(vosk_env)}

    assert find_model(explicit, data_dir, env=env, vosk_dirs=vosk_dirs) == explicit
    assert find_model(None, data_dir, env=env, vosk_dirs=vosk_dirs) == mend_env
    del env["MEND_MODEL"]
    assert find_model(None, data_dir, env=env, vosk_dirs=vosk_dirs) == vosk_env
    env.clear()
    assert find_model(None, data_dir, env=env, vosk_dirs=vosk_dirs) == default  # named default beats "aaa"
    shutil.rmtree(default)
    assert find_model(None, data_dir, env=env, vosk_dirs=vosk_dirs) == other
    shutil.rmtree(other)
    assert find_model(None, data_dir, env=env, vosk_dirs=vosk_dirs) == cache
    shutil.rmtree(cache)
    assert find_model(None, data_dir, env=env, vosk_dirs=vosk_dirs) == system
    assert default_vosk_dirs() == (Path.home() / ".cache" / "vosk", Path("/usr/share/vosk"))


def test_env_variables_are_read_from_the_process(tmp_path, data_dir, monkeypatch):
    chosen = make_fake_model(tmp_path, "from-env")
    monkeypatch.setenv("VOSK_MODEL_PATH", str(chosen))
    assert find_model(None, data_dir, vosk_dirs=[]) == chosen
    status = model_status(None, data_dir, vosk_dirs=[])
    assert status.path == chosen and status.source == "VOSK_MODEL_PATH"


def test_no_model_anywhere_says_where_it_looked_and_how_to_fix(tmp_path, data_dir):
    with pytest.raises(ModelError) as info:
        find_model(None, data_dir, env={}, vosk_dirs=[tmp_path / "nothing"])
    assert info.value.message.startswith("no speech model found (looked in: --model, MEND_MODEL, VOSK_MODEL_PATH, ")
    assert str(data_dir / "models") in info.value.message and str(tmp_path / "nothing") in info.value.message
    assert info.value.hint == ("Run `mend model download` or `mend model install PATH`; "
                               "or use `mend session --text`")


def test_partial_model_names_missing_file_and_fix(tmp_path, data_dir, models_dir):
    broken = make_fake_model(models_dir, "half")
    (broken / "am" / "final.mdl").unlink()
    (broken / "conf" / "mfcc.conf").write_bytes(b"")
    assert check_model_files(broken) == ["missing am/final.mdl", "empty conf/mfcc.conf"]
    with pytest.raises(ModelError) as info:
        find_model(None, data_dir, env={}, vosk_dirs=[])
    assert "missing am/final.mdl" in info.value.message and "empty conf/mfcc.conf" in info.value.message
    assert "mend model remove half --yes" in info.value.hint
    (broken / "graph" / "Gr.fst").unlink()
    assert "missing graph/Gr.fst" in check_model_files(broken)
    with pytest.raises(ModelError, match="from --model.*does not exist"):
        find_model(tmp_path / "typo", data_dir, env={}, vosk_dirs=[])
    with pytest.raises(ModelError, match="missing am/final.mdl"):
        find_model(broken, data_dir, env={}, vosk_dirs=[])  # explicit choice is never silently replaced


# --- install ----------------------------------------------------------------------------------------------------

def test_install_from_directory_zip_and_targz(tmp_path, models_dir):
    source = make_fake_model(tmp_path / "src" / "assets", "vosk-model-test-1")
    from_dir = install_model(tmp_path / "src", models_dir)  # the model may sit deeper inside the folder
    assert from_dir == models_dir / "vosk-model-test-1" and not check_model_files(from_dir)
    assert (from_dir / "am" / "final.mdl").read_bytes() == (source / "am" / "final.mdl").read_bytes()

    from_zip = install_model(zip_dir(source, tmp_path / "m.zip"), models_dir, name="zipped")
    flat = install_model(zip_dir(source, tmp_path / "flat.zip", prefix=""), models_dir)  # no top folder
    from_tgz = install_model(tar_dir(source, tmp_path / "m.tar.gz"), models_dir, name="tarred")
    assert (from_zip.name, flat.name, from_tgz.name) == ("zipped", "flat", "tarred")
    for installed in (from_zip, flat, from_tgz):
        assert sorted(p.relative_to(installed) for p in installed.rglob("*")) == \
            sorted(p.relative_to(source) for p in source.rglob("*"))
    assert leftovers(models_dir) == []


def test_install_refuses_existing_name_unless_replacing(tmp_path, models_dir):
    first = make_fake_model(tmp_path / "a", "same")
    second = make_fake_model(tmp_path / "b", "same")
    (second / "README").write_text("second copy\n")
    install_model(first, models_dir)
    with pytest.raises(ModelError, match="already installed"):
        install_model(second, models_dir)
    installed = install_model(second, models_dir, replace=True)
    assert (installed / "README").read_text() == "second copy\n" and leftovers(models_dir) == []
    with pytest.raises(ModelError, match="not a valid model name"):
        install_model(second, models_dir, name="../escape")


def test_install_rejects_altered_known_model(tmp_path, models_dir, real_model):
    copy = Path(shutil.copytree(real_model, tmp_path / "model-en-us"))
    (copy / "conf" / "mfcc.conf").write_text((copy / "conf" / "mfcc.conf").read_text() + "--dither=0\n")
    with pytest.raises(ModelError, match="failed verification: altered conf/mfcc.conf"):
        install_model(copy, models_dir)
    assert not models_dir.exists() or list(models_dir.iterdir()) == []
    assert install_model(copy, models_dir, check_sums=False) == models_dir / "model-en-us"


_KILL_SCRIPT = """
import pathlib, sys, time
from mend.audio import archives
from mend.audio.models import install_model
real = archives.write_entry
def slow(*args, **kwargs):
    real(*args, **kwargs)
    pathlib.Path(sys.argv[3]).touch()
    time.sleep(0.3)
archives.write_entry = slow
install_model(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]))
"""


def test_killed_install_leaves_nothing_after_next_call(tmp_path, models_dir):
    archive = zip_dir(make_fake_model(tmp_path / "src", "vosk-model-killed"), tmp_path / "m.zip")
    marker = tmp_path / "writing"
    proc = subprocess.Popen([sys.executable, "-c", _KILL_SCRIPT, str(archive), str(models_dir), str(marker)],
                            cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    deadline = time.monotonic() + 30
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert marker.exists(), "the installer never started writing"
    proc.kill()
    proc.wait(10)
    stale = leftovers(models_dir)
    assert len(stale) == 1 and stale[0].startswith(f".partial-{proc.pid}-")
    assert any((models_dir / stale[0]).rglob("*.mdl")) or any((models_dir / stale[0]).rglob("README"))
    assert not (models_dir / "vosk-model-killed").exists()

    alive = models_dir / f".partial-{os.getpid()}-0000"  # a staging folder of a running process is kept
    alive.mkdir()
    assert [p.name for p in clean_stale_temps(models_dir)] == stale
    assert leftovers(models_dir) == [alive.name]
    alive.rmdir()
    (models_dir / f".partial-{proc.pid}-dead").mkdir()
    assert install_model(archive, models_dir) == models_dir / "vosk-model-killed"
    assert leftovers(models_dir) == []


# --- verify -----------------------------------------------------------------------------------------------------

def test_verify_detects_missing_and_altered_files_of_real_model(tmp_path, real_model):
    copy = Path(shutil.copytree(real_model, tmp_path / "copy"))
    clean = verify_model(copy)
    assert clean.ok and clean.model == "model-en-us" and clean.identified_by == "uuid" and clean.checked == 15
    (copy / "ivector" / "splice.conf").unlink()
    small = copy / "conf" / "model.conf"
    data = bytearray(small.read_bytes())
    data[5] ^= 0x01
    small.write_bytes(bytes(data))
    (copy / "notes.txt").write_text("added")
    report = verify_model(copy)
    assert not report.ok
    assert (report.missing, report.altered, report.extra) == (["ivector/splice.conf"], ["conf/model.conf"],
                                                              ["notes.txt"])
    assert report.problems == []  # still loadable in shape; only the checksums catch it
    assert "FAILED (1 missing, 1 altered" in report.summary()


def test_verify_unknown_and_structure_only_models(tmp_path):
    unknown = make_fake_model(tmp_path, "homemade")
    report = verify_model(unknown)
    assert report.ok and report.model is None and "not in the manifest, structure checked only" in report.summary()
    small = make_fake_model(tmp_path, DEFAULT_MODEL)
    (small / "ivector" / "final.ie").unlink()
    report = verify_model(small)
    assert report.model == DEFAULT_MODEL and report.identified_by == "name"
    assert report.missing == ["ivector/final.ie"] and not report.ok
    assert report.checked == 13 and len(report.altered) == 13  # the default model's files have known checksums
    manifest = load_manifest()
    assert manifest["default"] == DEFAULT_MODEL
    assert manifest["models"][DEFAULT_MODEL]["url"].endswith("/vosk-model-small-en-us-0.15.zip")
    structure_only = {"models": {"bare": {"expected_files": ["README"]}}}
    bare = make_fake_model(tmp_path, "bare")
    report = verify_model(bare, structure_only)
    assert report.ok and report.checked == 0 and "no checksums known, expected files checked" in report.summary()


# --- remove, status, CLI ----------------------------------------------------------------------------------------

def test_remove_only_touches_models_folder(tmp_path, models_dir):
    installed = install_model(make_fake_model(tmp_path, "to-remove"), models_dir)
    outside = make_fake_model(tmp_path, "outside")
    with pytest.raises(ModelError, match="not in mend's models folder"):
        remove_model(outside, models_dir)
    with pytest.raises(ModelError, match="no model nope"):
        remove_model("nope", models_dir)
    assert remove_model("to-remove", models_dir) == installed
    assert not installed.exists() and outside.is_dir() and leftovers(models_dir) == []


def test_cli_install_status_verify_remove(tmp_path, data_dir, capsys):
    source = make_fake_model(tmp_path, "cli-model")
    assert main(["model", "install", str(source)]) == 0
    assert f"installed cli-model in {data_dir / 'models'}" in capsys.readouterr().out
    assert main(["model", "status"]) == 0
    out = capsys.readouterr().out
    assert f"in use: {data_dir / 'models' / 'cli-model'} (from mend models folder)" in out
    assert main(["model", "verify"]) == 0
    assert "OK (not in the manifest, structure checked only)" in capsys.readouterr().out
    (data_dir / "models" / "cli-model" / "conf" / "model.conf").unlink()
    assert main(["model", "verify", str(data_dir / "models" / "cli-model")]) == 1
    captured = capsys.readouterr()
    assert "problem: missing conf/model.conf" in captured.out and "Error: model at" in captured.err
    assert main(["model", "remove", "cli-model"]) == 1  # no TTY and no --yes: refuses
    assert "Hint: Run `mend model remove cli-model --yes`." in capsys.readouterr().err
    assert main(["model", "remove", "--yes"]) == 0
    assert not (data_dir / "models" / "cli-model").exists()
    assert main(["model", "status"]) == 1
    assert "in use: none: no speech model found" in capsys.readouterr().out
