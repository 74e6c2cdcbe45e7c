"""The one file of what mend says (assistant/lines.toml): checked on load, asked for by key, never half-filled."""

from __future__ import annotations

import ast

import pytest

from mend.assistant.errors import LinesError
from mend.assistant.lines import fixed_lines, load_lines, parse_lines, say
from mend.assistant.safety.rules import KINDS
from tests.support.cli import REPO


def test_the_shipped_file_checks_out_and_fills_placeholders():
    assert len(load_lines().keys()) >= 40
    assert say("session.confirm", value="seven") == "Did you say seven?"
    assert say("commands.paused", why=say("commands.pausing")).startswith(say("commands.pausing") + " ")
    assert all("{" not in text for text in fixed_lines())


def test_every_safety_concern_has_its_check_in_question():
    for kind in KINDS:
        assert say(f"check_in.{kind}").endswith("?")


def test_variants_are_said_in_turn():
    lines = parse_lines('[a]\nb = ["one", "two"]\n', "test.toml")
    line = lines.line("a.b")
    assert [line.say[turn % len(line.say)] for turn in range(3)] == ["one", "two", "one"]


def test_a_missing_key_is_a_typed_error_with_a_hint():
    with pytest.raises(LinesError) as caught:
        say("sesion.confirm", value="x")
    assert "sesion.confirm" in caught.value.message and "session.confirm" in caught.value.hint


@pytest.mark.parametrize("fills", [{}, {"value": "x", "extra": 1}])
def test_a_line_asked_for_with_the_wrong_fills_is_an_error(fills):
    with pytest.raises(LinesError, match="session.confirm"):
        say("session.confirm", **fills)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[a]\nb = "Did you say {value}?"\n', "fills declares none"),
        ('[a]\nb = { say = ["{x}"], fills = ["y"] }\n', "fills declares ['y']"),
        ('[a]\nb = { say = ["x"], fils = ["y"] }\n', "a.b.fils"),
        ('[a]\nb = "a stray } brace"\n', "stray brace"),
        ('[a]\nb = []\n', "a.b.say"),
        ('a = "x"\n', "'a' must be a [section] table"),
        ('[a\n', "not valid TOML"),
        ('[Bad]\nb = "x"\n', "bad name 'Bad'"),
    ],
)
def test_a_bad_file_is_one_line_naming_the_file_and_the_line(text, expected):
    with pytest.raises(LinesError) as caught:
        parse_lines(text, "/somewhere/lines.toml")
    message = caught.value.message
    assert message.startswith("lines.toml: ") and expected in message and "\n" not in message
    assert caught.value.hint


def _keys_asked_for() -> set[str]:
    """Every literal key the application passes to `say(...)` / `line(...)` from assistant.lines."""
    keys = set()
    for file in (REPO / "assistant").rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("line", "say")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                keys.add(node.args[0].value)
    return keys


def test_every_key_the_code_asks_for_exists():
    keys = _keys_asked_for()
    assert len(keys) >= 30
    assert keys <= set(load_lines().keys()), keys - set(load_lines().keys())
