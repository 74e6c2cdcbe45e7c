"""The body step's quiet pause, by voice over the virtual microphone: speech that begins just before or just after
the quiet ends is heard whole as the answer, and mend does not talk over it.

The step is the repair flow's own (its prompts and its pause), in a short flow file so the test does not sit
through the breathing first. The session runs with pauses on, as a person's would; the answer is played into the
virtual sink whose monitor is mend's microphone, timed from the moment mend finished saying the body prompt."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mend.flows import builtin_flow
from tests.support.audio import isolated_pulse  # noqa: F401 (a fixture: a private sound server per module)
from tests.support.cli import REPO
from tests.support.faults import CHECK_FLOW
from tests.support.flows import write_flow
from tests.support.voice import answer_wavs, mend_env, read_events

pytestmark = [pytest.mark.model, pytest.mark.audio]

BODY = builtin_flow("repair").steps["body"]
ANSWER = "my shoulders feel tight and heavy"


def _flow_file(path: Path) -> Path:
    """The check flow of the fault tests with its first question replaced by the repair flow's body step."""
    prompts = ", ".join(json.dumps(prompt) for prompt in BODY.prompts)
    body = (f'[steps.first]\nexpects = "none"\npause_seconds = {BODY.pause_seconds}\nprompts = [{prompts}]\n'
            f'reprompt_silence = {json.dumps(BODY.reprompt_silence)}\nhelp = {json.dumps(BODY.help)}\n'
            'next = [{ to = "second" }]\n\n')
    start, end = CHECK_FLOW.index("[steps.first]"), CHECK_FLOW.index("[steps.second]")
    return write_flow(path.parent, CHECK_FLOW[:start] + body + CHECK_FLOW[end:], path.name)


def _events_until(path: Path, found, timeout: float) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        events = read_events(path)
        if found(events):
            return events
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting; events so far: {[e['event'] for e in read_events(path)]}")


@pytest.mark.parametrize("offset", [-1.0, 1.5], ids=["just_before_the_quiet_ends", "just_after_it"])
def test_speech_near_the_end_of_the_quiet_is_heard_not_talked_over(tmp_path, test_model, isolated_pulse, offset):
    answer, three = answer_wavs(tmp_path / "answers", [ANSWER, "three"], rate=160)
    events_path = tmp_path / "events.jsonl"
    summary = tmp_path / "summary.json"
    flow = _flow_file(tmp_path / "quiet_pause.toml")
    process = subprocess.Popen(
        [sys.executable, "-m", "mend.assistant.cli", "session", "--flow", str(flow), "--no-save", "--rate", "300",
         "--summary-json", str(summary)], cwd=REPO, env=mend_env(tmp_path, test_model, events_path),
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        def body_said(events):
            return any(e["event"] == "spoken" and e["text"] in BODY.prompts for e in events)

        events = _events_until(events_path, body_said, 120)
        quiet_from = next(e["ended"] for e in events if e["event"] == "spoken" and e["text"] in BODY.prompts)
        time.sleep(max(0.0, quiet_from + BODY.pause_seconds + offset - time.monotonic()))
        played_from = time.monotonic()
        subprocess.run(["paplay", "--latency-msec=20", str(answer)], check=True, timeout=60)
        played_to = time.monotonic()
        seen = len(read_events(events_path))

        def rerate_listening(events):
            return any(e["event"] == "listen" and e["phrases"] for e in events[seen - 1:])

        _events_until(events_path, lambda events: rerate_listening(events) or process.poll() is not None, 60)
        time.sleep(0.2)
        subprocess.run(["paplay", "--latency-msec=20", str(three)], check=True, timeout=60)
        try:
            out, err = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:  # still asking: what it heard below says why
            process.kill()
            out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    events = read_events(events_path)
    after_body = [e for e in events if e["t"] > quiet_from]
    heard = [e for e in after_body if e["event"] == "heard"]
    assert heard and not heard[0]["silent"], heard  # the body step's turn heard the answer
    assert {"shoulders", "shoulder", "tight", "heavy"} & set(heard[0]["text"].split()), heard[0]
    next_line = next(e for e in after_body if e["event"] == "speak")
    assert next_line["t"] > played_to, (next_line, played_from, played_to)  # not a word said over the answer
    assert process.returncode == 0, err
    outcome = json.loads(summary.read_text())
    assert [(r["moment"], r["value"]) for r in outcome["activation"]] == [("after", 3)], heard
