"""`benchmarks/run_all.py` runs the journal-scale benchmark with the others and prints its figures in key order."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.support.cli import REPO

pytestmark = pytest.mark.slow


def test_run_all_prints_the_journal_scale_figures(tmp_path):
    result = subprocess.run(
        [sys.executable, "benchmarks/run_all.py", "--only", "journal_scale", "--quick", "--results", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=600)
    assert "running journal_scale" in result.stderr, result.stderr
    rows = re.findall(r"^(8\.\d+)\s+(.+?)\s{2,}(\d+\.\d+) s", result.stdout, flags=re.M)
    names = [name for _, name, _ in rows]
    for command in ("list", "trends", "export"):
        for size in ("100", "1,000", "10,000"):
            assert f"{command} at {size} (plain, process)" in names, result.stdout
    numbers = [int(key.split(".")[1]) for key, _, _ in rows]
    assert numbers == sorted(numbers)  # 8.9 before 8.10
    kept = json.loads((tmp_path / "latest-quick.json").read_text())
    assert {row["module"] for row in kept["figures"]} == {"journal_scale"}
    assert all(row["value"] > 0 for row in kept["figures"])
