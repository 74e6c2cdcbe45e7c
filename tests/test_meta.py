"""Checks that keep the project honest: documented commands, one-way imports, small modules."""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

import pytest

from assistant.cli import build_parser
from tests.support.cli import REPO, mend

README = (REPO / "README.md").read_text()


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*prefix, name), sub
                yield from _commands(sub, (*prefix, name))


COMMANDS = list(_commands(build_parser()))


def test_there_are_commands_to_check():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"session", "flows list", "journal forget", "model install", "devices", "doctor"} <= names


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS], ids=lambda p: " ".join(p))
def test_every_command_has_help_and_is_in_the_readme(path):
    parser = dict(COMMANDS)[path]
    assert parser.description or parser.format_help().strip()
    parent = dict(COMMANDS).get(path[:-1]) if len(path) > 1 else build_parser()
    helps = {a.dest: a for a in parent._actions if isinstance(a, argparse._SubParsersAction)}
    choices = next(iter(helps.values()))._choices_actions
    assert any(choice.dest == path[-1] and choice.help for choice in choices), f"no help line for {path}"
    if len(path) == 1:
        assert f"mend {path[0]}" in README, f"`mend {path[0]}` is not in the README"
    else:
        assert path[-1] in README and f"mend {path[0]}" in README, f"`mend {' '.join(path)}` is not in the README"


def test_help_runs_for_the_real_command(tmp_path):
    result = mend("--help", home=tmp_path)
    assert result.returncode == 0 and "session" in result.stdout and "journal" in result.stdout


def _imports(package: str) -> set[str]:
    found = set()
    for file in (REPO / package).rglob("*.py"):
        tree = ast.parse(file.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found


def test_imports_run_one_way():
    assert not _imports("audio") & {"assistant", "flows"}
    assert not _imports("flows") & {"assistant", "audio"}


def test_readme_test_command_is_what_ci_runs():
    ci = (REPO / ".ci" / "run").read_text()
    assert "scripts/test.sh" in ci and "./scripts/test.sh" in README
