"""The `mend` command's argument and error handling, called in-process: `main([...])` with captured output.

Each failure is one `Error:` line and one `Hint:` line on stderr, never a traceback, and a non-zero exit code.
"""

from __future__ import annotations

import pytest

from mend.assistant.cli import main
from tests.support.flows import MINI_FLOW


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MEND_HOME", str(tmp_path))
    monkeypatch.delenv("MEND_DEBUG", raising=False)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _error_and_hint(err: str) -> tuple[str, str]:
    lines = err.strip().splitlines()
    assert len(lines) == 2 and "Traceback" not in err, err
    assert lines[0].startswith("Error: ") and lines[1].startswith("Hint: "), err
    return lines[0], lines[1]


def _usage_error(run, *args: str) -> str:
    code, out, err = run(*args)  # argparse's complaints, in the same Error:/Hint: shape, exit code 2
    assert code == 2 and not out
    error, hint = _error_and_hint(err)
    assert "--help" in hint
    return error


def test_an_unknown_subcommand_is_a_usage_error(run, capsys):
    assert "invalid choice: 'flowz'" in _usage_error(run, "flowz")


def test_a_missing_argument_is_a_usage_error(run, capsys):
    assert "the following arguments are required: file" in _usage_error(run, "flows", "check")


def test_a_bad_flow_file_is_one_error_and_one_hint(run, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(MINI_FLOW.replace('start = "ask"', 'start = "asq"'))
    code, out, err = run("flows", "check", str(bad))
    error, hint = _error_and_hint(err)
    assert code == 1 and not out
    assert "bad.toml" in error and "unknown step 'asq'" in error and "ask" in hint


def test_a_flow_file_that_is_not_toml_is_one_error_and_one_hint(run, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("name = [unclosed\n")
    code, _, err = run("flows", "check", str(bad))
    error, _ = _error_and_hint(err)
    assert code == 1 and "bad.toml" in error


def test_a_good_flow_file_checks_out(run, tmp_path):
    good = tmp_path / "mini.toml"
    good.write_text(MINI_FLOW)
    code, out, err = run("flows", "check", str(good))
    assert code == 0 and out.startswith("OK: ") and "mini" in out and not err


def test_a_bad_config_value_is_one_error_and_one_hint(run, tmp_path):
    (tmp_path / "config.toml").write_text("[voice]\nrate_wpm = 5000\n")
    code, out, err = run("config", "show")
    error, hint = _error_and_hint(err)
    assert code == 1 and not out
    assert "rate_wpm" in error and "config" in hint


def test_an_unknown_config_key_is_one_error_and_one_hint(run, tmp_path):
    (tmp_path / "config.toml").write_text("[voice]\nrat_wpm = 150\n")
    code, _, err = run("config", "show")
    error, _ = _error_and_hint(err)
    assert code == 1 and "rat_wpm" in error


def test_an_unknown_flow_name_is_one_error_and_one_hint(run):
    code, _, err = run("flows", "show", "repiar")
    error, hint = _error_and_hint(err)
    assert code == 1 and "repiar" in error
