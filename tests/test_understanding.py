"""Understanding replies as they really arrive: recogniser text without punctuation, typos, homophone slips.

The table covers every function; the property tests make sure no text at all can crash a function or stall the
session (each call is bounded in time, whatever the input)."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mend.assistant.understanding import meanings as u
from tests.support.phrases import CHOICE_OPTIONS, UNDERSTANDING_TABLE


def _call(name: str, text: str):
    function = getattr(u, name)
    return function(text, CHOICE_OPTIONS) if name == "parse_choice" else function(text)


@pytest.mark.parametrize(("name", "text", "expected"), UNDERSTANDING_TABLE,
                         ids=[f"{n}:{t[:40]}" for n, t, _ in UNDERSTANDING_TABLE])
def test_understanding_table(name, text, expected):
    assert _call(name, text) == expected


def test_table_is_broad():
    assert len(UNDERSTANDING_TABLE) >= 60
    assert {name for name, _, _ in UNDERSTANDING_TABLE} >= {
        "detect_patterns", "detect_relationship", "parse_yes_no", "parse_number", "parse_command", "is_dont_know",
        "parse_choice"}


def test_every_pattern_relationship_and_command_is_reachable():
    patterns = {p for name, _, exp in UNDERSTANDING_TABLE if name == "detect_patterns" for p in exp}
    relationships = {exp for name, _, exp in UNDERSTANDING_TABLE if name == "detect_relationship"} - {None}
    commands = {exp for name, _, exp in UNDERSTANDING_TABLE if name == "parse_command"} - {None}
    assert patterns == set(u.PATTERNS)
    assert relationships == set(u.RELATIONSHIPS)
    assert commands == set(u.COMMANDS)


@pytest.mark.parametrize(("raw", "expected"), [
    ("I don't KNOW!!", "i do not know"),
    ("I\u2019m fine\u2026 really", "i am fine really"),
    ("can't won't", "cannot will not"),
    ("Fianc\u00e9 \t\x00\x07 ok", "fiance okay"),
    ("", ""),
])
def test_normalize(raw, expected):
    assert u.normalize(raw) == expected


def test_normalize_caps_length():
    assert len(u.normalize("word " * 100_000)) <= u.MAX_CHARS


def test_number_range_respects_bounds():
    assert u.parse_number("three", lo=1, hi=5) == 3
    assert u.parse_number("seven", lo=1, hi=5) is None
    assert u.parse_number("zero", lo=1, hi=5) is None
    assert u.parse_number("four out of five", lo=1, hi=5) == 4


def test_choice_with_many_long_options_stays_fast():
    options = [(f"opt{i}", [f"a rather long synonym number {i} {j} with many words" for j in range(60)])
               for i in range(80)]
    started = time.perf_counter()
    u.parse_choice("a rather lng synonym nmber with many wrds " * 100, options)
    assert time.perf_counter() - started < LIMIT_SECONDS


def test_choice_tolerates_odd_option_lists():
    assert u.parse_choice("yes", []) is None
    assert u.parse_choice("calm", [("calm", []), ("tense", ["wound up"])]) == "calm"
    assert u.parse_choice("pretty wound up", [("calm", []), ("tense", ["wound up"])]) == "tense"
    assert u.parse_choice("not calm", [("calm", []), ("tense", ["wound up"])]) is None


def test_yes_no_reads_the_answer_not_the_story():
    assert u.parse_yes_no("yeah it was hard to admit") is True
    assert u.parse_yes_no("no i didnt") is False
    assert u.parse_yes_no("i did not") is False


FUNCTIONS = [
    lambda t: u.normalize(t),
    lambda t: u.parse_command(t),
    lambda t: u.is_dont_know(t),
    lambda t: u.parse_yes_no(t),
    lambda t: u.parse_number(t),
    lambda t: u.parse_number(t, 1, 5),
    lambda t: u.parse_choice(t, CHOICE_OPTIONS),
    lambda t: u.parse_choice(t, [(t[:20], [t[:50]]), ("x", [])]),
    lambda t: u.detect_patterns(t),
    lambda t: u.detect_relationship(t),
]
LIMIT_SECONDS = 0.5


def _bounded(text: str) -> None:
    for function in FUNCTIONS:
        started = time.perf_counter()
        function(text)
        assert time.perf_counter() - started < LIMIT_SECONDS


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_no_text_crashes_or_stalls(text):
    _bounded(text)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.sampled_from(["i", "shut", "down", "seven", "or", "8", "not", "my", "wife", "stop", "\x00",
                                 "\u202e", "ü", "too", "yes", "no", "kill", "'", "ééé", "🙂", "    ", "point"]),
                max_size=60))
def test_word_soup_never_crashes(words):
    _bounded(" ".join(words))


@pytest.mark.parametrize("text", [
    "a" * 100_000,
    "seven or eight " * 8_000,
    "i shut down and " * 7_000,
    "\x00\x01\x02\u0301" * 30_000,
    "\ufdfa" * 100_000,  # expands under NFKD
    "9" * 100_000,
    " ".join(str(i) for i in range(20_000)),
    "\ud800 lone surrogate \udfff" * 1_000,
])
def test_huge_inputs_are_bounded(text):
    _bounded(text)


@pytest.mark.parametrize(("step", "text", "expected"), [
    ("who", "my wife", "partner"),
    ("who", "my girl friend", "partner"),
    ("who", "it was my mother in law", "family"),
    ("who", "a co worker", "colleague"),
    ("who", "me", "self"),
    ("who", "myself really", "self"),
    ("gesture", "i'd like to call her", "conversation"),
    ("gesture", "maybe a coffee", "small_act"),
    ("gesture", "a small act of care", "small_act"),
    ("gesture", "i'll cook her dinner", "small_act"),
    ("gesture", "a talk or a hug", None),
])
def test_choices_of_the_builtin_repair_flow(step, text, expected):
    from mend.flows import builtin_flow

    options = [(o.id, [o.label, *o.synonyms]) for o in builtin_flow("repair").steps[step].options]
    assert u.parse_choice(text, options) == expected
