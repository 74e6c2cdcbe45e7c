"""Archive unpacking refuses everything that could escape the target folder or exhaust the disk, and model
installs from archives (including the real Vosk AAR) land complete or not at all."""

from __future__ import annotations

import stat
import tarfile
import zipfile
from pathlib import Path

import pytest

from mend.audio import archives
from mend.audio.archives import ArchiveLimits, extract_archive
from mend.audio.errors import ArchiveError, ModelError
from mend.audio.models import install_model, verify_model
from tests.support.models import leftovers, make_fake_model, real_aar, tar_with, zip_dir, zip_with


@pytest.fixture()
def models_dir(tmp_path) -> Path:
    return tmp_path / "data" / "models"


def _dest(tmp_path) -> Path:
    dest = tmp_path / "out"
    dest.mkdir()
    return dest


def _escaped(tmp_path) -> list[Path]:
    return [p for p in tmp_path.rglob("*evil*")]


@pytest.mark.parametrize("name", ["../evil.txt", "model/../../evil.txt", "a/../../../evil.txt", "..\\evil.txt"])
def test_zip_entry_climbing_out_is_refused(tmp_path, name):
    archive = zip_with(tmp_path / "bad.zip", [("model/README", b"ok"), (name, b"owned")])
    with pytest.raises(ArchiveError, match="leaves its folder"):
        extract_archive(archive, _dest(tmp_path))
    assert _escaped(tmp_path) == []


def test_tar_entry_climbing_out_is_refused(tmp_path):
    archive = tar_with(tmp_path / "bad.tar.gz", [(tarfile.TarInfo("../evil.txt"), b"owned")])
    with pytest.raises(ArchiveError, match="leaves its folder"):
        extract_archive(archive, _dest(tmp_path))
    assert _escaped(tmp_path) == []


def test_absolute_paths_are_refused_in_zip_and_tar(tmp_path):
    target = tmp_path / "evil-abs.txt"
    zipped = zip_with(tmp_path / "abs.zip", [(zipfile.ZipInfo(str(target)), b"owned")])
    assert zipfile.ZipFile(zipped).namelist() == [str(target)]
    with pytest.raises(ArchiveError, match="absolute path"):
        extract_archive(zipped, _dest(tmp_path))
    tarred = tar_with(tmp_path / "abs.tgz", [(tarfile.TarInfo(str(target)), b"owned")])
    with pytest.raises(ArchiveError, match="absolute path"):
        extract_archive(tarred, tmp_path / "out")
    assert not target.exists()


def test_symlinks_hardlinks_and_devices_are_refused(tmp_path):
    link = zipfile.ZipInfo("model/evil-link")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    zipped = zip_with(tmp_path / "link.zip", [(link, b"../../../../etc/passwd")])
    with pytest.raises(ArchiveError, match="link"):
        extract_archive(zipped, _dest(tmp_path))

    sym = tarfile.TarInfo("model/evil-sym")
    sym.type, sym.linkname = tarfile.SYMTYPE, "/etc/passwd"
    with pytest.raises(ArchiveError, match="link"):
        extract_archive(tar_with(tmp_path / "sym.tgz", [(sym, None)]), tmp_path / "out")

    hard = tarfile.TarInfo("model/evil-hard")
    hard.type, hard.linkname = tarfile.LNKTYPE, "../../etc/passwd"
    with pytest.raises(ArchiveError, match="link"):
        extract_archive(tar_with(tmp_path / "hard.tgz", [(hard, None)]), tmp_path / "out")

    dev = tarfile.TarInfo("model/evil-dev")
    dev.type, dev.devmajor, dev.devminor = tarfile.CHRTYPE, 1, 3
    with pytest.raises(ArchiveError, match="special file"):
        extract_archive(tar_with(tmp_path / "dev.tgz", [(dev, None)]), tmp_path / "out")
    assert not any(p.is_symlink() for p in (tmp_path / "out").rglob("*"))
    assert _escaped(tmp_path) == []


def test_highly_compressible_entry_is_refused_as_a_bomb(tmp_path):
    zipped = zip_with(tmp_path / "bomb.zip", [("model/am/final.mdl", b"\0" * (8 * 1024 * 1024))])
    info = zipfile.ZipFile(zipped).infolist()[0]
    assert info.file_size / info.compress_size > 200
    with pytest.raises(ArchiveError, match="expands more than 200 times"):
        extract_archive(zipped, _dest(tmp_path))
    assert not (tmp_path / "out" / "model" / "am" / "final.mdl").exists()

    tarred = tar_with(tmp_path / "bomb.tgz", [(tarfile.TarInfo("model/am/final.mdl"), b"\0" * (8 * 1024 * 1024))])
    with pytest.raises(ArchiveError, match="expands more than"):
        extract_archive(tarred, tmp_path / "out2")


def test_total_size_and_entry_count_caps(tmp_path):
    data = bytes(range(256)) * 4096  # 1 MiB, barely compressible: only the total cap can stop it
    zipped = zip_with(tmp_path / "big.zip", [(f"model/part{i}", data) for i in range(3)])
    with pytest.raises(ArchiveError, match="unpacks to more than"):
        extract_archive(zipped, _dest(tmp_path), ArchiveLimits(max_total_bytes=2 * 1024 * 1024))
    tarred = tar_with(tmp_path / "big.tgz", [(tarfile.TarInfo(f"model/part{i}"), data) for i in range(3)])
    with pytest.raises(ArchiveError, match="unpacks to more than"):
        extract_archive(tarred, tmp_path / "out2", ArchiveLimits(max_total_bytes=2 * 1024 * 1024))

    many = zip_with(tmp_path / "many.zip", [(f"model/f{i}", b"x") for i in range(30)])
    with pytest.raises(ArchiveError, match="more than 20 entries"):
        extract_archive(many, tmp_path / "out3", ArchiveLimits(max_entries=20))


def test_not_an_archive_and_truncated_archive(tmp_path):
    text = tmp_path / "notes.zip"
    text.write_text("just text")
    with pytest.raises(ArchiveError, match="not a zip, AAR or tar archive"):
        extract_archive(text, _dest(tmp_path))
    good = zip_dir(make_fake_model(tmp_path / "src"), tmp_path / "model.zip")
    cut = tmp_path / "cut.zip"
    cut.write_bytes(good.read_bytes()[:-200])
    with pytest.raises(ArchiveError):
        extract_archive(cut, tmp_path / "out2")


def test_non_model_archive_is_refused_and_leaves_nothing(tmp_path, models_dir):
    archive = zip_with(tmp_path / "photos.zip", [("photos/cat.jpg", b"\xff\xd8"), ("docs/readme.txt", b"hi")])
    with pytest.raises(ArchiveError) as info:
        install_model(archive, models_dir)
    assert info.value.message == "no Vosk model inside photos.zip (expected a folder with am/ and conf/)"
    assert list(models_dir.iterdir()) == []


def test_partial_model_archive_names_missing_file(tmp_path, models_dir):
    root = make_fake_model(tmp_path / "src", "half")
    (root / "am" / "final.mdl").unlink()
    with pytest.raises(ModelError, match="missing am/final.mdl"):
        install_model(zip_dir(root, tmp_path / "half.zip"), models_dir)
    assert list(models_dir.iterdir()) == []


def test_interrupted_extraction_leaves_nothing(tmp_path, models_dir, monkeypatch):
    real_write = archives.write_entry
    calls = []

    def failing_write(*args, **kwargs):
        calls.append(args[1])
        if len(calls) == 3:
            raise KeyboardInterrupt  # like Ctrl-C or SIGTERM (which the CLI turns into KeyboardInterrupt)
        return real_write(*args, **kwargs)

    monkeypatch.setattr(archives, "write_entry", failing_write)
    archive = zip_dir(make_fake_model(tmp_path / "src", "vosk-model-test"), tmp_path / "m.zip")
    with pytest.raises(KeyboardInterrupt):
        install_model(archive, models_dir)
    assert len(calls) == 3 and calls[0].is_relative_to(models_dir)  # it was writing inside the staging folder
    assert list(models_dir.iterdir()) == []
    monkeypatch.setattr(archives, "write_entry", real_write)
    assert install_model(archive, models_dir) == models_dir / "vosk-model-test"
    assert leftovers(models_dir) == []


def test_real_aar_installs_and_matches_manifest(tmp_path, models_dir):
    aar = real_aar()
    installed = install_model(aar, models_dir)
    assert installed == models_dir / "model-en-us"
    assert leftovers(models_dir) == [] and [p.name for p in models_dir.iterdir()] == ["model-en-us"]
    report = verify_model(installed)
    assert report.ok and report.model == "model-en-us" and report.identified_by == "uuid"
    assert report.checked == 15 and report.extra == []  # 14 model files + uuid
    assert stat.S_IMODE(installed.stat().st_mode) == 0o700
    assert stat.S_IMODE((installed / "am" / "final.mdl").stat().st_mode) == 0o600
