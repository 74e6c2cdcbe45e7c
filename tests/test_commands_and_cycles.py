"""Commands asked as sentences and questions, never kept as answers; cycles the person names, said back in their
words without blame. Floors on the held-out sets of benchmarks/commands_and_cycles.py guard against getting worse;
the held-out sets are never tuned on."""

from __future__ import annotations

import json

import pytest

from benchmarks.commands_and_cycles import command_misses, cycle_misses, load
from mend.assistant.understanding.cycles import read_cycle
from mend.assistant.understanding.meanings import parse_command
from mend.assistant.understanding.reading import read_reply
from mend.audio.turns import Heard
from mend.flows import builtin_flow
from tests.support.cli import text_session

STEPS = builtin_flow("repair").steps
FLOORS = {("commands", "tuning"): 0.97, ("commands", "heldout"): 0.93,
          ("cycles", "tuning"): 0.96, ("cycles", "heldout"): 0.9}


@pytest.mark.parametrize(("what", "name"), list(FLOORS))
def test_the_benchmark_sets_hold_their_floors(what, name):
    rows = load(f"{what}_{name}")
    misses = (command_misses if what == "commands" else cycle_misses)(rows)
    assert (len(rows) - len(misses)) / len(rows) >= FLOORS[(what, name)], "\n".join(misses)


@pytest.mark.parametrize("what", ["commands", "cycles"])
def test_the_held_out_sets_are_apart_and_large_enough(what):
    tuning, heldout = load(f"{what}_tuning"), load(f"{what}_heldout")
    assert not {row["text"] for row in tuning} & {row["text"] for row in heldout}
    plain = "answer" if what == "commands" else "none"
    assert sum(row["kind"] != plain for row in heldout) >= 40
    assert sum(row["kind"] == plain for row in heldout) >= (40 if what == "commands" else 25)


@pytest.mark.parametrize(("text", "command"), [
    ("wait, say that one more time?", "repeat"),
    ("hang on, could you repeat that", "repeat"),
    ("sorry, what was the question again?", "repeat"),
    ("one more time please", "repeat"),
    ("go back a step, I got that wrong", "back"),
    ("hold on a sec my phone is ringing", "pause"),  # as the recogniser writes it: no comma
    ("could you talk a bit slower", "slower"),
    ("I don't know what you want me to say", "help"),
])
def test_a_command_said_as_a_sentence_is_a_command_at_every_open_step(text, command):
    assert parse_command(text) == command
    for step in ("what_happened", "first_reaction", "own_part", "opening_line"):
        reading = read_reply(STEPS[step], Heard(text))
        assert (reading.kind, reading.command) == ("command", command), step


@pytest.mark.parametrize("text", [
    "I said it one more time and she left", "I went back to my room", "I told her to stop and she kept going",
    "wait i think it was on tuesday", "one more time he forgot my birthday", "I said hold on, let me explain",
    "I want to stop fighting all the time", "can we take a break and come back to this tomorrow",
])
def test_an_answer_holding_command_words_stays_an_answer(text):
    assert parse_command(text) is None
    assert read_reply(STEPS["what_happened"], Heard(text)).kind != "command"


@pytest.mark.parametrize(("text", "said"), [
    ("when I pull back, she pushes", "you pull back, she pushes"),
    ("I go quiet and he gets louder", "you go quiet, he gets louder"),
    ("the more she criticises the more defensive I get", "the more she criticises, the more defensive you get"),
    ("every time my mum texts me I ignore her", "your mum texts you, you ignore her"),
])
def test_a_cycle_is_said_back_in_the_persons_words(text, said):
    assert read_cycle(text).said == said
    assert read_reply(STEPS["what_happened"], Heard(text)).extracted["cycle"] == said


@pytest.mark.parametrize("text", [
    "she yelled at me and I left the house",  # one event, not a loop
    "when he left I cried",
    "I go quiet when I'm upset",  # no other person
    "my wife and I argue a lot",
    "I avoid my sister",
])
def test_a_story_or_a_single_move_is_not_a_cycle(text):
    assert read_cycle(text) is None


def test_a_cycle_is_never_said_back_from_words_the_recognizer_doubted():
    said = "when i pull back she pushes"
    sure = Heard(said, confidence=0.9, words=[(word, 0.9) for word in said.split()])
    doubted = Heard("when i pull back she potion", confidence=0.33,
                    words=[("when", 0.9), ("i", 0.9), ("pull", 0.8), ("back", 0.9), ("she", 0.7), ("potion", 0.2)])
    assert read_reply(STEPS["what_happened"], sure).extracted["cycle"] == "you pull back, she pushes"
    reading = read_reply(STEPS["what_happened"], doubted)
    assert reading.kind == "answer" and "cycle" not in reading.extracted


def test_being_hurt_is_not_reflected_as_a_loop():
    reading = read_reply(STEPS["what_happened"], Heard("whenever he yells at me I shut down"), check_in=False)
    assert reading.extracted.get("hurt_by_them") is True and "cycle" not in reading.extracted


def test_a_session_reflects_the_cycle_and_keeps_no_command_as_an_answer(tmp_path):
    replies = ["", "my girlfriend", "wait, say that one more time?", "when I pull back, she pushes", "about a six",
               "hang on, could you repeat that", "I go quiet", "", "next", "", "3", "yes", "no", "tired",
               "she felt alone", "I went silent", "what she needed", "a conversation", "yes", "no thanks",
               "tomorrow evening", "", "no"]
    result, outcome = text_session(tmp_path, replies, "--seed", "3")
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "So it can turn into a loop: you pull back, she pushes." in out
    assert "Neither move is the enemy; the loop is." in out or "The loop is the trouble, not either of you." in out
    assert "one more time" not in json.dumps(outcome) and "repeat that" not in json.dumps(outcome)
    assert outcome["ended"] == "completed" and outcome["patterns"] == ["withdrawing"]


@pytest.mark.model
def test_by_voice_a_command_sentence_is_obeyed_and_a_named_cycle_said_back(tmp_path, test_model):
    from tests.support.voice import SPOKEN_REPAIR, answer_wavs, heard_texts, replay_session

    spoken = list(SPOKEN_REPAIR)
    at = spoken.index("we argued about the dishes and I said something sharp")
    spoken[at:at + 1] = ["sorry could you say that again please", "I go quiet and he gets louder"]
    # a replayed script cannot answer a read-back ("I heard: ... Is that right?"), which has tests of its own
    (tmp_path / "config.toml").write_text("[listening]\nread_back_below = 0.0\n")
    result, outcome, events = replay_session(tmp_path, test_model, answer_wavs(tmp_path / "answers", spoken),
                                             "--seed", "3")
    heard = heard_texts(events)
    assert result.returncode == 0, result.stderr
    assert outcome["ended"] == "completed", heard
    assert "So it can turn into a loop: you go quiet, he gets louder." in result.stdout, heard
    assert "say that again" not in json.dumps(outcome), heard
