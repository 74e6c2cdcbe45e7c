"""Every malformed or inconsistent flow file is refused with a FlowError naming file, step and field."""

from __future__ import annotations

import pytest

import mend.flows.loader
from mend.flows import MAX_FLOW_BYTES, FlowError, builtin_flow, load_flow
from tests.support.flows import MINI_FLOW, mutate, write_flow

ASK_NEXT = 'next = [{ to = "breathe", when = "high" }, { to = "done" }]'
BREATHE_NEXT = 'next = [{ to = "done" }]\n\n[steps.done]'
ORPHAN = """
[steps.orphan]
expects = "none"
prompts = ["Nobody gets here."]
reprompt_silence = ["..."]
help = "Unreachable."
"""

# (case id, old snippet, new snippet, exact str(error), step, field)
CASES = [
    ("wrong type for a list", 'prompts = ["How high, zero to ten?", "Where are you, zero to ten?"]',
     'prompts = "How high?"',
     "mini.toml: step 'ask': field 'prompts': must be a list (got 'How high?')", "ask", "prompts"),
    ("unknown step in next", ASK_NEXT, 'next = [{ to = "breth", when = "high" }, { to = "done" }]',
     "mini.toml: step 'ask': field 'next[0].to': unknown step 'breth'", "ask", "next[0].to"),
    ("unknown start step", 'start = "ask"', 'start = "asc"',
     "mini.toml: field 'start': unknown step 'asc'", None, "start"),
    ("unreachable step", 'help = "The end."', 'help = "The end."\n' + ORPHAN,
     "mini.toml: step 'orphan': unreachable: no route leads here from the start step 'ask'", "orphan", None),
    ("undeclared condition in a route", 'when = "high" }, { to = "done" }', 'when = "hihg" }, { to = "done" }',
     "mini.toml: step 'ask': field 'next[0].when': unknown condition 'hihg'", "ask", "next[0].when"),
    ("undeclared condition in a lead", '{ when = "high", text', '{ when = "loud", text',
     "mini.toml: step 'breathe': field 'leads[0].when': unknown condition 'loud'", "breathe", "leads[0].when"),
    ("condition name clashing with the machine", "high = { slot", "is_high = { slot",
     "mini.toml: field 'conditions.is_high': bad condition name 'is_high'", None, "conditions.is_high"),
    ("condition named like a trigger", "high = { slot", "advance = { slot",
     "mini.toml: field 'conditions.advance': bad condition name 'advance'", None, "conditions.advance"),
    ("condition on a slot no step fills", 'slot = "level", at_least', 'slot = "lvl", at_least',
     "mini.toml: field 'conditions.high.slot': slot 'lvl' is not filled by any step", None, "conditions.high.slot"),
    ("condition that tests nothing", 'high = { slot = "level", at_least = 7 }', 'high = { slot = "level" }',
     "mini.toml: field 'conditions.high': tests nothing", None, "conditions.high"),
    ("empty prompt text", 'prompts = ["Breathe with me."]', 'prompts = ["   "]',
     "mini.toml: step 'breathe': field 'prompts[0]': empty text", "breathe", "prompts[0]"),
    ("no prompts at all", 'prompts = ["Breathe with me."]', "prompts = []",
     "mini.toml: step 'breathe': field 'prompts': needs at least one prompt", "breathe", "prompts"),
    ("choice with one option", 'expects = "number"\nslot = "level"',
     'expects = "choice"\nslot = "level"\noptions = [{ id = "a", label = "A" }]',
     "mini.toml: step 'ask': field 'options': a choice step needs at least 2 options", "ask", "options"),
    ("choice without options", 'expects = "number"\nslot = "level"', 'expects = "choice"\nslot = "level"',
     "mini.toml: step 'ask': field 'options': a choice step needs at least 2 options", "ask", "options"),
    ("number step without reprompt_unclear", 'reprompt_unclear = ["Just a number."]\n', "",
     "mini.toml: step 'ask': field 'reprompt_unclear': needs at least one line", "ask", "reprompt_unclear"),
    ("missing reprompt_silence", 'reprompt_silence = ["Take your time."]\n', "",
     "mini.toml: step 'ask': field 'reprompt_silence': is required but missing", "ask", "reprompt_silence"),
    ("empty reprompt_silence", 'reprompt_silence = ["Take your time."]', "reprompt_silence = []",
     "mini.toml: step 'ask': field 'reprompt_silence': needs at least one line", "ask", "reprompt_silence"),
    ("cycle with no exit to an end", BREATHE_NEXT, BREATHE_NEXT + '\nnext = [{ to = "breathe" }]',
     "mini.toml: step 'ask': field 'next': a cycle with no exit to an end: ask -> breathe -> done -> breathe",
     "ask", "next"),
    ("route shadowed by an unconditional one", BREATHE_NEXT,
     'next = [{ to = "done" }, { to = "ask" }]\n\n[steps.done]',
     "mini.toml: step 'breathe': field 'next[1]': never taken: next[0] has no `when`, so it always wins first",
     "breathe", "next[1]"),
    ("unknown key in a step", 'help = "A number."', 'help = "A number."\npromts = ["x"]',
     "mini.toml: step 'ask': field 'promts': unknown key 'promts'; did you mean 'prompts'?", "ask", "promts"),
    ("unknown key at the top", 'title = "Mini"', 'titel = "Mini"\ntitle = "Mini"',
     "mini.toml: field 'titel': unknown key 'titel'; did you mean 'title'?", None, "titel"),
    ("unknown key in a route", '{ to = "breathe", when = "high" }', '{ to = "breathe", wen = "high" }',
     "mini.toml: step 'ask': field 'next[0].wen': unknown key 'wen'; did you mean 'when'?", "ask", "next[0].wen"),
    ("unknown key in breathing", "cycles = 2 }", "cycles = 2, exale = 3 }",
     "mini.toml: step 'breathe': field 'breathing.exale': unknown key 'exale'; did you mean 'exhale'?",
     "breathe", "breathing.exale"),
    ("unknown key in a condition", 'high = { slot = "level", at_least = 7 }',
     'high = { slot = "level", atleast = 7 }',
     "mini.toml: field 'conditions.high.atleast': unknown key 'atleast'; did you mean 'at_least'?",
     None, "conditions.high.atleast"),
    ("step id written out", 'expects = "number"', 'id = "ask"\nexpects = "number"',
     "mini.toml: step 'ask': field 'id': unknown key 'id'", "ask", "id"),
    ("breathing out of range", "inhale = 4,", "inhale = 40,",
     "mini.toml: step 'breathe': field 'breathing.inhale': input should be less than or equal to 10 (got 40)",
     "breathe", "breathing.inhale"),
    ("breathing on a step that waits for an answer", 'expects = "number"\nslot = "level"',
     'expects = "number"\nslot = "level"\nbreathing = { inhale = 4, exhale = 4, cycles = 1 }',
     "mini.toml: step 'ask': field 'breathing': a breathing step must expect none (nobody answers mid-breath)",
     "ask", "breathing"),
    ("unknown answer kind", 'expects = "number"', 'expects = "numbr"',
     "mini.toml: step 'ask': field 'expects': input should be 'free', 'choice', 'yes_no', 'number' or 'none' "
     "(got 'numbr')", "ask", "expects"),
    ("number written as text", "minutes = [1, 2]", 'minutes = [1, "2"]',
     "mini.toml: field 'minutes[1]': must be a whole number (got '2')", None, "minutes[1]"),
    ("minutes the wrong way round", "minutes = [1, 2]", "minutes = [5, 2]",
     "mini.toml: field 'minutes': expected [low, high] minutes with 1 <= low <= high, got [5, 2]", None, "minutes"),
    ("condition value of a wrong type", "at_least = 7 }", "equals = [7] }",
     "mini.toml: field 'conditions.high.equals': must be text, a whole number or true/false", None,
     "conditions.high.equals"),
    ("answer step without a slot", 'expects = "none"\nprompts = ["You said', 'expects = "free"\nprompts = ["You said',
     "mini.toml: step 'done': field 'slot': a free step needs a slot to keep the answer in", "done", "slot"),
    ("condition on a slot whose step lost it", 'expects = "number"\nslot = "level"\n', 'expects = "number"\n',
     "mini.toml: field 'conditions.high.slot': slot 'level' is not filled by any step", None, "conditions.high.slot"),
    ("placeholder typo", "You said {level}.", "You said {levl}.",
     "mini.toml: step 'done': field 'prompts[0]': placeholder {levl} names no slot any step fills", "done",
     "prompts[0]"),
    ("malformed placeholder", "You said {level}.", "You said { level}.",
     "mini.toml: step 'done': field 'prompts[0]': malformed {placeholder}", "done", "prompts[0]"),
    ("bad step id", "[steps.done]", '[steps."all done"]',
     "mini.toml: step 'all done': field 'id': bad step id 'all done'", "all done", "id"),
    ("step id reserved for the machine", ASK_NEXT, ASK_NEXT.replace('"done"', '"finished"'),
     "mini.toml: step 'ask': field 'next[1].to': unknown step 'finished'", "ask", "next[1].to"),
    ("labels for an unknown slot", "[labels.level]", "[labels.lvl]",
     "mini.toml: field 'labels.lvl': labels for slot 'lvl', which no step fills", None, "labels.lvl"),
    ("understand on a number step", 'slot = "level"\n', 'slot = "level"\nunderstand = "patterns"\n',
     "mini.toml: step 'ask': field 'understand': only free steps can use understand", "ask", "understand"),
    ("unknown compose", 'slot = "level"\n', 'slot = "level"\ncompose = "poem"\n',
     "mini.toml: step 'ask': field 'compose': unknown value 'poem'", "ask", "compose"),
    ("options on a number step", 'slot = "level"\n',
     'slot = "level"\noptions = [{ id = "a", label = "A" }, { id = "b", label = "B" }]\n',
     "mini.toml: step 'ask': field 'options': options are only used by choice steps, not number", "ask", "options"),
    ("empty help", 'help = "Breathing."', 'help = ""',
     "mini.toml: step 'breathe': field 'help': empty text", "breathe", "help"),
    ("lead without lines", 'text = ["That is high: {level}."]', "text = []",
     "mini.toml: step 'breathe': field 'leads[0].text': needs at least one line", "breathe", "leads[0].text"),
]


@pytest.mark.parametrize(("old", "new", "expected", "step", "field"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_malformed_flow_is_refused_with_where_and_what(tmp_path, old, new, expected, step, field):
    path = write_flow(tmp_path, mutate(MINI_FLOW, old, new))
    with pytest.raises(FlowError) as caught:
        load_flow(path)
    error = caught.value
    assert str(error) == expected
    assert (error.step, error.field) == (step, field)
    assert error.file == str(path)
    assert error.hint.strip()


def test_the_base_flow_of_the_table_is_itself_valid(tmp_path):
    assert list(load_flow(write_flow(tmp_path)).steps) == ["ask", "breathe", "done"]


def test_invalid_toml_names_the_line(tmp_path):
    path = write_flow(tmp_path, mutate(MINI_FLOW, 'title = "Mini"', 'title = "Mini'))
    with pytest.raises(FlowError) as caught:
        load_flow(path)
    assert str(caught.value).startswith("mini.toml: not valid TOML: ")
    assert "line 2" in str(caught.value)


def test_a_flow_with_zero_steps_is_refused(tmp_path):
    text = MINI_FLOW.split("[conditions]")[0] + "steps = {}\n"
    with pytest.raises(FlowError) as caught:
        load_flow(write_flow(tmp_path, text))
    assert str(caught.value) == "mini.toml: field 'steps': the flow has no steps"


def test_a_flow_without_a_steps_table_is_refused(tmp_path):
    text = MINI_FLOW.split("[conditions]")[0]
    with pytest.raises(FlowError) as caught:
        load_flow(write_flow(tmp_path, text))
    assert str(caught.value) == "mini.toml: field 'steps': is required but missing"


def test_a_huge_file_is_refused_before_parsing(tmp_path, monkeypatch):
    def must_not_parse(_text):
        raise AssertionError("a huge file was parsed")

    monkeypatch.setattr(mend.flows.loader.tomllib, "loads", must_not_parse)
    path = write_flow(tmp_path, MINI_FLOW + "# " + "x" * MAX_FLOW_BYTES + "\n")
    with pytest.raises(FlowError) as caught:
        load_flow(path)
    assert str(caught.value).startswith("mini.toml: file is too large (")
    assert str(MAX_FLOW_BYTES) in str(caught.value)


def test_a_missing_file_is_a_flow_error(tmp_path):
    with pytest.raises(FlowError) as caught:
        load_flow(tmp_path / "nothing.toml")
    assert str(caught.value) == "nothing.toml: file not found"


def test_a_directory_is_not_a_flow_file(tmp_path):
    folder = tmp_path / "flows.toml"
    folder.mkdir()
    with pytest.raises(FlowError) as caught:
        load_flow(folder)
    assert str(caught.value) == "flows.toml: is a directory, not a flow file"


def test_a_file_that_is_not_utf8_is_a_flow_error(tmp_path):
    path = tmp_path / "mini.toml"
    path.write_bytes(MINI_FLOW.encode("utf-8") + b"# \xff\xfe\n")
    with pytest.raises(FlowError) as caught:
        load_flow(path)
    assert str(caught.value).startswith("mini.toml: not UTF-8 text")


def test_source_cannot_be_set_from_the_file(tmp_path):
    path = write_flow(tmp_path, mutate(MINI_FLOW, 'title = "Mini"', 'title = "Mini"\nsource = "/etc/passwd"'))
    with pytest.raises(FlowError) as caught:
        load_flow(path)
    assert str(caught.value) == "mini.toml: field 'source': unknown key 'source'"


@pytest.mark.parametrize("name", ["repiar", "../repair", "", "calm.toml"])
def test_unknown_builtin_name_lists_the_known_ones(name):
    with pytest.raises(FlowError) as caught:
        builtin_flow(name)
    assert str(caught.value) == f"no built-in flow named '{name}'"
    assert "calm, moment, repair" in caught.value.hint
