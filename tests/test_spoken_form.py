"""Tests for spoken_form: string rules, espeak-ng phonemes, and random codes."""

from __future__ import annotations

import functools
import random
import re
import shutil
from pathlib import Path

import pytest

from mend.audio.spoken_form import phonemes, spoken_form

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                  reason="espeak-ng not installed")

EXPECTED = {
    "Call or text 988.": "Call or text nine eight eight.",
    "call 1-800-799-7233, or text START to 88788":
        "call one, eight hundred, seven nine nine, seven two three three, "
        "or text START to eight eight seven eight eight",
    "text HOME to 741741": "text HOME to seven four one, seven four one",
    "call 911": "call nine one one",
    "988 Suicide & Crisis Lifeline (US)":
        "nine eight eight Suicide and Crisis Lifeline U.S.",
    "On a scale from 0 to 10": "On a scale from zero to ten",
    "0-10": "zero to ten",
    "at 8:30 pm": "at eight thirty p.m.",
    "988lifeline.org/chat": "nine eight eight lifeline dot org slash chat",
}

MORE = {
    # phone numbers
    "Call 1-800-799-7233.": "Call one, eight hundred, seven nine nine, seven two three three.",
    "call (800) 799-7233": "call eight hundred, seven nine nine, seven two three three",
    "call 800.799.7233": "call eight hundred, seven nine nine, seven two three three",
    "call 1 888 628 9454": "call one, eight eight eight, six two eight, nine four five four",
    "call +1 (877) 565-8860": "call one, eight seven seven, five six five, eight eight six zero",
    "call 212-555-0199": "call two one two, five five five, zero one nine nine",
    # short codes and service numbers
    "Dial 211 for local help.": "Dial two one one for local help.",
    "If in danger, 911 is the number.": "If in danger, nine one one is the number.",
    "Text 838255 or call 988, press 1.":
        "Text eight three eight, two five five or call nine eight eight, press 1.",
    "text START to 88788": "text START to eight eight seven eight eight",
    "call 911 or 988": "call nine one one or nine eight eight",
    # ranges and scores
    "1-5": "one to five",
    "0\u201310": "zero to ten",
    "rate it 7/10": "rate it seven out of ten",
    "between 3 and 5": "between 3 and 5",
    # times
    "8:00": "eight o'clock",
    "8pm": "eight p.m.",
    "at 8 p.m. tonight": "at eight p.m. tonight",
    "20:00": "eight p.m.",
    "9:05 am": "nine oh five a.m.",
    "at 8": "at 8",
    # untouched quantities and years
    "Wait 20 minutes.": "Wait 20 minutes.",
    "Do it 3 times a day since 2019.": "Do it 3 times a day since 2019.",
    "Call 100 people in 2024.": "Call 100 people in 2024.",
    # web addresses, ampersand, country
    "Chat at thehotline.org.": "Chat at the hotline dot org.",
    "https://988lifeline.org/chat/": "nine eight eight lifeline dot org slash chat",
    "Rest & recover": "Rest and recover",
    "anywhere in the US.": "anywhere in the U.S.",
    "U.S. only": "U.S. only",
    "TELL US NOW": "TELL US NOW",
}


@pytest.mark.parametrize("text,spoken", list(EXPECTED.items()) + list(MORE.items()))
def test_spoken_form_rules(text: str, spoken: str) -> None:
    assert spoken_form(text) == spoken


@pytest.mark.parametrize("text", list(EXPECTED) + list(MORE))
def test_idempotent(text: str) -> None:
    once = spoken_form(text)
    assert spoken_form(once) == once


def test_keyword_case_kept() -> None:
    assert "HOME" in spoken_form("text HOME to 741741")
    assert "START" in spoken_form("call 1-800-799-7233, or text START to 88788")


# --- espeak-ng phoneme checks ----------------------------------------------

def _norm(ph: str) -> str:
    """Drop stress marks and pauses so context-dependent stress does not matter."""
    return " ".join(re.sub(r"[',#]", "", re.sub(r"_[:!^]?", " ", ph)).split())


@functools.lru_cache(maxsize=None)
def _ph(text: str) -> str:
    return _norm(phonemes(text))


FORBIDDEN = ("hundred", "thousand", "eighty-eight", "eighty", "ninety", "eleven",
             "seventy", "million")

# words that must be heard, in order, in the spoken form
HEARD = {
    "Call or text 988.": ["nine eight eight"],
    "call 1-800-799-7233, or text START to 88788":
        ["one", "eight hundred", "seven nine nine", "seven two three three",
         "start", "eight eight seven eight eight"],
    "text HOME to 741741": ["home", "seven four one", "seven four one"],
    "call 911": ["nine one one"],
    "988 Suicide & Crisis Lifeline (US)": ["nine eight eight", "and", "you ess"],
    "On a scale from 0 to 10": ["zero", "ten"],
    "0-10": ["zero", "ten"],
    "at 8:30 pm": ["eight thirty", "p m"],
    "988lifeline.org/chat": ["nine eight eight", "dot org", "slash chat"],
}
HUNDREDS_ALLOWED = {"call 1-800-799-7233, or text START to 88788": 1}


@needs_espeak
@pytest.mark.parametrize("text", list(EXPECTED))
def test_no_quantity_phonemes(text: str) -> None:
    said = _ph(spoken_form(text))
    for word in FORBIDDEN:
        bad = _ph(word)
        allowed = HUNDREDS_ALLOWED.get(text, 0) if word == "hundred" else 0
        assert said.count(bad) == allowed, (word, bad, said)


@needs_espeak
@pytest.mark.parametrize("text", list(EXPECTED))
def test_raw_text_would_be_misread(text: str) -> None:
    """Guards the premise: espeak-ng alone reads these as quantities or punctuation."""
    raw = _ph(text)
    misread = any(_ph(w) in raw for w in FORBIDDEN + ("dash",))
    assert misread or text in ("On a scale from 0 to 10", "at 8:30 pm")


@needs_espeak
@pytest.mark.parametrize("text", list(EXPECTED))
def test_digit_phonemes_in_order(text: str) -> None:
    said = _ph(spoken_form(text)).replace(" ", "")
    pos = 0
    for phrase in HEARD[text]:
        want = _ph(phrase).replace(" ", "")
        found = said.find(want, pos)
        assert found >= 0, (phrase, want, said[pos:])
        pos = found + len(want)


@needs_espeak
def test_us_read_as_letters() -> None:
    assert _ph("U.S.").replace(" ", "") == _ph("you ess").replace(" ", "")
    assert "(" not in spoken_form("Lifeline (US)")


@needs_espeak
def test_keyword_not_spelled() -> None:
    assert _ph("HOME") == _ph("home")
    assert _ph("START") == _ph("start")


# --- property-style test over random codes ---------------------------------

TEMPLATES = ("text {}", "call {}", "Call or text {}.", "dial {}", "text HOME to {}",
             "text START to {}", "Call {}, or text {}!", "txt CONNECT to {}, or call {}")


@pytest.mark.parametrize("seed", range(5))
def test_random_codes_have_no_digits(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(200):
        template = rng.choice(TEMPLATES)
        codes = ["".join(rng.choice("0123456789") for _ in range(rng.randint(3, 6)))
                 for _ in range(template.count("{}"))]
        text = template.format(*codes)
        said = spoken_form(text)
        assert not re.search(r"\d", said), (text, said)
        assert spoken_form(said) == said
        for code in codes:
            if len(code) == 6:
                assert f"{_digit(code[2])}, {_digit(code[3])}" in said


def test_random_phone_numbers_have_no_digits() -> None:
    rng = random.Random(42)
    for _ in range(300):
        area, mid, last = (str(rng.randint(200, 999)), str(rng.randint(200, 999)),
                           f"{rng.randint(0, 9999):04d}")
        form = rng.choice(("{}-{}-{}", "({}) {}-{}", "{}.{}.{}", "1-{}-{}-{}", "+1 {} {} {}"))
        said = spoken_form("Call " + form.format(area, mid, last) + ".")
        assert not re.search(r"\d", said), said
        assert said.count(",") >= 2
        assert spoken_form(said) == said


def _digit(d: str) -> str:
    return ("zero", "one", "two", "three", "four",
            "five", "six", "seven", "eight", "nine")[int(d)]


# --- every line mend can say ------------------------------------------------------------------------------------

def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _everything_mend_says() -> list[str]:
    import tomllib

    from mend.assistant.lines import every_line
    from mend.assistant.safety.resources import crisis_message, load_resources, numbers_again
    from mend.assistant.safety.rules import KINDS, SafetyConcern

    root = Path(__file__).resolve().parents[1]
    lines = [text for path in sorted((root / "flows" / "builtin").glob("*.toml"))
             for text in _strings(tomllib.loads(path.read_text(encoding="utf-8")))]
    lines += every_line()
    resources = load_resources()
    for kind in KINDS:
        lines += crisis_message(SafetyConcern(kind, "x"), resources)
        lines += numbers_again(SafetyConcern(kind, "x"), resources)
    return lines


def test_no_line_mend_says_keeps_a_number_a_synthesiser_would_read_as_a_quantity():
    said = _everything_mend_says()
    assert len(said) > 100
    for line in said:
        assert not re.search(r"\d{3,}", spoken_form(line)), line


@needs_espeak
def test_crisis_lines_sound_digit_by_digit_in_espeak():
    from mend.assistant.safety.resources import crisis_message, load_resources
    from mend.assistant.safety.rules import KINDS, SafetyConcern

    quantity = [_ph(word) for word in ("thousand", "eighty-eight", "ninety", "eleven", "seventy")]
    hundred = _ph("hundred")
    nine_eight_eight = _ph("nine eight eight")
    for kind in KINDS:
        for line in crisis_message(SafetyConcern(kind, "x"), load_resources()):
            sound = _ph(spoken_form(line))
            assert not any(q in sound for q in quantity), line
            assert sound.count(hundred) == line.count("-800-"), line  # "one, eight hundred, ..." only
            if "988" in line:
                assert nine_eight_eight in sound, line


def _ph(text: str) -> str:
    return re.sub(r"[',_:%=\s]", "", phonemes(text))
