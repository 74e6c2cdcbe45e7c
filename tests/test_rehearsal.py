"""Rehearsal and follow-through in the repair flow: saying the first words once and getting them back (read back in
text, the person's own recording by voice, never kept), what the other might say first and one reply that listens,
offered only toward someone the person feels safe with and who has not asked for space; and the plan saying that
reaching out is an offer, not a demand."""

from __future__ import annotations

import re
import tomllib

import numpy as np
import pytest

from mend.assistant.config import Settings
from mend.assistant.lines import load_lines
from mend.assistant.session.loop import Session
from mend.assistant.understanding.listening_reply import sounds_defensive
from mend.audio.turns import Heard, Recording, Speaker
from mend.flows import FlowRunner, builtin_flow
from tests.support.cli import REPAIR_REPLIES, REPO, text_session
from tests.support.cli import mend as mend_cli
from tests.support.fakes import ScriptedListener
from tests.support.flows import realistic_slots, walk

REHEARSAL = ("rehearse_offer", "rehearse_say", "rehearse_self", "their_first_words", "listening_reply",
             "listening_again")
OFFER = re.compile(r"offer, not a demand", re.I)
AT_DRAFT = REPAIR_REPLIES.index("yes", REPAIR_REPLIES.index("a conversation"))  # keeping the drafted line
LINE = "I've been thinking about Sunday, and I'm sorry I raised my voice"
# floors under the held-out figures, measured when written: 14 of 15 (written by the rules' author, just before
# them) and 10 of 25 (written by someone who never saw the rules: the fairer figure)
HELD_OUT_DEFENCES_FLOOR = {"held_out": 0.8, "held_out_blind": 0.36}


def _replies(*rehearsal: str) -> list[str]:
    """The whole repair script with these replies in place of skipping the rehearsal."""
    return [*REPAIR_REPLIES[:AT_DRAFT + 1], *rehearsal, *REPAIR_REPLIES[AT_DRAFT + 2:]]


def _said(key: str) -> list[str]:
    return [re.split(r"\{", text)[0] for text in load_lines().line(key).say]


# --- the flow's routes -----------------------------------------------------------------------------------------
CARE_ROUTES = {
    "not safe": {"safe_check": {"feels_safe": False}},
    "asked for space": {"space_check": {"asked_for_space": True}},
    "no contact named": {"who": {"no_contact": True}},
    "no contact named late": {"own_part": {"no_contact": True}},
    "hurt": {"space_check": {"asked_for_space": False, "hurt_by_them": True},
             "raise_it": {"raise_it": "raise"}},
}


@pytest.mark.parametrize("route", CARE_ROUTES)
def test_rehearsal_is_never_offered_toward_someone_feared_or_who_asked_for_space(route):
    for relationship in ("partner", "friend", "family", "colleague"):
        runner = FlowRunner(builtin_flow("repair"))
        runner.slots.update(realistic_slots(relationship=relationship), rehearse=True)
        history = walk(runner, CARE_ROUTES[route])
        assert not set(REHEARSAL) & set(history), (route, relationship, history)
        assert runner.finished
        closing = " ".join(runner.render(runner.flow.steps[history[-1]]))
        assert not OFFER.search(closing), (route, closing)


def test_with_someone_safe_the_rehearsal_asks_what_they_might_say_and_a_defence_gets_one_more_try():
    runner = FlowRunner(builtin_flow("repair"))
    runner.slots.update(realistic_slots(), rehearse=True)
    history = walk(runner, {"listening_reply": {"sounds_defensive": True}})
    start = history.index("opening_line")
    assert history[start:] == ["opening_line", "rehearse_offer", "rehearse_say", "their_first_words",
                               "listening_reply", "listening_again", "when", "closing"]
    runner = FlowRunner(builtin_flow("repair"))
    runner.slots.update(realistic_slots(), rehearse=False)
    assert walk(runner, {})[-4:] == ["opening_line", "rehearse_offer", "when", "closing"]


def test_on_the_yourself_path_there_is_nobody_to_answer_back():
    runner = FlowRunner(builtin_flow("repair"))
    runner.slots.update(realistic_slots(relationship="self"), rehearse=True)
    history = walk(runner, {})
    assert history[history.index("opening_line"):] == ["opening_line", "rehearse_offer", "rehearse_say",
                                                       "rehearse_self", "when", "closing"]
    closing = " ".join(runner.render(runner.flow.steps["closing"]))
    assert not OFFER.search(closing) and "patient with yourself" in closing


@pytest.mark.parametrize("relationship, words", [("partner", "your partner time"), ("friend", "your friend space"),
                                                 ("family", "families take time"), ("colleague", "let it rest")])
def test_the_plan_says_reaching_out_is_an_offer_fitted_to_the_relationship(relationship, words):
    runner = FlowRunner(builtin_flow("repair"))
    runner.slots.update(realistic_slots(relationship=relationship))
    walk(runner, {})
    closing = " ".join(runner.render(runner.flow.steps["closing"]))
    assert OFFER.search(closing) and words in closing and "look after yourself" in closing.lower()


# --- the real CLI, text mode ---------------------------------------------------------------------------------
def test_a_typed_rehearsal_is_read_back_and_a_defence_gets_a_listening_alternative(tmp_path):
    replies = _replies("yes please", LINE, "she might say why now", "but I was only trying to help",
                       "what was that like for you")
    result, outcome = text_session(tmp_path, replies, "--no-save", "--seed", "3")
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert outcome["ended"] == "completed" and outcome["plan"]["when"] == "tomorrow evening"
    read_back = [prefix for prefix in _said("rehearsal.read_back") if f"{prefix}{LINE}\u201d" in out]
    assert read_back, out[-1500:]
    assert not any(prefix in out for prefix in _said("rehearsal.playing"))  # nothing to play in text mode
    assert "That one explains your side" in out
    assert out.index("That one explains your side") < out.index("Your plan:")
    assert OFFER.search(out[out.index("Your plan:"):])
    assert {"rehearse_say", "their_first_words", "listening_again"} <= set(outcome["steps_visited"])


def test_a_listening_reply_goes_straight_on_and_skip_leaves_the_rehearsal(tmp_path):
    listening = _replies("yes", LINE, "okay", "I'd ask her what it was like for her")
    result, outcome = text_session(tmp_path / "a", listening, "--no-save")
    assert outcome["ended"] == "completed", result.stdout[-800:]
    assert "listening_again" not in outcome["steps_visited"]
    result, outcome = text_session(tmp_path / "b", _replies("skip"), "--no-save")
    assert outcome["ended"] == "completed", result.stdout[-800:]
    assert "rehearse_say" not in outcome["steps_visited"] and outcome["plan"]["when"] == "tomorrow evening"


# --- giving a recording back, at the speaker boundary ------------------------------------------------------------
class PlayingSpeaker(Speaker):
    """Records what is said and what is played (a copy: the session must wipe the original)."""

    def __init__(self, plays: bool) -> None:
        self.plays = plays
        self.said: list[str] = []
        self.played: list[bytes] = []

    def say(self, text: str) -> None:
        self.said.append(text)

    def play(self, recording: Recording) -> bool:
        if self.plays:
            self.played.append(bytes(recording.samples))
        return self.plays


def _spoken_session(speaker: PlayingSpeaker, recording: Recording) -> Session:
    flow = builtin_flow("repair")
    replies = [Heard(text=r, silent=not r) for r in _replies("yes", LINE, "okay", "tell me more")]
    assert replies[AT_DRAFT + 2].text == LINE
    replies[AT_DRAFT + 2] = Heard(text=LINE, recording=recording)
    settings = Settings()
    settings.session.pauses = False
    return Session(flow, ScriptedListener(replies), speaker, settings, save="never")


@pytest.mark.parametrize("plays", [True, False])
def test_a_spoken_rehearsal_is_played_back_from_memory_then_wiped(plays):
    samples = (np.sin(np.arange(8000) / 8.0) * 8000).astype("<i2").tobytes()
    recording = Recording(bytearray(samples), 16000)
    speaker = PlayingSpeaker(plays)
    session = _spoken_session(speaker, recording)
    session.run()
    assert session.runner.slots.get("rehearsal") == LINE
    if plays:  # their own voice, once, announced
        assert speaker.played == [samples]
        assert any(text in _said("rehearsal.playing") for text in speaker.said)
        assert not any(f"\u201c{LINE}\u201d" in text for text in speaker.said)  # not read back as well
    else:  # a speaker that plays no sound (captions, speech written to a file) reads the words back instead
        assert any(f"\u201c{LINE}\u201d" in text for text in speaker.said)
    assert len(recording.samples) == 0  # wiped either way
    listen = session.listener.requests
    assert sum(request.keep_recording for request in listen) == 1  # only the rehearsal turn keeps its audio


# --- telling a listening reply from a defence ------------------------------------------------------------------
def _replies_data() -> list[dict]:
    with open(REPO / "benchmarks" / "data" / "listening_replies.toml", "rb") as handle:
        return tomllib.load(handle)["replies"]


def test_listening_replies_are_told_from_defences_on_the_tuning_set():
    for table in (t for t in _replies_data() if t["group"] in ("tuning", "dev")):
        assert [t for t in table["defensive"] if not sounds_defensive(t)] == []
        assert [t for t in table["listening"] if sounds_defensive(t)] == []


def test_no_held_out_listening_reply_is_taken_for_a_defence():
    """The held-out replies are never tuned on. A missed defence costs only the offer of another way; a listening
    reply taken for a defence would tell someone who listens that they did not, so that must not happen."""
    held_out = [t for t in _replies_data() if t["group"].startswith("held_out")]
    assert held_out and [t for table in held_out for t in table["listening"] if sounds_defensive(t)] == []


def test_most_held_out_defences_are_caught():
    """A floor under the held-out figure, only to guard against getting worse (measured when written: see
    docs/performance.md); a missed defence costs the offer of another way, nothing more."""
    for table in (t for t in _replies_data() if t["group"].startswith("held_out")):
        missed = [t for t in table["defensive"] if not sounds_defensive(t)]
        rate = 1 - len(missed) / len(table["defensive"])
        print(f"\n{table['group']}: defences caught {rate:.2f} of {len(table['defensive'])}; missed {missed}")
        assert rate >= HELD_OUT_DEFENCES_FLOOR[table["group"]], missed


def test_raising_a_hurt_is_said_to_be_an_offer_too_but_not_when_they_asked_for_space():
    hurt = {"space_check": {"asked_for_space": False, "hurt_by_them": True}, "raise_it": {"raise_it": "raise"}}
    for answers, said in ((hurt, True), ({**hurt, "raise_it": {"raise_it": "keep"}}, False),
                          ({"space_check": {"asked_for_space": True, "hurt_by_them": True}}, False)):
        runner = FlowRunner(builtin_flow("repair"))
        runner.slots.update(realistic_slots(), hurt_felt="small", hurt_need="an apology")
        history = walk(runner, answers)
        assert history[-1] == "hurt_closing"
        closing = " ".join(runner.render(runner.flow.steps["hurt_closing"]))
        assert ("yours to offer" in closing) is said, (answers, closing)


def test_only_a_free_step_can_play_its_answer_back(tmp_path):
    from mend.flows import FlowError, load_flow
    from tests.support.flows import MINI_FLOW, mutate, write_flow

    path = write_flow(tmp_path, mutate(MINI_FLOW, 'slot = "level"\n', 'slot = "level"\nplay_back = true\n'))
    with pytest.raises(FlowError) as caught:
        load_flow(path)
    assert "play back" in str(caught.value) and "play_back" in str(caught.value)


def test_the_reply_that_listens_is_kept_in_the_plan_and_the_journal(tmp_path):
    replies = _replies("yes", LINE, "she might say why now", "but I was only trying to help",
                       "what was that like for you")
    result, outcome = text_session(tmp_path, replies, "--save", "always")
    assert result.returncode == 0, result.stderr
    plan = outcome["plan"]
    kept = (plan["their_first_words"], plan["listening_reply"])
    assert kept == ("she might say why now", "what was that like for you")
    shown = mend_cli("journal", "show", "1", home=tmp_path).stdout
    assert re.search(r"A reply that listens: +\u201cwhat was that like for you\u201d", shown), shown
    assert re.search(r"If they say: +\u201cshe might say why now\u201d", shown), shown
    exported = mend_cli("journal", "export", "--format", "csv", "-o", "-", home=tmp_path).stdout
    assert exported.splitlines()[0].endswith("their_first_words,listening_reply")
    assert exported.splitlines()[1].endswith("she might say why now,what was that like for you")


def test_a_reply_that_still_defends_is_not_kept_in_the_plan(tmp_path):
    replies = _replies("yes", LINE, "why now", "but I was only trying to help", "well I did nothing wrong")
    result, outcome = text_session(tmp_path, replies, "--no-save")
    assert result.returncode == 0, result.stderr
    assert outcome["plan"]["listening_reply"] is None and outcome["plan"]["their_first_words"] is None


@pytest.mark.parametrize("reply", [
    "It wasn't your fault. What was that like for you?", "It sounds like it was a big deal for you. Tell me more.",
    "That sounds really hard on your side. How did it feel?",
    "You should not have had to deal with that alone. What was it like?",
])
def test_listening_replies_that_name_fault_or_a_big_deal_are_not_defences(reply):
    assert not sounds_defensive(reply)
