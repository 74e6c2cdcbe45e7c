"""`mend completion`: scripts generated from the parser, and the bash one actually completing in bash."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from mend.assistant.cli import build_parser
from mend.assistant.cli.completion import SHELLS, commands, script
from tests.support.cli import mend

TREE = commands(build_parser())


@pytest.mark.parametrize("shell", SHELLS)
def test_every_command_and_option_is_in_the_script(shell):
    text = script(shell, build_parser())
    for command in TREE:
        for name in command.subcommands:
            assert name in text, f"{shell}: {command.key} {name}"
        for option in command.options:
            assert all(flag.lstrip("-") in text for flag in option.flags), f"{shell}: {option.flags}"


def test_the_bash_script_names_every_subcommand(tmp_path):
    result = mend("completion", "bash", home=tmp_path)
    assert result.returncode == 0
    top = next(c for c in TREE if not c.words)
    assert {"session", "journal", "model", "completion", "devices"} <= set(top.subcommands)
    for command in TREE[1:]:
        assert command.words[-1] in result.stdout
    assert "complete -o default -F _mend mend" in result.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("typed, offered", [
    (["mend", "jo"], ["journal"]),
    (["mend", "journal", "ex"], ["export"]),
    (["mend", "journal", "export", "--format", ""], ["md", "json", "csv"]),
    (["mend", "completion", "f"], ["fish"]),
    (["mend", "model", "download", "--rep"], ["--replace"]),
    (["mend", "--text", "flows", "l"], ["list"]),
])
def test_bash_completes_commands_options_and_choices(tmp_path, typed, offered):
    path = tmp_path / "mend.bash"
    path.write_text(script("bash", build_parser()))
    words = " ".join(f"'{w}'" for w in typed)
    shell = f'source {path}; COMP_WORDS=({words}); COMP_CWORD={len(typed) - 1}; _mend; echo "${{COMPREPLY[*]}}"'
    result = subprocess.run(["bash", "--norc", "-c", shell], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == offered


def test_an_unknown_shell_is_a_usage_error(tmp_path):
    result = mend("completion", "tcsh", home=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith("Error: argument shell: invalid choice")


def _zsh_offers(tmp_path, typed: list[str]) -> list[str]:
    """What the zsh script hands to `compadd` for a command line typed so far (zsh itself then filters by prefix).

    `compadd`, `_files` and `compdef` belong to zsh's completion system, which only runs in an interactive shell;
    here they are small shell functions that print what they are given, so the script's own logic runs in zsh."""
    path = tmp_path / "_mend"
    path.write_text(script("zsh", build_parser()))
    words = " ".join(f"'{w}'" for w in typed)
    shell = (f'compadd() {{ [[ "$1" == "--" ]] && shift; print -l -- "$@"; }}; _files() {{ :; }}; '
             f'compdef() {{ :; }}; source {path}; words=({words}); CURRENT={len(typed)}; _mend')
    result = subprocess.run(["zsh", "-f", "-c", shell], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.skipif(shutil.which("zsh") is None, reason="needs zsh (scripts/setup.sh --test installs it)")
def test_zsh_offers_subcommands_options_and_choices(tmp_path):
    assert set(_zsh_offers(tmp_path, ["mend", "jo"])) >= {"journal", "session", "--version"}
    offered = _zsh_offers(tmp_path, ["mend", "journal", "ex"])
    assert "export" in offered and "session" not in offered
    assert _zsh_offers(tmp_path, ["mend", "journal", "export", "--format", ""]) == ["md", "json", "csv"]
    assert "--replace" in _zsh_offers(tmp_path, ["mend", "model", "download", "--rep"])


@pytest.mark.skipif(shutil.which("fish") is None, reason="needs fish (scripts/setup.sh --test installs it)")
@pytest.mark.parametrize("typed, offered", [
    ("mend jo", ["journal"]),
    ("mend journal ex", ["export"]),
    ("mend journal export --format ", ["csv", "json", "md"]),
    ("mend completion f", ["fish"]),
    ("mend model download --rep", ["--replace"]),
])
def test_fish_completes_commands_options_and_choices(tmp_path, typed, offered):
    path = tmp_path / "mend.fish"
    path.write_text(script("fish", build_parser()))
    result = subprocess.run(["fish", "--no-config", "-c", f"source {path}; complete -C '{typed}'"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert sorted(line.split("\t")[0] for line in result.stdout.splitlines()) == offered
