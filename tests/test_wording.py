"""Kinder wording and the opening line: notes point at harsh phrases, rewrites keep the person's meaning, and the
draft is built from their own words turned towards the other person."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mend.assistant.understanding.wording import FALLBACK_OPENING, WordingNote, compose_opening_line, kinder_version, review_wording


@pytest.mark.parametrize(("text", "kind", "kinder"), [
    ("I'm a terrible friend", "self_deprecating", "I didn't show up the way I wanted to"),
    ("im a terrible friend", "self_deprecating", "I didn't show up the way I wanted to"),
    ("I'm such an idiot", "self_deprecating", "I made a mistake"),
    ("I always ruin everything", "self_deprecating", "this didn't go the way I hoped"),
    ("it's all my fault", "self_deprecating", "I played a part in what happened"),
    ("you always ignore me", "absolute", "when I felt ignored"),
    ("you never listen", "absolute", "when I felt unheard"),
    ("she always ignores me", "absolute", "when I felt ignored"),
    ("every time", "absolute", "this time"),
    ("it was nothing", "minimising", "it mattered to me"),
    ("I overreacted", "minimising", "I had a strong reaction"),
    ("it's silly but", "minimising", "this matters to me, and"),
    ("I'm being too sensitive", "minimising", "my feelings make sense"),
    ("I shouldn't be upset", "minimising", "it's okay that I felt upset"),
])
def test_each_kind_of_harsh_wording_gets_a_kinder_version(text, kind, kinder):
    notes = review_wording(text)
    assert len(notes) == 1
    assert notes[0].kind == kind
    assert notes[0].found.lower() == text.lower()
    assert notes[0].kinder.lower() == kinder.lower()


def test_notes_come_in_the_order_said_and_rewrite_in_place():
    text = "Honestly it was nothing, but you never listen and I'm a terrible friend."
    notes = review_wording(text)
    assert [n.kind for n in notes] == ["minimising", "absolute", "self_deprecating"]
    assert kinder_version(text) == ("Honestly it mattered to me, but when I felt unheard and "
                                    "I didn't show up the way I wanted to.")


def test_capitals_follow_the_sentence():
    assert kinder_version("It was nothing.") == "It mattered to me."
    assert kinder_version("and I always ruin everything") == "and this didn't go the way I hoped"


def test_absolute_with_other_verbs_keeps_the_action():
    assert kinder_version("you never help with the dishes") == "When you didn't help with the dishes"
    assert kinder_version("you always leave your socks out") == "When you leave your socks out"


@pytest.mark.parametrize("text", [
    "I walked out and I'm sorry about that",
    "She was upset because I forgot her birthday",
    "I felt ignored when you checked your phone",
    "I always make coffee in the morning",
    "",
])
def test_ordinary_wording_is_left_alone(text):
    assert review_wording(text) == []
    assert kinder_version(text) == text


def test_note_is_a_plain_record():
    note = review_wording("I'm so stupid")[0]
    assert isinstance(note, WordingNote) and note.found == "I'm so stupid"


@pytest.mark.parametrize(("slots", "expected"), [
    ({}, FALLBACK_OPENING),
    ({"impact": "", "own_part": "   ", "curiosity": None, "what_happened": 7}, FALLBACK_OPENING),
    ({"impact": "she felt ignored"}, "I think you felt ignored. Could we talk about it when you're ready?"),
    ({"own_part": "I got defensive", "impact": "she felt ignored", "curiosity": "why she was so upset"},
     "I'm sorry I got defensive, and I think you felt ignored. I'd like to understand why you were so upset."),
    ({"own_part": "walked out", "impact": "hurt"},
     "I'm sorry I walked out, and I think you felt hurt. Could we talk about it when you're ready?"),
    ({"curiosity": "her side of it"},
     "I've been thinking about what happened between us, and I'd like to hear your side of it."),
    ({"what_happened": "we argued about money"},
     "I've been thinking about how we argued about money, and I'd like to talk about it when you're ready."),
    ({"impact": "it made him feel small", "own_part": "I'm such an idiot", "what_happened": "the party"},
     "Thinking about the party, I think it made you feel small. "
     "Could we talk about it when you're ready?"),
    ({"impact": "my wife felt alone", "curiosity": "what she needs from me"},
     "I think you felt alone. I'd like to understand what you need from me."),
    ({"own_part": "I ignored her texts", "impact": ["hurt", "alone"]},
     "I'm sorry I ignored your texts, and I think you felt hurt and alone. Could we talk about it when you're ready?"),
    ({"impact": "He's been upset for days"}, "I think you've been upset for days. Could we talk about it when you're ready?"),
])
def test_opening_line_uses_their_words_turned_towards_the_other(slots, expected):
    assert compose_opening_line(slots) == expected


def test_opening_line_is_at_most_two_sentences_even_from_long_answers():
    slots = {"impact": "she felt ignored. Then she left. " * 50, "own_part": "I shut down! " * 50,
             "curiosity": "why she went quiet? and more " * 50, "what_happened": "x " * 500}
    line = compose_opening_line(slots)
    assert 0 < len(line) < 600
    assert sum(line.count(mark) for mark in ".?!") <= 2


def test_opening_line_survives_non_dict_slots():
    assert compose_opening_line(None) == FALLBACK_OPENING  # type: ignore[arg-type]
    assert compose_opening_line({"impact": object()}) == FALLBACK_OPENING


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.text(max_size=100), st.text(max_size=100))
def test_no_text_crashes_or_stalls(text, other, third):
    for call in (lambda: review_wording(text), lambda: kinder_version(text),
                 lambda: compose_opening_line({"impact": text, "own_part": other, "curiosity": third,
                                               "what_happened": text})):
        started = time.perf_counter()
        result = call()
        assert time.perf_counter() - started < 0.5
        assert result is not None
    assert compose_opening_line({"impact": text, "own_part": other}).strip()


@pytest.mark.parametrize("text", ["you always " * 20_000, "I'm a terrible friend " * 5_000, "\x00" * 100_000])
def test_huge_inputs_are_bounded(text):
    started = time.perf_counter()
    review_wording(text)
    kinder_version(text)
    compose_opening_line({"impact": text, "own_part": text, "curiosity": text, "what_happened": text})
    assert time.perf_counter() - started < 1.5
