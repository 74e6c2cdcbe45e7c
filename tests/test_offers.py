"""Replies to an offer ("Would you like to practise it once?", "Shall we take a break now?", keeping a note):
putting it off or passing on it is a no, and mend does not ask again; the same words to a safety question are no
clear no and still lead to help.

OFFER_HELD_OUT was written after the rules and never tuned on; its floor only guards against getting worse."""

from __future__ import annotations

import pytest

from mend.assistant.safety.unsure import clear_no, spoken_clear_no
from mend.assistant.understanding.offers import DECLINES, parse_offer_reply
from tests.support.cli import text_session
from tests.test_rehearsal import _replies

DECLINED = ["no i'm good", "maybe later", "not this time", "not now", "I'm good, thanks", "not today", "another time",
            "um, I'll pass", "nah, maybe later", "not right now thanks", "let's not", "no need", "I'm fine", "i'm okay",
            "please not now", "I'm alright, thank you"]
ACCEPTED = ["go on then", "why not", "sure, why not", "let's do it", "okay then", "go ahead", "yes please"]
UNSURE = ["maybe", "I'm good at this", "hmm", "go on then, no"]
OFFER_HELD_OUT = [("perhaps another day", False), ("not at the moment", False), ("I'll leave it for now", False),
                  ("nah I'm alright", False), ("some other time maybe", False), ("I'd rather not right now", False),
                  ("alright, go on", True), ("yeah let's give it a go", True), ("might as well", True),
                  ("sounds good to me", True)]
HELD_OUT_FLOOR = 0.6


def test_putting_an_offer_off_is_a_no_and_taking_it_up_a_yes():
    assert [t for t in DECLINED if parse_offer_reply(t) is not False] == []
    assert [t for t in ACCEPTED if parse_offer_reply(t) is not True] == []
    assert [t for t in UNSURE if parse_offer_reply(t) is not None] == []


def test_a_safety_question_does_not_read_putting_it_off_as_a_no():
    """The safety question is read by `clear_no` (`Session._asked_is_no`): only a plain no goes back to the
    exercise; every way of declining an offer for now, and every hedged no, leads to help."""
    hedged = ["not yet", "not right now", "no not at the moment", "not really", "I don't think so", "no, not anymore",
              "not today", "nah not now", "probably not", "no... not tonight", "I'm not okay", "no, not safe", "oh no"]
    assert [reply for reply in [*DECLINES, *hedged] if clear_no(reply) is False] == []
    assert [reply for reply in ("no", "nope", "no, nobody is hurting me", "no I'm safe", "absolutely not", "never")
            if clear_no(reply) is not False] == []


def test_a_spoken_no_stands_only_when_the_full_model_bears_it_out():
    """What the full model heard of a reply the yes/no grammar heard as a plain no (`spoken_clear_no`)."""
    assert [heard for heard in ("no", "no i'm fine", "nope", "the law", "the op", "no thanks", "the or thanks",
                                "nope him safe", "no in okay", "absolutely not and fine")
            if spoken_clear_no("no", heard) is not False] == []
    assert [heard for heard in ("no not at the moment", "not right now", "the art right now", "not yet", "no but he",
                                "i'd rather not say", "not really", "yeah", "not okay", "i don't want to ensure",
                                "he does", "help me", "scared", "no i'm afraid of my ex", "always", "", "no him")
            if spoken_clear_no("no", heard) is False] == []
    assert spoken_clear_no("no", None) is False  # typed: no second hearing, taken as written
    assert spoken_clear_no("not really", "no") is None  # a hedge the grammar heard is not lost
    assert spoken_clear_no("", "no i'm fine") is False and spoken_clear_no("", "not yet") is None


def test_held_out_ways_of_answering_an_offer():
    missed = [(text, want) for text, want in OFFER_HELD_OUT if parse_offer_reply(text) is not want]
    rate = 1 - len(missed) / len(OFFER_HELD_OUT)
    print(f"\noffer replies, held out: {rate:.2f} of {len(OFFER_HELD_OUT)}; missed {missed}")
    assert rate >= HELD_OUT_FLOOR, missed


@pytest.mark.parametrize("reply", ["maybe later", "not this time"])
def test_the_rehearsal_offer_put_off_moves_on_without_asking_again(tmp_path, reply):
    result, outcome = text_session(tmp_path, _replies(reply), "--no-save")
    assert result.returncode == 0, result.stderr
    assert outcome["ended"] == "completed" and "rehearse_say" not in outcome["steps_visited"]
    assert "Just yes or no is fine" not in result.stdout and "didn't catch" not in result.stdout
    assert outcome["plan"]["when"] == "tomorrow evening"


def _blind() -> dict:
    import tomllib

    from tests.support.cli import REPO

    with open(REPO / "benchmarks" / "data" / "yes_no_blind.toml", "rb") as handle:
        return tomllib.load(handle)


def test_safety_answers_written_blind_are_read_as_a_plain_no_or_not():
    data = _blind()
    assert [t for t in data["safety_plain_no"] if clear_no(t) is not False] == []
    assert [t for t in data["safety_not_clear"] if clear_no(t) is False] == []


def test_offer_replies_written_blind():
    """Never tuned on; measured when written: 15 of 25 declines and 17 of 20 acceptances (a plain yes/no read
    11 and 16). A miss is asked again, never taken the wrong way: none is read as the opposite."""
    data = _blind()
    declined = sum(parse_offer_reply(t) is False for t in data["offer_declines"])
    accepted = sum(parse_offer_reply(t) is True for t in data["offer_accepts"])
    print(f"\nblind offer replies: declines {declined}/25, acceptances {accepted}/20")
    assert declined >= 14 and accepted >= 16
    assert not any(parse_offer_reply(t) is True for t in data["offer_declines"])
    assert not any(parse_offer_reply(t) is False for t in data["offer_accepts"])
