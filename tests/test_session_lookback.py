"""Looking back as a session starts, through the real `mend session --text`: the follow-up offer for a plan whose
time has passed, and "how have I been doing?" at the welcome."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from mend.assistant.journal.book import Journal
from mend.assistant.journal.entry import FollowUp
from mend.assistant.session.opening import progress_lines, spoken_outcome
from tests.support.cli import REPAIR_REPLIES, mend, text_session
from tests.support.journal import sample_entry

ASK = "Last time you planned to have a conversation with your partner, tomorrow evening. How did it go?"
PASS = "quiet-harbour-81"


def keep(*entries, passphrase: str | None = None) -> list[int]:
    with Journal() as journal:
        if passphrase:
            journal.protect(passphrase)
        return [journal.add(entry) for entry in entries]


def outcomes() -> dict:
    return json.loads(mend("journal", "trends", "--json").stdout)["plans"]["outcomes"]


@pytest.mark.parametrize("reply, outcome, words", [
    ("it went well", "went_well", "I'm glad it went well"),
    ("sort of, halfway", "partly", "Part of the way is still real progress"),
    ("she wasn't ready", "not_ready", "A repair is an offer, not something they owe you"),
    ("honestly it was a disaster", "went_badly", "mend help crisis"),
])
def test_a_due_plan_is_asked_about_before_the_welcome_and_the_outcome_kept(mend_home, reply, outcome, words):
    [entry_id] = keep(sample_entry(when="tomorrow evening"))
    result, summary = text_session(mend_home, [reply, *REPAIR_REPLIES])
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert ASK in out and out.index(ASK) < out.index("Every close bond")
    assert words in out and "I've kept that with your plan." in out
    assert summary["completed"] and summary["kept_in_journal"]
    assert outcomes()[outcome] == 1
    shown = mend("journal", "show", str(entry_id)).stdout
    assert "Follow-up:" in shown and "(told " in shown


def test_not_yet_asks_what_is_in_the_way_and_keeps_the_answer(mend_home):
    [entry_id] = keep(sample_entry(when="tomorrow evening"))
    result, summary = text_session(mend_home, ["I didn't get to it", "work has been busy", *REPAIR_REPLIES])
    assert "What's in the way right now" in result.stdout and summary["completed"]
    shown = mend("journal", "show", str(entry_id)).stdout
    assert "Follow-up:" in shown and "not yet (told " in shown and "in the way: work has been busy" in shown


@pytest.mark.parametrize("reply, said", [("not now", "Okay, another time."), ("pizza", "That's fine, we can leave it."),
                                         ("", None)])
def test_not_now_silence_or_an_unclear_answer_skips_the_offer(mend_home, reply, said):
    keep(sample_entry(when="tomorrow evening"))
    result, summary = text_session(mend_home, [reply, *REPAIR_REPLIES])
    assert ASK in result.stdout and summary["completed"]
    if said:
        assert said in result.stdout
    assert "I've kept that" not in result.stdout
    assert sum(outcomes().values()) == 0


def test_no_offer_when_nothing_is_due(mend_home):
    soon = datetime.now(timezone.utc)
    keep(sample_entry(when="tomorrow evening", followup=FollowUp(outcome="went_well")),
         sample_entry(created_at=soon - timedelta(minutes=5), when="next week"))
    result, summary = text_session(mend_home, REPAIR_REPLIES)
    assert "Last time you planned" not in result.stdout and summary["completed"]
    (mend_home / "none").mkdir()
    empty, _ = text_session(mend_home / "none", REPAIR_REPLIES)
    assert "Last time you planned" not in empty.stdout


def test_a_protected_journal_is_not_opened_without_its_passphrase(mend_home):
    keep(sample_entry(when="tomorrow evening"), passphrase=PASS)
    result, summary = text_session(mend_home, ["how have I been doing?", *REPAIR_REPLIES[1:]])
    assert result.returncode == 0, result.stderr
    assert "Last time you planned" not in result.stdout and "passphrase:" not in result.stdout.lower()
    assert "can't look back without your passphrase" in result.stdout and summary["completed"]
    given = mend("session", "--text", "--no-pauses", replies=["went well", *REPAIR_REPLIES],
                 env={"MEND_PASSPHRASE": PASS})
    assert ASK in given.stdout and "I've kept that with your plan." in given.stdout


def test_how_have_i_been_doing_gives_two_sentences_and_the_session_goes_on(mend_home):
    base = datetime(2024, 5, 1, tzinfo=timezone.utc)
    keep(*[sample_entry(created_at=base + timedelta(days=n), patterns=["withdrawing"], activation_before=7,
                        activation_after=4, followup=FollowUp(outcome="went_well")) for n in range(5)],
         sample_entry(created_at=base + timedelta(days=6), relationship="friend", patterns=["withdrawing"],
                      activation_before=6, activation_after=3, followup=FollowUp(outcome="partly")))
    result, summary = text_session(mend_home, ["How have I been doing?", *REPAIR_REPLIES[1:]])
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    at = lines.index("Across your last six reflections, pulling away came up most, mostly with your partner.")
    assert lines[at + 1] == "You usually start around seven and end around four."
    assert summary["completed"] and summary["relationship"] == "partner"  # "my girlfriend" answered the next step
    assert summary["steps_visited"][:2] == ["welcome", "who"]


def test_with_nothing_kept_it_says_so(mend_home):
    result, summary = text_session(mend_home, ["any progress?", *REPAIR_REPLIES[1:]])
    assert "There's nothing kept yet to look back on." in result.stdout and summary["completed"]


@pytest.mark.parametrize("text, outcome", [
    ("it went well", "went_well"), ("not good at all", "went_badly"), ("3", "not_yet"), ("so so", "partly"),
    ("they weren't ready", "not_ready"), ("we made up", "went_well"), ("hmm", None), ("", None),
])
def test_spoken_outcomes(text, outcome):
    assert spoken_outcome(text) == outcome


def test_progress_numbers_are_words_and_missing_figures_are_said_plainly():
    one = {"entries": 1, "pattern": None, "relationship": None, "before": None, "after": None}
    assert progress_lines(one) == ["In your one kept reflection, no one first reaction stood out.",
                                   "There are no before and after readings yet."]
    many = {"entries": 12, "pattern": "defending yourself", "relationship": "self", "before": 6.6, "after": None}
    assert progress_lines(many) == ["Across your last twelve reflections, defending yourself came up most, "
                                    "mostly with yourself.", "You usually start around seven."]
