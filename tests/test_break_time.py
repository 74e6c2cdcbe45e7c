"""The time left in a break, as said by ear: lengths of time in words, when the one spoken reminder comes, and
which replies ask how long is left (answered; the break goes on) rather than end the break.

TIME_LEFT_HELD_OUT is never tuned on; its floor only guards against getting worse."""

from __future__ import annotations

import pytest

from mend.assistant.session.breaks import near_end_minutes, spoken_minutes, time_left_line
from mend.assistant.understanding.commands import asks_time_left
from mend.assistant.understanding.phrasebook import TIME_LEFT_PHRASES

TIME_LEFT_TUNING = ["How long is left?", "how much longer?", "sorry, how much time is left?",
                    "um, how many minutes are left", "how long do I have left please", "time left?"]
# seen while the rule beyond the phrase list was written (none was understood by the phrase list alone)
TIME_LEFT_DEV = ["how long is left on this?", "how much time's left?", "how many more minutes?",
                      "how long till the chime?", "when does the break end?", "is the break nearly over?",
                      "how long have we got left?", "how much time remains?", "how long have I got left?",
                      "how much longer do I have?",
                      # as the recognizer may hear "how long is left?", and bare questions with nothing named
                      "how long is lift", "how long is it?", "how long?", "um how much time", "how many minutes?"]
TIME_LEFT_HELD_OUT = ["how long have I got now?", "how much more time is there?", "how many minutes to go?",
                      "when will the chime go off?", "is the break over yet?", "how long until we carry on?",
                      "how much longer is this?", "are we nearly done?", "how long remains?",
                      "how much of the break is left?"]
NOT_ASKING = ["how long is the drive", "I wonder how long she will stay angry", "I'm back", "I am ready", "okay let's carry on", "there's no time left for us", "how long is the walk",
              "I was left out of it", "stop", "much better now", "is it okay if I get some water",
              "how long have we been arguing about this, it always ends the same way"]
HELD_OUT_FLOOR = 0.8  # measured when written: 0.90 (9 of 10)


@pytest.mark.parametrize("minutes, words", [
    (20, "twenty minutes"), (1, "one minute"), (2, "two minutes"), (25, "twenty-five minutes"), (0.5, "half a minute"),
    (2.5, "two and a half minutes"), (60, "an hour"), (90, "an hour and a half"), (120, "two hours"),
    (45, "forty-five minutes"), (0.2, "half a minute"),
])
def test_lengths_of_time_are_said_in_words(minutes, words):
    assert spoken_minutes(minutes) == words


def test_the_time_left_is_said_once_near_the_end():
    assert [near_end_minutes(m) for m in (20, 4, 3, 2, 1.5, 0.5)] == [2, 2, 1, 1, None, None]
    assert time_left_line(12.4).startswith("About twelve minutes left.")
    assert time_left_line(0.6).startswith("Less than a minute left.")
    assert not any(ch.isdigit() for ch in time_left_line(7.2) + time_left_line(1.0))


def test_asking_how_long_is_left_is_understood():
    assert all(asks_time_left(p) for p in TIME_LEFT_PHRASES)
    assert [p for p in TIME_LEFT_TUNING + TIME_LEFT_DEV if not asks_time_left(p)] == []
    assert [p for p in NOT_ASKING if asks_time_left(p)] == []


def test_held_out_ways_of_asking_how_long_is_left():
    missed = [p for p in TIME_LEFT_HELD_OUT if not asks_time_left(p)]
    rate = 1 - len(missed) / len(TIME_LEFT_HELD_OUT)
    print(f"\ntime-left questions, held out: {rate:.2f} of {len(TIME_LEFT_HELD_OUT)}; missed {missed}")
    assert rate >= HELD_OUT_FLOOR, missed
