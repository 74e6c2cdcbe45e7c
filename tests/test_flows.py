"""The flow model, loader, runner and rendering, on a small real flow file."""

from __future__ import annotations

import inspect

import pytest

from mend.flows import (
    AnswerKind,
    BreathPattern,
    Condition,
    FlowError,
    FlowRunner,
    breathing_cues,
    builtin_flow,
    describe_flow,
    fill,
    join_spoken,
    load_flow,
    validate_flow,
)
from tests.support.flows import MINI_FLOW, mutate, write_flow


@pytest.fixture
def mini(tmp_path):
    return load_flow(write_flow(tmp_path))


def test_loading_fills_ids_keeps_order_and_remembers_the_file(tmp_path):
    path = write_flow(tmp_path)
    flow = load_flow(str(path))
    assert list(flow.steps) == ["ask", "breathe", "done"]
    assert [step.id for step in flow.steps.values()] == ["ask", "breathe", "done"]
    assert flow.source == path
    assert flow.steps["ask"].expects is AnswerKind.NUMBER
    assert flow.steps["breathe"].breathing == BreathPattern(inhale=4, hold=2, exhale=6, cycles=2)
    assert flow.minutes == (1, 2)


def test_runner_starts_at_the_start_step(mini):
    runner = FlowRunner(mini)
    assert runner.state == "ask"
    assert runner.step is mini.steps["ask"]
    assert runner.history == ["ask"]
    assert not runner.finished and not runner.stopped


def test_advance_takes_the_first_route_whose_condition_holds(mini):
    runner = FlowRunner(mini)
    runner.slots["level"] = 8
    runner.advance()
    assert runner.state == "breathe"
    runner.advance()
    assert runner.state == "done"
    runner.advance()
    assert runner.finished and runner.step is None
    assert runner.history == ["ask", "breathe", "done"]


def test_advance_falls_through_to_the_unconditional_route(mini):
    runner = FlowRunner(mini)
    runner.slots["level"] = 3
    runner.advance()
    assert runner.state == "done"


def test_advance_without_the_slot_treats_the_condition_as_false(mini):
    runner = FlowRunner(mini)
    runner.advance()
    assert runner.state == "done"


def test_a_step_whose_conditional_routes_all_fail_finishes_the_flow(tmp_path):
    text = mutate(MINI_FLOW, '{ to = "breathe", when = "high" }, { to = "done" }]', '{ to = "breathe", when = "high" }]')
    runner = FlowRunner(load_flow(write_flow(tmp_path, text)))
    runner.slots["level"] = 2
    runner.advance()
    assert runner.finished
    assert runner.history == ["ask"]


def test_go_back_returns_to_the_previous_step_and_keeps_slots(mini):
    runner = FlowRunner(mini)
    assert runner.go_back() is False
    runner.slots["level"] = 9
    runner.advance()
    assert runner.go_back() is True
    assert runner.state == "ask"
    assert runner.history == ["ask"]
    assert runner.slots == {"level": 9}
    runner.slots["level"] = 1
    runner.advance()
    assert runner.history == ["ask", "done"]


def test_go_back_is_refused_once_the_flow_has_ended(mini):
    runner = FlowRunner(mini)
    runner.advance()
    runner.advance()
    assert runner.finished
    assert runner.go_back() is False
    assert runner.finished


def test_stop_moves_to_stopped_from_any_step(mini):
    runner = FlowRunner(mini)
    runner.slots["level"] = 9
    runner.advance()
    runner.stop()
    assert runner.stopped and runner.state == "stopped" and runner.step is None
    assert runner.go_back() is False
    with pytest.raises(FlowError) as caught:
        runner.advance()
    assert "already stopped" in str(caught.value)


def test_stop_after_the_end_keeps_the_outcome(mini):
    runner = FlowRunner(mini)
    runner.advance()
    runner.advance()
    runner.stop()
    assert runner.finished and not runner.stopped


def test_the_machine_has_only_the_three_triggers_and_no_auto_transitions(mini):
    runner = FlowRunner(mini)
    assert not [name for name in dir(runner.model) if name.startswith("to_")]
    assert not [name for name in dir(runner) if name.startswith("to_")]
    assert set(runner.machine.events) == {"advance", "go_back", "stop"}
    assert set(runner.machine.states) == {"ask", "breathe", "done", "finished", "stopped"}
    for state in ("ask", "breathe", "done"):
        assert set(runner.machine.get_triggers(state)) <= {"advance", "go_back", "stop"}
    assert runner.machine.get_triggers("finished") == []


def test_conditions_become_named_methods_of_the_model(mini):
    runner = FlowRunner(mini)
    method = getattr(type(runner.model), "high")
    assert inspect.isfunction(method) and method.__name__ == "high"
    assert runner.model.high() is False
    runner.slots["level"] = 7
    assert runner.model.high() is True
    assert runner.holds("high")
    routes = runner.machine.get_transitions("advance", source="ask", dest="breathe")
    assert [c.func for c in routes[0].conditions] == ["high"]


def test_the_runner_refuses_an_inconsistent_flow_built_in_python(mini):
    broken = mini.model_copy(deep=True)
    broken.steps["done"].next = [broken.steps["ask"].next[0].model_copy(update={"to": "nowhere", "when": None})]
    with pytest.raises(FlowError) as caught:
        FlowRunner(broken)
    assert str(caught.value) == "mini.toml: step 'done': field 'next[0].to': unknown step 'nowhere'"
    with pytest.raises(FlowError):
        validate_flow(broken)


@pytest.mark.parametrize(
    ("condition", "slots", "expected"),
    [
        (Condition(slot="s", equals="Partner"), {"s": "partner"}, True),
        (Condition(slot="s", equals="partner"), {"s": "friend"}, False),
        (Condition(slot="s", equals=True), {"s": True}, True),
        (Condition(slot="s", equals=True), {"s": 1}, False),
        (Condition(slot="s", equals=False), {"s": False}, True),
        (Condition(slot="s", equals=False), {}, False),
        (Condition(slot="s", equals=3), {"s": 3}, True),
        (Condition(slot="s", at_least=7), {"s": 7}, True),
        (Condition(slot="s", at_least=7), {"s": "8"}, True),
        (Condition(slot="s", at_least=7), {"s": "high"}, False),
        (Condition(slot="s", at_least=7), {"s": True}, False),
        (Condition(slot="s", at_most=3), {"s": 4}, False),
        (Condition(slot="s", at_least=3, at_most=6), {"s": 5}, True),
        (Condition(slot="s", contains="withdrawing"), {"s": ["defending", "withdrawing"]}, True),
        (Condition(slot="s", contains="withdrawing"), {"s": ["defending"]}, False),
        (Condition(slot="s", contains="fix"), {"s": "rushing to fix it"}, True),
        (Condition(slot="s", contains="fix"), {"s": 5}, False),
        (Condition(slot="s", is_set=False), {"s": []}, True),
        (Condition(slot="s", is_set=False), {}, True),
        (Condition(slot="s", is_set=True), {"s": ""}, False),
        (Condition(slot="s", is_set=True), {"s": 0}, True),
    ],
)
def test_condition_semantics(condition, slots, expected):
    assert condition.holds(slots) is expected


def test_render_says_holding_leads_then_one_prompt_variant(mini):
    runner = FlowRunner(mini)
    runner.slots["level"] = 10
    breathe = mini.steps["breathe"]
    assert runner.render(breathe) == ["That is high: ten.", "Breathe with me."]
    runner.slots["level"] = 2
    assert runner.render(breathe) == ["Breathe with me."]
    assert runner.render(variant=0) == ["How high, zero to ten?"]
    assert runner.render(variant=3) == ["Where are you, zero to ten?"]


def test_render_falls_back_to_a_variant_it_can_fill(mini):
    runner = FlowRunner(mini)
    done = mini.steps["done"]
    assert runner.render(done, variant=0) == ["All done."]
    runner.slots["level"] = 4
    assert runner.render(done, variant=0) == ["You said 4."]


def test_a_one_of_lead_says_one_line_chosen_by_the_variant_and_leads_can_need_several_conditions(tmp_path):
    text = mutate(MINI_FLOW, 'high = { slot = "level", at_least = 7 }',
                  'high = { slot = "level", at_least = 7 }\nten = { slot = "level", at_least = 10 }')
    text = mutate(text, 'leads = [{ when = "high", text = ["That is high: {level}."] }]',
                  'leads = [{ one_of = true, text = ["A.", "B.", "C."] }, { when = ["high", "ten"], text = ["Top."] }]')
    runner = FlowRunner(load_flow(write_flow(tmp_path, text)))
    breathe = runner.flow.steps["breathe"]
    assert [runner.render(breathe, v)[0] for v in range(4)] == ["A.", "B.", "C.", "A."]
    runner.slots["level"] = 8
    assert runner.render(breathe, 1) == ["B.", "Breathe with me."]
    runner.slots["level"] = 10
    assert runner.render(breathe, 1) == ["B.", "Top.", "Breathe with me."]


@pytest.mark.parametrize("value, few, many", [([], True, False), (["a"], True, False), (["a", "b", "c"], False, True),
                                               ("text", True, False), (None, True, False)])
def test_count_conditions_count_the_items_of_a_list_slot(value, few, many):
    assert Condition(slot="s", count_at_most=2).holds({"s": value}) is few
    assert Condition(slot="s", count_at_least=3).holds({"s": value}) is many


def test_render_when_finished_says_nothing(mini):
    runner = FlowRunner(mini)
    runner.stop()
    assert runner.render() == []


def test_fill_uses_labels_joins_lists_and_skips_what_it_cannot_fill():
    labels = {"patterns": {"withdrawing": "pulling away", "defending": "defending yourself"}}
    assert fill("You noticed {patterns}.", {"patterns": ["withdrawing"]}, labels) == "You noticed pulling away."
    assert (
        fill("You noticed {patterns}.", {"patterns": ["withdrawing", "defending", "other"]}, labels)
        == "You noticed pulling away, defending yourself and other."
    )
    assert fill("You noticed {patterns}.", {"patterns": []}, labels) is None
    assert fill("You noticed {patterns}.", {}, labels) is None
    assert fill("At {n} of ten.", {"n": 7}, {}) == "At 7 of ten."
    assert fill("Said {x}.", {"x": "   "}, {}) is None
    assert fill("Said {x}.", {"x": object()}, {}) is None
    assert fill("No placeholders.", {}, {}) == "No placeholders."


@pytest.mark.parametrize(
    ("items", "spoken"),
    [([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c"), (["a", "", "c"], "a and c")],
)
def test_join_spoken(items, spoken):
    assert join_spoken(items) == spoken


def test_runner_fills_reprompts_and_picks_variants(mini):
    runner = FlowRunner(mini)
    assert runner.pick(["Still at {level}?", "Take your time."], 0) == "Take your time."
    runner.slots["level"] = 3
    assert runner.pick(["Still at {level}?", "Take your time."], 0) == "Still at 3?"
    assert runner.fill_lines(["{level} now", "{missing}"]) == ["3 now"]


def test_breathing_cues_keep_the_pattern_timing():
    pattern = BreathPattern(inhale=4, hold=2, exhale=6, cycles=3)
    cues = breathing_cues(pattern)
    assert cues[:4] == [("Breathe in", 1.0), ("two", 1.0), ("three", 1.0), ("four", 1.0)]
    assert cues[4:6] == [("Hold", 1.0), ("two", 1.0)]
    assert cues[6][0] == "And out" and cues[11] == ("six", 1.0)
    assert sum(seconds for _, seconds in cues) == pytest.approx(pattern.total_seconds) == 36
    uneven = BreathPattern(inhale=3.5, exhale=4, cycles=1)
    assert sum(seconds for _, seconds in breathing_cues(uneven)) == pytest.approx(7.5)
    assert [word for word, _ in breathing_cues(uneven)] == ["Breathe in", "two", "three", "And out", "two", "three", "four"]


def test_describe_flow_lists_every_step_in_order(mini):
    lines = describe_flow(mini)
    assert lines[0] == "mini: Mini (1-2 minutes)"
    numbered = [line.split()[1] for line in lines if line[:3].strip().rstrip(".").isdigit()]
    assert numbered == ["ask", "breathe", "done"]
    text = "\n".join(lines)
    assert "breathing: in 4s, hold 2s, out 6s, 2 cycles (~24s)" in text
    assert "next: breathe if high, done" in text
    assert "[number 0-10] -> slot 'level'" in text


def test_builtin_flows_are_fresh_copies():
    first = builtin_flow("calm")
    first.steps.clear()
    assert builtin_flow("calm").steps
