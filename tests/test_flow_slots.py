"""Slot names the application reads (`flows.APP_SLOTS`): declared in the flow schema, and a step slot spelled
close to one of them is reported by `mend flows check`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from mend.assistant.cli import main
from mend.flows import APP_SLOTS, builtin_flow, builtin_flow_names, parse_flow, slot_warnings
from tests.support.cli import REPO
from tests.support.flows import MINI_FLOW

READERS = ["outcome.py", "loop.py", "note_offer.py", "drafts.py"]


def _slot_names_read_in(file) -> set[str]:
    """String keys read with `.get("name")`, `get("name")` or `[...]["name"]` in a module of the session."""
    names = set()
    for node in ast.walk(ast.parse(file.read_text())):
        called = getattr(node.func, "attr", getattr(node.func, "id", None)) if isinstance(node, ast.Call) else None
        if (called == "get"
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            names.add(node.args[0].value)
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
            names.add(node.slice.value)
    return names


def test_every_slot_the_session_reads_by_name_is_declared():
    read = set().union(*(_slot_names_read_in(REPO / "assistant" / "session" / name) for name in READERS))
    assert {"relationship", "patterns", "feels_safe", "hurt_felt"} <= read
    assert read <= set(APP_SLOTS), read - set(APP_SLOTS)


def test_the_constants_the_session_uses_for_slots_are_declared():
    from mend.assistant.session.drafts import DRAFT_SLOT
    from mend.assistant.session.loop import COME_BACK_SLOT

    assert {DRAFT_SLOT, COME_BACK_SLOT, "activation_before", "activation_after", "gesture", "opening_line", "when"} \
        <= set(APP_SLOTS)


@pytest.mark.parametrize("name", builtin_flow_names())
def test_builtin_flows_spell_every_app_slot_right(name):
    assert slot_warnings(builtin_flow(name)) == []


def test_a_misspelled_app_slot_is_a_warning_naming_the_step_and_the_slot_meant():
    flow = parse_flow(MINI_FLOW.replace("level", "activation_befor"), Path("mini.toml"))
    [warning] = slot_warnings(flow)
    assert warning.step == "ask" and warning.field == "slot"
    assert "activation_befor" in str(warning) and "did you mean 'activation_before'" in str(warning)
    assert "activation_before" in warning.hint


def test_a_slot_of_the_flows_own_is_not_a_warning():
    assert slot_warnings(parse_flow(MINI_FLOW, Path("mini.toml"))) == []


def test_flows_check_reports_the_misspelled_slot(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MEND_HOME", str(tmp_path))
    path = tmp_path / "typo.toml"
    path.write_text(MINI_FLOW.replace("level", "opening_lines"))
    assert main(["flows", "check", str(path)]) == 0
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("Warning: typo.toml: step 'ask': field 'slot': ")
    assert "did you mean 'opening_line'" in lines[0] and lines[1].startswith("Hint: Rename it to 'opening_line'")
    assert out.startswith("OK: ") and "1 warning" in out
