"""Everything mend says must work by ear: short turns, short closings, a short first run, and words that fit the
relationship. Every step of every built-in flow is rendered under many slot scenarios and every variant; only
mend's own words are counted (each slot fill, the person's words read back, counts as one word)."""

from __future__ import annotations

import itertools
import re

import pytest

from mend.assistant.lines import load_lines, say
from mend.assistant.session.variety import Variety, opener
from mend.flows import FlowRunner, builtin_flow, builtin_flow_names
from mend.flows.render import PLACEHOLDER, spoken_value
from tests.support.flows import realistic_slots

TURN_WORDS, CLOSING_WORDS, FIRST_RUN_WORDS = 40, 60, 50
PATTERN_SETS = [(), ("minimizing",), ("withdrawing", "rushing_to_fix"),
                ("withdrawing", "defending", "over_apologizing", "self_blame", "minimizing", "rushing_to_fix")]
RELATIONSHIPS = ("partner", "friend", "family", "colleague", "self")
ROUTES = {
    "calm": {},
    "hurt": {"hurt_by_them": True, "hurt_felt": "small and ignored", "hurt_need": "an apology", "raise_it": "raise"},
    "no_contact": {"asked_for_space": True, "no_contact": True, "unsent_letter": "I miss you", "next_time": "wait"},
    "not_safe": {"feels_safe": False},
}
NOT_FOR_YOURSELF = re.compile(r"\b(they|them|their|theirs|they're|they've|they'd|both of you|other person)\b", re.I)


def scenarios():
    for patterns, relationship, (before, after), route in itertools.product(
            PATTERN_SETS, RELATIONSHIPS, [(9, 9), (2, 3)], ROUTES):
        slots = realistic_slots(relationship=relationship, patterns=patterns, before=before, after=after)
        slots.update(ROUTES[route], when_soon=True, keep_timing=True, own_feelings="tired and I need rest")
        if not patterns:
            slots.pop("first_reaction") if relationship == "self" else None
        elif relationship != "self":  # a loop named in the person's words ("you go quiet, she gets louder")
            slots["cycle"] = "the more she criticises, the more defensive you get"
        yield slots


def mend_words(text: str, runner: FlowRunner) -> int:
    """Words in a line, each slot fill counted as one (the longest fills first, so none is split)."""
    fills = [spoken_value(name, value, runner.flow.labels) for name, value in runner.slots.items()]
    for fill in sorted({f for f in fills if f}, key=len, reverse=True):
        text = re.sub(rf"(?<![\w-]){re.escape(fill)}(?![\w-])", "SLOT", text)
    return count_words(text)


def count_words(text: str) -> int:
    return sum(1 for token in text.split() if re.search(r"\w", token))


def template_words(text: str) -> int:
    return count_words(PLACEHOLDER.sub("SLOT", text))


def variants(step) -> range:
    return range(max(6, len(step.prompts)))  # every prompt and every one_of lead line (counts of 1, 2, 3 or 6)


@pytest.mark.parametrize("name", builtin_flow_names())
def test_every_turn_of_every_flow_is_short_enough_to_follow_by_ear(name):
    flow = builtin_flow(name)
    longest: dict[str, int] = {}
    for slots in scenarios():
        runner = FlowRunner(flow)
        runner.slots.update(slots)
        for step in flow.steps.values():
            limit = CLOSING_WORDS if step.is_end else TURN_WORDS
            for variant in variants(step):
                turn = " ".join(runner.render(step, variant))
                words = mend_words(turn, runner)
                longest[step.id] = max(longest.get(step.id, 0), words)
                assert words <= limit, (step.id, words, turn)
    for step in flow.steps.values():
        for text in [*step.reprompt_silence, *step.reprompt_unclear, *step.dont_know, step.help]:
            assert template_words(text) <= TURN_WORDS, (step.id, text)


def test_every_line_mend_says_outside_the_flows_is_short():
    lines = load_lines()
    for key in lines.keys():
        for text in lines.line(key).say:
            assert template_words(text) <= TURN_WORDS, (key, text)


def test_the_first_run_is_about_fifty_words_before_the_first_answer_and_keeps_the_safety_sentence():
    from mend.assistant.safety.resources import first_run_notice, load_resources

    notice = first_run_notice(load_resources())
    assert "988" in notice and "911" in notice and "not therapy" in notice
    flow = builtin_flow("repair")
    runner = FlowRunner(flow)
    for variant in variants(flow.steps[flow.start]):
        words = len(notice.split()) + mend_words(" ".join(runner.render(variant=variant)), runner)
        assert words <= FIRST_RUN_WORDS, (variant, words)


def _walk_texts(flow, slots, variant):
    """Every text a person could hear on the path these slots take: turns, re-prompts, "don't know" and help."""
    runner = FlowRunner(flow)
    runner.slots.update(slots)
    turns, extras = [], []
    while not runner.done:
        step = runner.step
        turns.append(" ".join(runner.render(step, variant)))
        extras += [runner.fill(t) or t for t in [*step.reprompt_silence, *step.reprompt_unclear, *step.dont_know,
                                                  step.help]]
        runner.advance()
    return turns, extras


def test_the_yourself_path_never_speaks_of_someone_else():
    flow = builtin_flow("repair")
    for slots in scenarios():
        if slots["relationship"] != "self":
            continue
        for variant in range(6):
            turns, extras = _walk_texts(flow, slots, variant)
            for text in turns + extras:
                assert not NOT_FOR_YOURSELF.search(text), text


def test_repair_and_perfection_are_not_said_over_and_over():
    flow = builtin_flow("repair")
    for slots in scenarios():
        for variant in range(6):
            spoken = " ".join(_walk_texts(flow, slots, variant)[0]).casefold()
            assert len(re.findall(r"\brepair", spoken)) <= 2, spoken
            assert spoken.count("perfect") <= 1, spoken


def test_no_rating_is_anchored_to_the_one_before():
    for name in ("repair", "calm"):
        flow = builtin_flow(name)
        for step in flow.steps.values():
            if step.expects.value == "number":
                texts = [t for lead in step.leads for t in lead.text] + step.prompts
                assert not any("{activation_before}" in t or "Earlier you" in t for t in texts), step.id


def test_no_praise_guessing_or_dismissing():
    banned = ("Well done", "wise choice", "nobody showed you", "bigger than they look", "It's fine not to know. One")
    for name in builtin_flow_names():
        flow = builtin_flow(name)
        for step in flow.steps.values():
            texts = [t for lead in step.leads for t in lead.text] + step.prompts + step.dont_know
            for text in texts:
                assert not any(b in text for b in banned), (step.id, text)


def test_the_person_is_asked_about_their_own_feelings_before_planning():
    flow = builtin_flow("repair")
    for relationship in RELATIONSHIPS:
        runner = FlowRunner(flow)
        runner.slots.update(realistic_slots(relationship=relationship))
        history = []
        while not runner.done:
            history.append(runner.state)
            runner.advance()
        assert history.index("own_feelings") < history.index("gesture"), relationship


def test_reprompt_openers_are_not_repeated_in_a_session():
    """Silence and "I don't know" once at every step of a whole session: no opening heard twice."""
    flow = builtin_flow("repair")
    for seed, relationship in itertools.product(range(20), ("partner", "self")):
        variety, runner = Variety(seed), FlowRunner(flow)
        runner.slots.update(realistic_slots(relationship=relationship), rehearse=True, sounds_defensive=True)
        heard = []
        while not runner.done:
            step = runner.step
            for lines in (step.reprompt_silence, step.dont_know):
                if lines:
                    heard.append(opener(variety.pick(runner, lines)))
            runner.advance()
        repeated = {o for o in heard if heard.count(o) > 1}
        assert not repeated, (seed, repeated)


def test_variants_differ_between_sessions_and_repeat_with_a_seed():
    flow = builtin_flow("repair")
    said = set()
    for seed in range(8):
        variety = Variety(seed)
        said.add(tuple(FlowRunner(flow).render(variant=variety.variant())))
    assert len(said) > 1
    assert Variety(3).variant() == Variety(3).variant()


def test_the_same_seed_gives_the_same_session_and_the_setting_is_read(tmp_path):
    from tests.support.cli import REPAIR_REPLIES, text_session

    runs = [text_session(tmp_path / str(n), REPAIR_REPLIES, "--no-save", "--seed", "5")[0].stdout for n in range(2)]
    assert runs[0] == runs[1] and "Your plan:" in runs[0]
    other = text_session(tmp_path / "other", REPAIR_REPLIES, "--no-save", "--seed", "6")[0].stdout
    assert other != runs[0]


def test_a_drafted_first_line_is_short_and_its_turn_stays_within_the_limit():
    from mend.assistant.session.drafts import DRAFT_WORDS, short_draft
    from mend.assistant.understanding.wording import compose_opening_line

    long = "and then I kept going on about it for a long time even though she was clearly tired of it all"
    slots = realistic_slots()
    slots.update(what_happened="we argued about the dishes " + long, impact="she felt small " + long,
                 own_part="I raised my voice", curiosity="what she was hoping for " + long)
    draft = short_draft(compose_opening_line, slots)
    assert len(draft.split()) <= DRAFT_WORDS and draft.count(".") + draft.count("?") <= 2, draft
    assert "raised my voice" in draft
    own = short_draft(compose_opening_line, {**slots, "relationship": "self"})
    assert not NOT_FOR_YOURSELF.search(own) and "sorry" not in own.lower()
    flow = builtin_flow("repair")
    for slots in scenarios():
        runner = FlowRunner(flow)
        runner.slots.update(slots)
        step = flow.steps["opening_line"]
        for variant in variants(step):
            offer = [say("draft.offer", turn, draft="DRAFT") + " " + say("draft.how_to_keep", turn) for turn in (0, 1)]
            for extra in offer:
                words = mend_words(" ".join(runner.render(step, variant)) + " " + extra, runner)
                assert words <= TURN_WORDS, (variant, words)
