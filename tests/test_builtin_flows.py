"""The built-in `repair` and `calm` flows: valid, complete, walkable on every branch, and sayable aloud."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest

from mend.flows import (
    DEFAULT_FLOW,
    AnswerKind,
    FlowRunner,
    builtin_flow,
    builtin_flow_names,
    reachable_steps,
    steps_that_can_end,
    validate_flow,
)
from mend.flows.loader import BUILTIN_DIR
from tests.support.flows import realistic_slots, walk

PATTERNS = ("withdrawing", "defending", "over_apologizing", "self_blame", "minimizing", "rushing_to_fix")
RELATIONSHIPS = ("partner", "friend", "family", "colleague", "self")
APP_SLOTS = (
    "relationship", "what_happened", "activation_before", "patterns", "activation_after", "impact", "own_part",
    "curiosity", "gesture", "opening_line", "when",
)


@pytest.fixture(params=["repair", "calm"])
def flow(request):
    return builtin_flow(request.param)


def test_the_builtin_names_and_the_default():
    assert builtin_flow_names() == ["calm", "moment", "repair"]
    assert DEFAULT_FLOW == "repair"
    assert builtin_flow("repair").minutes == (8, 15)
    assert builtin_flow("calm").minutes == (2, 4)


def test_every_builtin_validates_reaches_every_step_and_can_always_end(flow):
    validate_flow(flow)
    assert set(reachable_steps(flow)) == set(flow.steps)
    assert set(steps_that_can_end(flow)) == set(flow.steps)
    for step_id in flow.steps:
        assert any(flow.steps[s].is_end for s in reachable_steps(flow, step_id)), step_id


def test_every_step_is_gentle_and_complete(flow):
    for step in flow.steps.values():
        assert len(step.prompts) >= 2, f"{step.id}: one variant sounds robotic on repeat"
        for prompt in step.prompts:
            assert prompt.count("?") <= 1, f"{step.id}: more than one question in {prompt!r}"
        assert step.help and step.reprompt_silence
        if step.expects in (AnswerKind.CHOICE, AnswerKind.YES_NO, AnswerKind.NUMBER):
            assert step.reprompt_unclear, step.id
        if step.expects is AnswerKind.FREE:
            assert step.dont_know, step.id
        if step.expects is AnswerKind.CHOICE:
            assert all(option.synonyms for option in step.options), step.id


def test_dont_know_replies_open_in_different_ways(flow):
    """"I don't know" gets a way in, not the same stock sentence every time."""
    lines = [line for step in flow.steps.values() for line in step.dont_know]
    openers = Counter(" ".join(line.split()[:3]) for line in lines)
    assert max(openers.values()) <= max(2, len(lines) // 4), openers.most_common(3)
    assert not any(line.startswith("It's fine not to know. One thing you could try") for line in lines)


def test_repair_fills_the_slots_the_app_relies_on():
    flow = builtin_flow("repair")
    assert set(APP_SLOTS) <= set(flow.filled_slots())
    steps = flow.steps
    assert steps["first_reaction"].understand == "patterns"
    assert steps["own_part"].check_wording and steps["opening_line"].check_wording
    assert steps["opening_line"].compose == "opening_line"
    assert steps["rerate"].slot == steps["rerate_again"].slot == "activation_after"
    assert set(flow.labels["relationship"]) == set(RELATIONSHIPS)
    assert set(flow.labels["patterns"]) == set(PATTERNS)
    assert {f"noticed_{p}" for p in PATTERNS} <= set(flow.conditions)


def test_the_relationship_choice_accepts_loose_names():
    options = {o.id: [o.label, *o.synonyms] for o in builtin_flow("repair").steps["who"].options}
    assert list(options) == list(RELATIONSHIPS)
    for rid, word in [("partner", "wife"), ("partner", "boyfriend"), ("family", "mum"), ("colleague", "boss"),
                      ("colleague", "coworker"), ("self", "me")]:
        assert word in options[rid]


def test_breathing_is_paced_with_a_longer_out_breath():
    for flow in (builtin_flow("repair"), builtin_flow("calm")):
        patterns = [s.breathing for s in flow.steps.values() if s.breathing]
        assert patterns, flow.name
        for pattern in patterns:
            assert pattern.exhale > pattern.inhale and 3 <= pattern.cycles <= 4


REPAIR_CALM_PATH = [
    "welcome", "who", "what_happened", "activation_before", "first_reaction", "reflect", "breathe", "body",
    "rerate", "safe_check", "space_check", "own_feelings", "impact", "own_part", "curiosity", "gesture", "opening_line",
    "rehearse_offer", "when", "closing",
]


def test_walking_repair_when_breathing_helped():
    runner = FlowRunner(builtin_flow("repair"))
    slots = realistic_slots(after=4)
    history = walk(runner, {step: slots for step in REPAIR_CALM_PATH})
    assert history == REPAIR_CALM_PATH
    assert runner.finished


def test_walking_repair_when_still_high_then_settling():
    runner = FlowRunner(builtin_flow("repair"))
    history = walk(runner, {"rerate": {"activation_after": 8}, "rerate_again": {"activation_after": 5},
                            "safe_check": {"feels_safe": True}, "space_check": {"asked_for_space": False}})
    assert history[8:15] == ["rerate", "breathe_again", "rerate_again", "safe_check", "space_check", "own_feelings",
                             "impact"]
    assert history[-1] == "closing" and runner.finished


def test_walking_repair_to_come_back_later():
    runner = FlowRunner(builtin_flow("repair"))
    answers = {"rerate": {"activation_after": 9}, "rerate_again": {"activation_after": 8},
               "come_back_later": {"stop_for_now": True}}
    history = walk(runner, answers)
    assert history[-4:] == ["breathe_again", "rerate_again", "come_back_later", "rest_ending"]
    assert runner.finished and "impact" not in history
    runner2 = FlowRunner(builtin_flow("repair"))
    for _ in range(history.index("come_back_later")):
        runner2.slots.update(answers.get(runner2.state, {}))
        runner2.advance()
    assert runner2.state == "come_back_later"
    assert "come back when things have settled?" in runner2.render(variant=0)[-1]


def test_choosing_to_continue_while_high_goes_on_gently():
    runner = FlowRunner(builtin_flow("repair"))
    answers = {"rerate": {"activation_after": 9}, "rerate_again": {"activation_after": 8},
               "come_back_later": {"stop_for_now": False}, "safe_check": {"feels_safe": True}}
    history = walk(runner, answers)
    assert history[history.index("come_back_later") + 1:][:4] == ["take_a_break", "safe_check", "space_check",
                                                                   "own_feelings"]
    lines = runner.render(runner.flow.steps["take_a_break"])
    assert lines[0].startswith("Alright, we'll carry on gently.") and "short break before planning" in lines[0]


def test_go_back_and_stop_in_repair():
    runner = FlowRunner(builtin_flow("repair"))
    runner.advance()
    runner.slots["relationship"] = "friend"
    runner.advance()
    assert runner.go_back() and runner.state == "who" and runner.slots["relationship"] == "friend"
    runner.stop()
    assert runner.stopped and runner.history == ["welcome", "who"]


def test_walking_calm_both_ways():
    settled = FlowRunner(builtin_flow("calm"))
    assert walk(settled, {"rate": {"activation_before": 7}, "rerate": {"activation_after": 3}}) == [
        "settle", "rate", "breathe", "body", "rerate", "closing"]
    assert settled.finished
    closing = settled.render(settled.flow.steps["closing"])
    assert closing[0].startswith("You sound a bit more settled")
    high = FlowRunner(builtin_flow("calm"))
    walk(high, {"rerate": {"activation_after": 9}})
    assert high.render(high.flow.steps["closing"])[0].startswith("It's still strong")


def test_every_seed_idea_appears_in_the_builtin_flows():
    found = set()
    for path in sorted(BUILTIN_DIR.glob("*.toml")):
        found |= {int(n) for n in re.findall(r"#\s*idea\s+(\d+)\b", path.read_text(encoding="utf-8"))}
    assert found == set(range(1, 16))


def test_gesture_leads_fit_the_relationship():
    flow = builtin_flow("repair")
    expected = {"partner": "reassurance", "friend": "distance", "family": "long-standing pattern",
                "colleague": "specific", "self": "punish"}
    for relationship, phrase in expected.items():
        runner = FlowRunner(flow)
        runner.slots["relationship"] = relationship
        lines = runner.render(flow.steps["gesture"])
        assert len(lines) == 3 and phrase in lines[0], relationship
        others = [p for r, p in expected.items() if r != relationship]
        assert not any(p in " ".join(lines) for p in others if p != "specific")


def test_reflection_names_each_pattern_without_judgement():
    flow = builtin_flow("repair")
    for pattern in PATTERNS:
        runner = FlowRunner(flow)
        runner.slots["patterns"] = [pattern]
        runner.slots["first_reaction"] = "what they said they did"
        lines = runner.render(flow.steps["reflect"])
        assert lines[0] == f"You noticed {flow.labels['patterns'][pattern]}."
        assert len(lines) == 4  # reflection, the pattern's lead, the normalising lead, the prompt
        assert lines[2].startswith(("None of this makes you a bad person", "Reactions like this often"))
    runner = FlowRunner(flow)
    runner.slots["patterns"] = []
    lines = runner.render(flow.steps["reflect"])
    assert lines[0].startswith("It can be hard to name a first reaction")
    runner.slots["first_reaction"] = "I stood in the kitchen for a while"  # described, though no pattern named
    lines = runner.render(flow.steps["reflect"])
    assert not any(line.startswith("It can be hard to name") for line in lines)


def test_the_closing_speaks_the_plan_and_one_thought_that_changes_between_sessions():
    flow = builtin_flow("repair")
    closing = flow.steps["closing"]
    thoughts = next(lead.text for lead in closing.leads if lead.one_of)
    said = set()
    for variant in range(len(thoughts)):
        runner = FlowRunner(flow)
        runner.slots.update(realistic_slots(relationship="partner", gesture="small_act"))
        lines = runner.render(closing, variant)
        text = " ".join(lines)
        assert "Your plan: a small act of care with your partner." in text
        assert "You might begin: I've been thinking about how I spoke to you on Sunday." in text
        assert "tomorrow evening after dinner" in text and "out of ten" not in text
        heard = [line for line in lines if line in thoughts]
        assert len(heard) == 1
        said |= set(heard)
    assert said == set(thoughts)
    assert any("skill" in t for t in thoughts) and any("therapist" in t for t in thoughts)


SLOT_VARIETY = [
    realistic_slots(relationship=r, gesture=g, patterns=p)
    for r, g, p in itertools.product(RELATIONSHIPS, ("conversation", "small_act"),
                                     [(), ("minimizing",), PATTERNS])
]


@pytest.mark.parametrize("name", ["repair", "calm"])
def test_every_prompt_renders_without_leftover_braces(name):
    flow = builtin_flow(name)
    for slots in SLOT_VARIETY + [{}]:
        runner = FlowRunner(flow)
        runner.slots.update(slots)
        for step in flow.steps.values():
            for variant in range(len(step.prompts)):
                lines = runner.render(step, variant)
                assert lines, (step.id, variant)
                assert lines[-1] in [runner.fill(p) for p in step.prompts]
                for line in lines:
                    assert line.strip() and "{" not in line and "}" not in line, (step.id, line)
            for extra in (step.reprompt_silence, step.reprompt_unclear, step.dont_know):
                if extra:
                    picked = runner.pick(extra)
                    assert picked and "{" not in picked, step.id
