"""By voice, through the real `mend` command with the Vosk test model and espeak-ng answers: a break asked for at
the closed rating step, with the time left said sparingly and "how long is left?" answered (live over the virtual
microphone, a break's minute shortened to seconds), and `mend followup` spoken and heard (live, and replayed from
WAV files for more outcomes)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from mend.assistant.journal.book import Journal
from mend.assistant.lines import say as line
from mend.flows import builtin_flow
from tests.support.audio import isolated_pulse  # noqa: F401 (a fixture: a private sound server per module)
from tests.support.cli import REPO
from tests.support.journal import sample_entry
from tests.support.speech import have_espeak
from tests.support.voice import LiveSession, answer_wavs, heard_texts, mend_env, read_events

pytestmark = [pytest.mark.model, pytest.mark.skipif(not have_espeak(), reason="espeak-ng is not installed")]

BEFORE_THE_RATING = [None, "my girlfriend", "we argued about the dishes and I said something sharp"]
# what mend says once a break is over, on time or early: the rating step is asked again, in any of its wordings
BREAK_OVER = [line("break.time_up"), line("break.back_early"),
              *builtin_flow("repair").steps["activation_before"].prompts]
ASK_FOR_BREAK = "can we stop for now and continue later"


class Spoken:
    """The WAV for each line, made once."""

    def __init__(self, directory) -> None:
        self.directory = directory
        self.made: dict[str, object] = {}

    def __call__(self, text: str | None):
        if text is None:
            return None
        if text not in self.made:
            self.made[text] = answer_wavs(self.directory / f"a{len(self.made):02d}", [text])[0]
        return self.made[text]


@pytest.mark.audio
def test_a_break_asked_for_at_the_rating_step_says_the_time_left_sparingly(tmp_path, test_model, isolated_pulse):
    wav = Spoken(tmp_path / "answers")
    for text in [*BEFORE_THE_RATING[1:], ASK_FOR_BREAK, "yes", "how long is left", "stop", "no"]:
        wav(text)  # made before mend starts: making one mid-break would take from the break's few seconds
    state = {"turn": 0, "in_break": False, "break_turns": 0, "stopped": False}

    def answer(said: list[str]):
        text = " ".join(said)
        if state["stopped"]:
            return wav("no")  # keep a note? no
        if state["in_break"]:
            if any(ended in text for ended in BREAK_OVER):  # (the assertions below say whether it ended early)
                state["in_break"], state["stopped"] = False, True
                return wav("stop")  # the rating step, asked again after the break
            state["break_turns"] += 1
            return wav("how long is left") if state["break_turns"] == 1 else None
        if "break now?" in text:
            return wav("yes")
        if line("break.waiting_voice") in text:
            state["in_break"] = True
            return None
        state["turn"] += 1
        return wav(([*BEFORE_THE_RATING, ASK_FOR_BREAK] + [None] * 5)[state["turn"] - 1])

    session = LiveSession(tmp_path, test_model, [], "--rate", "300", "--break-minutes", "4", answer=answer,
                          env={"MEND_BREAK_MINUTE_SECONDS": "6"})
    code, out, err, outcome, events = session.run(timeout=600)
    assert code == 0, err
    said = [e["text"] for e in events if e["event"] == "speak"]
    asked_at = [i for i, e in enumerate(events) if e["event"] == "heard" and "later" in e["text"]]
    assert asked_at, heard_texts(events)
    listen = [e for e in events[: asked_at[0]] if e["event"] == "listen"][-1]
    assert listen["phrases"] is True  # heard through the rating step's closed grammar
    assert line("break.chime_in", minutes="four minutes") in said
    assert said.count("Two minutes left.") == 1, said  # the one spoken reminder
    answers = [s for s in said if re.fullmatch(r"(About (four|three|two|one) minutes?|Less than a minute) left\. "
                                               r"I'll chime when it's time\.", s)]
    assert len(answers) == 1, said
    begun, ended = said.index(line("break.chime_in", minutes="four minutes")), said.index(line("break.time_up"))
    assert begun < said.index(answers[0]) < ended and begun < said.index("Two minutes left.") < ended
    assert line("break.back_early") not in said  # asking how long is left did not end the break
    assert "(3 minutes left)" in out and "(1 minute left)" in out and "(chime)" in out  # captions on screen
    assert not any(re.search(r"\d", s) for s in said[begun:ended])  # numbers said as words
    assert outcome["ended"] == "stopped" and outcome["relationship"] == "partner"


def _journal_with_a_plan(home) -> int:
    with Journal(home / "journal.sqlite3") as journal:
        return journal.add(sample_entry(when="tonight after dinner"))


@pytest.mark.audio
def test_followup_by_voice_over_the_virtual_microphone(tmp_path, test_model, isolated_pulse):
    entry_id = _journal_with_a_plan(tmp_path)
    wavs = answer_wavs(tmp_path / "answers", ["I didn't get to it yet", "I keep putting it off"])
    session = LiveSession(tmp_path, test_model, wavs, "--rate", "300", command=["followup"])
    code, out, err, _, events = session.run(timeout=300)
    assert code == 0, err
    said = [e["text"] for e in events if e["event"] == "speak"]
    assert said[0].startswith("Last time you planned to have a conversation with your partner")
    assert line("followup.not_yet") in said and said[-1] == line("opening.kept")
    assert f"Kept with journal entry {entry_id}" in out
    with Journal(tmp_path / "journal.sqlite3") as journal:
        kept = journal.get(entry_id).followup
    assert kept.outcome == "not_yet"
    assert kept.note and "off" in kept.note, kept.note  # what is in the way, as heard


def replay_followup(home, model, lines: list[str], *extra: str) -> tuple[subprocess.CompletedProcess, list[dict]]:
    args = [sys.executable, "-m", "mend.assistant.cli", "followup", *extra]
    for wav in answer_wavs(home / "answers", lines):
        args += ["--audio-in", str(wav)]
    events = home / "events.jsonl"
    result = subprocess.run(args, capture_output=True, text=True, timeout=300, cwd=REPO,
                            env=mend_env(home, model, events), stdin=subprocess.DEVNULL)
    return result, read_events(events)


@pytest.mark.parametrize("lines, outcome", [
    (["it was a disaster"], "went_badly"),
    (["pizza on tuesday", "she wasn't ready"], "not_ready"),  # not understood, asked again
    (["it went really well"], "went_well"),
    (["not now"], None),
])
def test_followup_by_voice_replayed(tmp_path, test_model, lines, outcome):
    entry_id = _journal_with_a_plan(tmp_path)
    result, events = replay_followup(tmp_path, test_model, lines)
    assert result.returncode == 0, result.stderr
    said = [e["text"] for e in events if e["event"] == "speak"]
    with Journal(tmp_path / "journal.sqlite3") as journal:
        kept = journal.get(entry_id).followup
    if outcome is None:
        assert kept is None and line("opening.another_time") in said
        assert "Nothing was recorded." in result.stdout
        return
    assert kept.outcome == outcome and line(f"followup.{outcome}") in said
    assert (line("opening.which_one") in said) == (len(lines) > 1)
    if outcome == "went_badly":  # on screen, the commands the spoken reply could only name
        assert "mend session --flow calm" in result.stdout and "mend help crisis" in result.stdout
