"""Checks that keep the project honest: documented commands, one-way imports, small modules."""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

import pytest

from mend.assistant.cli import build_parser
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


@pytest.mark.parametrize("path", [(), *(path for path, _ in COMMANDS)], ids=lambda p: " ".join(p) or "mend")
def test_every_command_has_a_description_and_an_example(path):
    parser = dict(COMMANDS)[path] if path else build_parser()
    text = parser.format_help()
    assert parser.description and parser.description.strip() in text
    examples = text.split("Example:\n" if "Example:\n" in text else "Examples:\n")
    assert len(examples) == 2, f"`mend {' '.join(path)} --help` has no Example: section"
    lines = [line.strip() for line in examples[1].splitlines() if line.strip()]
    assert lines and any(f"mend {' '.join(path)}".strip() in line for line in lines)
    assert all(len(line) <= 100 for line in text.splitlines())


def _environment_variables() -> set[str]:
    """Every variable the code reads: os.environ.get("X") / os.getenv("X"), and X_ENV = "X" constants."""
    import re

    found = set()
    for package in ("assistant", "audio", "flows"):
        for file in (REPO / package).rglob("*.py"):
            text = file.read_text()
            found |= set(re.findall(r'(?:environ\.get|getenv|environ\[)\(?\s*"([A-Z][A-Z0-9_]+)"', text))
            found |= set(re.findall(r'^[A-Z_]*ENV\s*=\s*"([A-Z][A-Z0-9_]+)"', text, re.M))
            found |= set(re.findall(r'env\.get\("([A-Z][A-Z0-9_]+)"', text))
    return found


def test_every_environment_variable_is_in_the_readme():
    names = _environment_variables()
    assert {"MEND_HOME", "MEND_PASSPHRASE", "MEND_DEBUG", "MEND_MODEL_URL_BASE", "VOSK_MODEL_PATH"} <= names
    section = README.split("## Environment variables", 1)[1].split("\n## ", 1)[0]
    assert not {name for name in names if f"`{name}`" not in section}


def test_help_runs_for_the_real_command(tmp_path):
    result = mend("--help", home=tmp_path)
    assert result.returncode == 0 and "session" in result.stdout and "journal" in result.stdout


def _top(module: str) -> str:
    """The package an import names: `mend.audio` for `mend.audio.guard` (mend's own packages are one level down)."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "mend" else parts[0]


def _imports(package: str) -> set[str]:
    found = set()
    for file in (REPO / package).rglob("*.py"):
        tree = ast.parse(file.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {_top(alias.name) for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(_top(node.module))
    return found


def test_imports_run_one_way():
    assert not _imports("audio") & {"mend.assistant", "mend.flows"}
    assert not _imports("flows") & {"mend.assistant", "mend.audio"}


def test_code_imports_mend_packages_by_their_installed_names():
    """Installed, the folders are `mend.assistant`, `mend.audio` and `mend.flows`; a bare `import audio` would find
    whatever else is installed under that name (or nothing)."""
    for package in ("assistant", "audio", "flows", "tests", "benchmarks"):
        assert not _imports(package) & {"assistant", "audio", "flows"}, package


def test_readme_test_command_is_what_ci_runs():
    ci = (REPO / ".ci" / "run").read_text()
    assert "scripts/test.sh" in ci and "./scripts/test.sh" in README


def _module_name(file: Path) -> str:
    parts = list(file.relative_to(REPO).with_suffix("").parts)
    return ".".join(["mend", *(parts[:-1] if parts[-1] == "__init__" else parts)])


def _import_graph(package: str = "assistant") -> dict[str, set[str]]:
    """Every module of the package and the modules it imports, wherever the import is written: at the top, inside
    a function, or under TYPE_CHECKING. Imports of other packages are kept by their full dotted name."""
    files = {_module_name(file): file for file in (REPO / package).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, file in files.items():
        here = name if file.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(file.read_text())):
            if isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = here.split(".")[: len(here.split(".")) - node.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                for alias in node.names:  # `from package import submodule` is an import of the submodule
                    found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in files else base)
        graph[name] = found - {name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        path.append(name)
        for target in sorted(graph.get(name, ()) & graph.keys()):
            if state.get(target) == 1:
                return [*path[path.index(target):], target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[name] = 2
        return None

    for name in sorted(graph):
        if name not in state and (found := visit(name)):
            return found
    return None


def test_the_import_graph_sees_every_kind_of_import():
    graph = _import_graph()
    assert "mend.assistant.session.loop" in graph["mend.assistant.modes.voice"]  # inside a function
    assert "mend.assistant.journal.entry" in graph["mend.assistant.journal.render"]  # under TYPE_CHECKING
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_no_import_cycles_in_assistant():
    cycle = _cycle(_import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


NEVERS = {
    "mend.assistant.session": ("mend.assistant.cli",),
    "mend.assistant.modes": ("mend.assistant.cli",),
    "mend.assistant.understanding": ("mend.assistant.cli", "mend.audio"),
    "mend.assistant.safety": ("mend.assistant.cli", "mend.audio"),
    "mend.assistant.journal": ("mend.assistant.cli", "mend.audio"),
}


@pytest.mark.parametrize("room", sorted(NEVERS))
def test_rooms_never_import_what_they_must_not(room):
    graph = _import_graph()
    for module, imports in graph.items():
        if module != room and not module.startswith(room + "."):
            continue
        for imported in imports:
            for banned in NEVERS[room]:
                assert imported != banned and not imported.startswith(banned + "."), f"{module} imports {imported}"


MAX_LINES = 330


@pytest.mark.parametrize("package", ["assistant", "audio", "flows"])
def test_modules_stay_small(package):
    sizes = {file: len(file.read_text().splitlines()) for file in (REPO / package).rglob("*.py")}
    too_long = {str(file.relative_to(REPO)): lines for file, lines in sizes.items() if lines > MAX_LINES}
    assert not too_long, f"modules over {MAX_LINES} lines: {too_long}"
