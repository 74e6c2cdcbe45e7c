"""Whole text sessions through the real CLI: the either/or question, going back, the person's own words, "I'm
ready", and a sample of the simulated people holding a floor."""

from __future__ import annotations

from benchmarks.simulated_people import load, run_people, sample
from tests.support.cli import text_session

START = ["I'm ready", "my dad", "we argued about the holidays", "about a six"]
REST = ["", "next", "", "3", "yes", "no", "a bit tired", "he felt dismissed", "i raised my voice", "what he needed", "a conversation",
        "yes", "no thanks", "tomorrow evening", "", "no"]


def test_an_ambiguous_reaction_is_asked_about_and_the_person_is_named_in_their_words(tmp_path):
    result, outcome = text_session(tmp_path, [*START, "I said sorry", "more like hurrying to make it right", *REST])
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "We're still here, not paused." not in out
    assert "Was it more like saying sorry again and again, or hurrying to make it right?" in out
    assert "It can be hard to name a first reaction" not in out
    assert "Your plan: a conversation with your dad." in out
    assert "with someone in your family" not in out.lower()
    assert outcome["relationship"] == "family" and outcome["patterns"] == ["rushing_to_fix"]
    assert outcome["ended"] == "completed"


def test_going_back_replaces_the_patterns_of_the_step_gone_back_to(tmp_path):
    replies = [*START, "I walked out", "er, back one", "actually I argued back and defended myself", *REST]
    result, outcome = text_session(tmp_path, replies)
    assert result.returncode == 0, result.stderr
    assert "Okay, let's go back" in result.stdout
    assert outcome["patterns"] == ["defending"]


def test_a_described_reaction_with_no_pattern_is_never_called_hard_to_name(tmp_path):
    replies = [*START, "I stood in the kitchen for a while", "neither really", *REST]
    result, outcome = text_session(tmp_path, replies)
    assert result.returncode == 0, result.stderr
    assert "Was it more like pulling away, or pushing back?" in result.stdout
    assert "It can be hard to name a first reaction" not in result.stdout
    assert outcome["patterns"] == []


def test_a_sample_of_simulated_people_holds_its_floor():
    people = sample(load(), 10)
    passed = sum(ok for _, ok, _ in run_people(people))
    assert passed >= 8, f"{passed}/10 simulated people read as expected"
