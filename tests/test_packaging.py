"""mend as a package people install: built from its sources, one `mend` namespace, beside namesakes, tests in the sdist.

The repository keeps `assistant/`, `audio/` and `flows/` at its top; installed, they must be `mend.assistant`,
`mend.audio` and `mend.flows`, so that unrelated distributions named `assistant`, `audio` or `flows` (which exist)
can sit in the same environment without breaking a single command. These tests build the sdist and the wheel from
a copy of the tracked files with a current setuptools, install the wheel into a fresh virtual environment beside
three such namesakes, and run the real `mend` there; then they unpack the sdist and run part of its test suite.

Building needs setuptools 77 or later in a build environment, installed from the package index the set-up uses.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import textwrap
import zipfile
from pathlib import Path

import pytest

from tests.support.cli import CALM_REPLIES

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
NAMESAKES = ("assistant", "audio", "flows")


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kwargs)
    assert result.returncode == 0, f"{cmd}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def _venv(where: Path) -> Path:
    _run([sys.executable, "-m", "venv", str(where)])
    return where / "bin" / "python"


def _tracked_copy(dest: Path) -> Path:
    """The files git tracks, as they are in the working tree: what a clean clone would build from."""
    listed = _run(["git", "ls-files", "-z"], cwd=REPO).stdout.split("\0")
    for rel in filter(None, listed):
        source = REPO / rel
        if source.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / rel)
    return dest


@pytest.fixture(scope="module")
def builder(tmp_path_factory) -> Path:
    python = _venv(tmp_path_factory.mktemp("buildenv") / "venv")
    _run([str(python), "-m", "pip", "install", "-q", "setuptools>=77", "build"])
    return python


@pytest.fixture(scope="module")
def built(builder, tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("build")
    source = _tracked_copy(work / "src")
    out = work / "dist"
    result = _run([str(builder), "-m", "build", "--no-isolation", "--sdist", "--wheel", "--outdir", str(out),
                   str(source)])
    return {"log": result.stdout + result.stderr, "wheel": next(out.glob("*.whl")), "sdist": next(out.glob("*.tar.gz"))}


def test_building_prints_no_warning_about_ignored_packages(built):
    log = built["log"]
    assert "would be ignored" not in log
    assert "Installing" not in log or "as data is deprecated" not in log
    assert "SetuptoolsDeprecationWarning" not in log


def test_the_wheel_holds_one_top_level_package_with_its_data(built):
    names = zipfile.ZipFile(built["wheel"]).namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"mend", "mend_voice-0.1.0.dist-info"}
    for data in ("mend/flows/builtin/repair.toml", "mend/assistant/lines.toml",
                 "mend/assistant/safety/crisis_us.toml", "mend/assistant/safety/risk_model.npz",
                 "mend/audio/model_manifest.json", "mend/__main__.py"):
        assert data in names
    metadata = zipfile.ZipFile(built["wheel"]).read("mend_voice-0.1.0.dist-info/METADATA").decode()
    assert "License-Expression: MIT" in metadata
    assert "Requires-Dist: pyttsx3<3,>=2.99" in metadata or "Requires-Dist: pyttsx3>=2.99,<3" in metadata
    assert "mend_voice-0.1.0.dist-info/licenses/LICENSE" in names


def _namesake_wheel(builder: Path, name: str, where: Path) -> Path:
    """A distribution called `name` whose package breaks any program that imports it by mistake."""
    project = where / name
    (project / name).mkdir(parents=True)
    (project / "pyproject.toml").write_text(textwrap.dedent(f"""\
        [build-system]
        requires = ["setuptools>=61"]
        build-backend = "setuptools.build_meta"
        [project]
        name = "{name}"
        version = "9.9"
        [tool.setuptools]
        packages = ["{name}"]
        """))
    for module in ("__init__.py", "cli.py"):
        (project / name / module).write_text(f"raise ImportError('the unrelated {name} distribution was imported')\n")
    _run([str(builder), "-m", "build", "--no-isolation", "--wheel", "--outdir", str(where / "wheels"), str(project)])
    return next((where / "wheels").glob(f"{name}-*.whl"))


@pytest.fixture(scope="module")
def installed(built, builder, tmp_path_factory) -> Path:
    """A fresh environment holding the three namesakes and mend's wheel; mend's dependencies come from ours."""
    where = tmp_path_factory.mktemp("installed")
    python = _venv(where / "venv")
    wheels = [_namesake_wheel(builder, name, where) for name in NAMESAKES]
    _run([str(python), "-m", "pip", "install", "-q", "--no-index", "--no-deps", *map(str, wheels),
          str(built["wheel"])])
    # the dependencies (vosk, pyttsx3, ...) are the ones this suite runs with; a .pth line only adds the folder, so
    # our environment's own .pth files (the editable install of this checkout) are not run there
    site = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    Path(site, "zz_mend_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def _clean_env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["MEND_HOME"] = str(home)
    return env


def test_the_installed_wheel_works_beside_distributions_named_assistant_audio_and_flows(installed, tmp_path):
    env = _clean_env(tmp_path / "home")
    mend_file = _run([str(installed), "-c", "import mend.assistant.cli as c; print(c.__file__)"],
                     cwd=tmp_path, env=env).stdout.strip()
    assert str(installed.parents[1]) in mend_file and str(REPO) not in mend_file
    probe = subprocess.run([str(installed), "-c", "import assistant"], capture_output=True, text=True,
                           cwd=tmp_path, env=env)
    assert "the unrelated assistant distribution was imported" in probe.stderr

    mend_cmd = str(installed.parent / "mend")
    assert _run([mend_cmd, "--version"], cwd=tmp_path, env=env).stdout.strip() == "mend 0.1.0"
    assert "mend 0.1.0" in _run([str(installed), "-m", "mend", "--version"], cwd=tmp_path, env=env).stdout
    listed = _run([mend_cmd, "flows", "list"], cwd=tmp_path, env=env).stdout
    assert all(name in listed for name in ("repair", "calm", "moment"))
    assert "988" in _run([mend_cmd, "help", "crisis"], cwd=tmp_path, env=env).stdout
    summary = tmp_path / "summary.json"
    session = subprocess.run([mend_cmd, "session", "--text", "--no-pauses", "--flow", "calm", "--summary-json",
                              str(summary)], input="".join(r + "\n" for r in CALM_REPLIES), capture_output=True,
                             text=True, timeout=120, cwd=tmp_path, env=env)
    assert session.returncode == 0, session.stderr
    assert json.loads(summary.read_text())["ended"] == "completed"


def test_the_sdist_carries_tests_that_run(built, tmp_path):
    with tarfile.open(built["sdist"]) as archive:
        archive.extractall(tmp_path, filter="data")
    unpacked = next(tmp_path.glob("mend_voice-*"))
    for needed in ("tests/conftest.py", "tests/support/cli.py", "LICENSE", "constraints.txt", "README.md"):
        assert (unpacked / needed).is_file(), needed
    env = _clean_env(tmp_path / "home")
    env["PYTHONPATH"] = str(unpacked)
    where = _run([sys.executable, "-c", "import mend.flows; print(mend.flows.__file__)"], cwd=unpacked, env=env)
    assert where.stdout.strip().startswith(str(unpacked))
    result = _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_flows.py",
                   "tests/test_builtin_flows.py", "tests/test_meta.py", "tests/test_cli_text_sessions.py"],
                  cwd=unpacked, env=env)
    assert " passed" in result.stdout and " failed" not in result.stdout
