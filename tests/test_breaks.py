"""A real break and coming back to the same reflection, through the real `mend` command in text mode: the timed
break with its time-left captions and chime, ending it early, asking for one mid-flow, `mend resume`, a protected
journal, and SIGKILL while a paused reflection is being saved."""

from __future__ import annotations

import json
import random
import signal
import time

from mend.assistant.journal.book import Journal
from mend.assistant.lines import say as line
from tests.support.cli import REPAIR_REPLIES, mend, text_session
from mend.flows import builtin_flow
from tests.support.live import LiveMend

REPAIR = builtin_flow("repair")
FAST_MINUTES = {"MEND_BREAK_MINUTE_SECONDS": "0.3"}  # a break's minute lasts 0.3 s
TO_WHAT_HAPPENED = REPAIR_REPLIES[:2]  # welcome, who
AFTER_WHAT_HAPPENED = REPAIR_REPLIES[2:]


def asked(said: str, step: str) -> int:
    """How many times a step of the repair flow was asked (its prompts are said in turn)."""
    return sum(said.count(prompt) for prompt in REPAIR.steps[step].prompts)


def first_asked(said: str, step: str) -> int:
    return min(said.index(p) for p in REPAIR.steps[step].prompts if p in said)


def paused_in(home) -> list:
    db = home / "journal.sqlite3"
    if not db.exists():
        return []
    with Journal(db) as journal:
        return journal.paused_list()


def pause_for_later(home, *extra: str, env: dict | None = None, answer: str = REPAIR_REPLIES[2]):
    """Answer who and what happened, then ask for a break at "how stirred up", decline it, and keep the reflection
    for later."""
    summary = home / "paused.json"
    result = mend("session", "--text", "--no-pauses", "--summary-json", str(summary), *extra, home=home, env=env,
                  replies=[*TO_WHAT_HAPPENED, answer, "can we stop for now and continue later", "no", "yes"])
    assert result.returncode == 0, result.stderr
    return result, json.loads(summary.read_text())


def test_timed_break_shows_time_left_then_chimes_and_asks_the_same_step_again(tmp_path):
    live = LiveMend("session", "--text", "--no-pauses", "--break-minutes", "3", "--summary-json",
                    str(tmp_path / "s.json"), home=tmp_path, env=FAST_MINUTES)
    live.send(*TO_WHAT_HAPPENED)
    live.wait_for(*REPAIR.steps["what_happened"].prompts)
    live.send("I need a break")
    live.wait_for("break now?")
    started = time.monotonic()
    live.send("yes")
    live.wait_for("(chime)")
    assert time.monotonic() - started >= 0.6, "the break must really wait"
    live.send("stop", "no")
    code, said, err = live.finish()
    assert code == 0, err
    assert "I'll come back to this at " in said
    assert "(2 minutes left)" in said and "(1 minute left)" in said
    assert said.index("(2 minutes left)") < said.index("(1 minute left)") < said.index("(chime)")
    assert "\a(chime)" in said  # the terminal bell
    assert line("break.time_up") in said
    assert asked(said[said.index("(chime)"):], "what_happened") == 1  # the same step, asked again
    outcome = json.loads((tmp_path / "s.json").read_text())
    assert outcome["relationship"] == "partner" and outcome["ended"] == "stopped"


def test_asking_how_long_is_left_is_answered_and_the_break_goes_on(tmp_path):
    live = LiveMend("session", "--text", "--no-pauses", "--break-minutes", "4", home=tmp_path,
                    env={"MEND_BREAK_MINUTE_SECONDS": "1"})
    live.send(*TO_WHAT_HAPPENED)
    live.wait_for(*REPAIR.steps["what_happened"].prompts)
    live.send("I need a break")
    live.wait_for("break now?")
    live.send("yes")
    live.wait_for("(3 minutes left)")
    live.send("sorry, how much longer?")
    live.wait_for("I'll chime when it's time.")
    live.wait_for("(chime)")
    live.send("stop", "no")
    code, said, err = live.finish()
    assert code == 0, err
    answer = said[said.index("sorry") if "sorry" in said else said.index("(3 minutes left)"):said.index("(chime)")]
    assert "About three minutes left." in answer or "About two minutes left." in answer, answer
    assert line("break.back_early") not in said  # the question did not end the break
    assert "Two minutes left." not in said and "I'll chime in" not in said  # said only by voice; typed, captions


def test_im_back_ends_the_break_early_and_the_reflection_goes_on(tmp_path):
    started = time.monotonic()
    result, outcome = text_session(tmp_path, [*TO_WHAT_HAPPENED, "I need a break", "yes", "I'm back",
                                              *AFTER_WHAT_HAPPENED])
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 60, "a 20 minute break ended by 'I'm back' must not wait"
    out = result.stdout
    assert line("break.back_early") in out and "(chime)" not in out
    assert asked(out, "what_happened") == 2
    assert outcome["ended"] == "completed" and outcome["plan"]["when"] == "tomorrow evening"
    assert outcome["paused_id"] is None


def test_a_break_when_still_running_high_then_the_check_again(tmp_path):
    replies = ["", "my girlfriend", "we argued", "8", "I went quiet", "", "next", "", "8", "next", "9",
               "yes",  # stop for now
               "yes",  # a timed break
               "back",  # any reply ends it, "back" too
               "4", "stop", "no"]
    result, outcome = text_session(tmp_path, replies)
    assert result.returncode == 0, result.stderr
    assert line("break.still_high") in result.stdout and line("break.back_early") in result.stdout
    steps = outcome["steps_visited"]
    assert steps[steps.index("come_back_later") + 1] == "rerate_again"
    assert [(r["moment"], r["value"]) for r in outcome["activation"]] == [("before", 8), ("after", 4)]


def test_kept_for_later_then_resumed_with_earlier_answers(tmp_path):
    result, paused = pause_for_later(tmp_path)
    assert line("break.keep_offer") in result.stdout and line("break.kept") in result.stdout
    assert paused["ended"] == "paused" and paused["completed"] is False and paused["paused_id"] == 1
    assert paused["kept_in_journal"] is False
    [kept] = paused_in(tmp_path)
    assert kept.step == "activation_before" and kept.slots["relationship"] == "partner"
    assert kept.slots["what_happened"] == REPAIR_REPLIES[2]

    resumed, outcome = text_session(tmp_path, AFTER_WHAT_HAPPENED[:-1] + ["yes"], "--save", "ask")
    assert resumed.returncode == 0  # not `resume`: a new session starts at the beginning
    assert outcome["steps_visited"][0] == "welcome"

    summary = tmp_path / "resumed.json"
    result = mend("resume", "--latest", "--text", "--no-pauses", "--summary-json", str(summary),
                  replies=REPAIR_REPLIES[3:], home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "paused at 'activation before'" in result.stdout
    assert asked(result.stdout, "what_happened") == 0  # answered before the pause
    assert result.stdout.index(line("break.resuming")) < first_asked(result.stdout, "activation_before")
    outcome = json.loads(summary.read_text())
    assert outcome["ended"] == "completed" and outcome["relationship"] == "partner"  # said before the pause
    assert outcome["steps_visited"][:4] == ["welcome", "who", "what_happened", "activation_before"]
    assert [(r["moment"], r["value"]) for r in outcome["activation"]] == [("before", 6), ("after", 3)]
    assert outcome["plan"]["gesture"] == "conversation" and outcome["kept_in_journal"] is True
    assert outcome["paused_id"] is None and paused_in(tmp_path) == []  # finished: nothing left to pick up
    again = mend("resume", "--latest", "--text", home=tmp_path)
    assert again.returncode == 1 and "no paused reflection" in again.stdout


def test_resume_lists_and_asks_which(tmp_path):
    pause_for_later(tmp_path)
    pause_for_later(tmp_path)
    listing = mend("resume", "--list", home=tmp_path)
    assert listing.returncode == 0 and listing.stdout.count("paused at 'activation before'") == 2
    result = mend("resume", "--text", "--no-pauses", replies=["1", "stop", "no"], home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Which one would you like to pick up?" in result.stdout
    assert [p.id for p in paused_in(tmp_path)] == [2]  # stopped: the first is finished, the second still kept


def test_forget_removes_paused_reflections_too(tmp_path):
    pause_for_later(tmp_path)
    forgot = mend("journal", "forget", "--all", "--yes", home=tmp_path)
    assert forgot.returncode == 0, forgot.stderr
    assert paused_in(tmp_path) == []


def test_no_save_never_offers_to_keep(tmp_path):
    result, outcome = text_session(tmp_path, [*TO_WHAT_HAPPENED, "let's pick this up later", "no", "stop"], "--no-save")
    assert line("break.keep_offer") not in result.stdout and line("break.carry_on") in result.stdout
    assert outcome["ended"] == "stopped" and paused_in(tmp_path) == []


def test_save_always_keeps_a_break_until_the_reflection_is_finished(tmp_path):
    live = LiveMend("session", "--text", "--no-pauses", "--save", "always", home=tmp_path)
    live.send(*TO_WHAT_HAPPENED, "I need a break", "yes")
    live.wait_for(line("break.waiting_typed"))
    time.sleep(0.5)
    assert [p.step for p in paused_in(tmp_path)] == ["what_happened"]  # a crash now would lose nothing
    live.send("I'm back", *AFTER_WHAT_HAPPENED[:-1])
    code, said, err = live.finish()
    assert code == 0, err
    assert "I've kept a private note" in said
    assert paused_in(tmp_path) == []  # finished: no paused record left


def test_protected_journal_keeps_the_paused_reflection_encrypted(tmp_path):
    secret = {"MEND_PASSPHRASE": "breaks and returns"}
    protect = mend("journal", "protect", home=tmp_path, env=secret)
    assert protect.returncode == 0, protect.stderr
    pause_for_later(tmp_path, env=secret, answer="the zanzibar marmalade argument")
    raw = b"".join(path.read_bytes() for path in tmp_path.glob("journal.sqlite3*"))
    assert b"zanzibar" not in raw and b"what_happened" not in raw
    with Journal(tmp_path / "journal.sqlite3", secret["MEND_PASSPHRASE"]) as journal:
        assert journal.paused_list()[0].slots["what_happened"] == "the zanzibar marmalade argument"
    result = mend("resume", "--latest", "--text", "--no-pauses", "--summary-json", str(tmp_path / "r.json"),
                  replies=["stop", "no"], home=tmp_path, env=secret)
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "r.json").read_text())["relationship"] == "partner"
    locked = mend("resume", "--latest", "--text", home=tmp_path)
    assert locked.returncode == 1 and "protected" in locked.stderr


def test_sigkill_while_keeping_for_later_leaves_the_old_state_or_the_new(tmp_path):
    """Killed at random moments around the save: afterwards `mend resume` finds nothing (the state before) or the
    whole paused reflection (the state after), and the journal file is sound."""
    rng = random.Random(4711)
    found_new = found_old = 0
    for run in range(6):
        home = tmp_path / f"run{run}"
        home.mkdir()
        live = LiveMend("session", "--text", "--no-pauses", home=home)
        live.send(*TO_WHAT_HAPPENED, "I need a break", "no")
        live.wait_for(line("break.keep_offer"))
        live.send("yes")
        time.sleep(rng.uniform(0.0, 0.06))
        live.kill(signal.SIGKILL)
        if (home / "journal.sqlite3").exists():
            with Journal(home / "journal.sqlite3") as journal:
                assert journal.integrity_ok()
        result = mend("resume", "--latest", "--text", "--no-pauses", "--summary-json", str(home / "r.json"),
                      replies=["stop", "no"], home=home)
        if result.returncode == 1:
            assert "no paused reflection" in result.stdout, result.stderr
            found_old += 1
            continue
        assert result.returncode == 0, result.stderr
        assert json.loads((home / "r.json").read_text())["relationship"] == "partner"
        found_new += 1
    assert found_old + found_new == 6
