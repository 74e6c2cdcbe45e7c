"""The statement sets behind the safety figures: floors that catch a regression, on sets written apart from the
rules. The held-out set is never tuned on; its floor only guards against getting worse (see benchmarks/README)."""

from __future__ import annotations

import pytest

from benchmarks.safety_statements import load, measure

FLOORS = {  # share caught or asked, most harmless flagged (certain), most harmless asked
    # the risk model was trained on the first four sets, so their floors only catch a broken model or rule
    "tuning": (0.97, 0.01, 0.03),
    "dev": (0.97, 0.02, 0.04),
    "dev2": (0.97, 0.02, 0.04),
    "dev3": (0.95, 0.02, 0.06),
    # written apart, then frames added for the kinds it missed (84.5 % -> 97.5 %); not trained on by the model
    "dev4": (0.95, 0.04, 0.12),
    # never tuned on (measured 88.0 % and 78.0 % caught or asked); a look-alike may get the one kind question
    # (measured 6.6 % and 5.0 %), a crisis stop only from the frames (2.0 % and 3.5 %)
    "heldout": (0.85, 0.03, 0.10),
    "heldout2": (0.75, 0.04, 0.10),
    # written apart from everything, measured once before and once after dev4's frames: 83.9 % -> 84.9 % caught or
    # asked; harmless flagged 5.5 % (a crisis stop on a look-alike: the weakest figure here), asked 16 %
    "heldout3": (0.82, 0.06, 0.18),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_statement_set_floors(name):
    rows = load(name)
    counts, seconds, _ = measure(rows)
    concerns = sum(1 for row in rows if row["kind"] != "none")
    harmless = len(rows) - concerns
    assert concerns >= 150 and harmless >= 150
    found, flagged_at_most, asked_at_most = FLOORS[name]
    assert (counts["concern_caught"] + counts["concern_asked"]) / concerns >= found
    assert counts["harmless_flagged"] / harmless <= flagged_at_most
    assert counts["harmless_asked"] / harmless <= asked_at_most


def test_sets_are_apart():
    texts = {name: {row["text"].strip().lower() for row in load(name)} for name in FLOORS}
    tuned = texts["tuning"] | texts["dev"] | texts["dev2"] | texts["dev3"] | texts["dev4"]
    assert not (texts["heldout"] | texts["heldout2"] | texts["heldout3"]) & tuned


def test_ordinary_replies_written_apart_rarely_get_the_safety_question():
    """Ordinary replies to mend's own questions, full of everyday words that sound like risk ("I can't stop
    thinking about it"), written apart and never trained on: measured 10 of 351 asked, none stopped."""
    from benchmarks.safety_statements import ordinary, read

    replies = ordinary("heldout")
    found = [concern for concern in map(read, replies) if concern is not None]
    assert len(replies) >= 300
    assert not [concern for concern in found if concern.certain]
    assert len(found) <= len(replies) * 0.06


def test_ordinary_answers_almost_never_get_the_safety_question():
    """Every reply of the simulated people (typos, hedging, rambling about ordinary fights): a check-in question on
    one of them is a cost paid by everyone, so it must stay rare (measured: 3 of 2,136, all from the held-out
    people, whose replies the risk model never saw)."""
    import tomllib
    from pathlib import Path

    from benchmarks.safety_statements import read

    data = tomllib.loads((Path(__file__).resolve().parents[1] / "benchmarks" / "data" /
                          "simulated_people.toml").read_text(encoding="utf-8"))
    people = next(value for value in data.values() if isinstance(value, list))
    replies = [reply for person in people for reply in person.get("replies", []) if str(reply).strip()]
    assert len(replies) >= 1000
    raised = [reply for reply in replies if read(reply) is not None]  # frames and risk model, as a typed reply
    assert len(raised) <= len(replies) // 200, raised
