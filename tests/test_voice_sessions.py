"""Whole spoken sessions with real parts: espeak-ng answers, the Vosk test model, pyttsx3 speech and, for the live
test, sounddevice streams over PulseAudio's virtual device."""

from __future__ import annotations

import re

import wave

import numpy as np
import pytest

from mend.audio.wavio import write_wav
from mend.assistant.lines import say as line
from mend.flows import builtin_flow
from tests.support.audio import isolated_pulse  # noqa: F401 (a fixture: a private sound server per module)
from tests.support.speech import noise, room, speech
from tests.support.voice import SPOKEN_REPAIR, LiveSession, answer_wavs, heard_texts, replay_session

pytestmark = [pytest.mark.model]

# the question "who" in any of its wordings (mend picks one at random each session): each prompt's first clause
WHO_ASKED = "|".join(re.escape(re.split(r"[:.?]", prompt)[0]) for prompt in builtin_flow("repair").steps["who"].prompts)


def _who_asked(out: str) -> int:
    return len(re.findall(WHO_ASKED, out))


def _assert_repair_plan(outcome: dict, events: list[dict]) -> None:
    # shown whole when an assertion fails (a list would be cut short): what mend understood, turn by turn
    heard = " | ".join(heard_texts(events))
    assert outcome["ended"] == "completed", heard
    assert outcome["relationship"] == "partner", heard
    assert "withdrawing" in outcome["patterns"], heard
    assert [(r["moment"], r["value"]) for r in outcome["activation"]] == [("before", 7), ("after", 3)], heard
    plan = outcome["plan"]
    assert plan["gesture"] == "conversation", heard
    assert "raised my voice" in plan["opening_line"], heard
    assert plan["when"] == "tomorrow evening", heard


def test_replay_repair_session_reaches_the_plan(tmp_path, test_model):
    wavs = answer_wavs(tmp_path / "answers", SPOKEN_REPAIR)
    said = tmp_path / "said.wav"
    result, outcome, events = replay_session(tmp_path, test_model, wavs, audio_out=said)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    _assert_repair_plan(outcome, events)
    assert outcome["kept_in_journal"] is False
    heard = heard_texts(events)
    assert "my girlfriend" in heard and "about a seven" in heard
    # everything mend said was written, in order, with the gaps: minutes of audio, not seconds
    with wave.open(str(said)) as w:
        assert w.getframerate() == 16000 and w.getnchannels() == 1
        assert w.getnframes() / 16000 > 120
    # captions: every spoken line is also printed
    assert _who_asked(result.stdout) >= 1
    # the rehearsed line: a file is no place for the person's own voice, so replay reads the words back instead
    assert re.search(r"(Here it is back|You said): \u201c[^\u201d]*voice", result.stdout), result.stdout[-2000:]
    assert [e["played"] for e in events if e["event"] == "played"] == [False]


def test_spoken_commands_repeat_slower_back_stop(tmp_path, test_model):
    lines = ["", "repeat", "slower", "my best friend", "go back", "a friend", "stop"]
    wavs = answer_wavs(tmp_path / "answers", lines)
    result, outcome, events = replay_session(tmp_path, test_model, wavs)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert _who_asked(out) >= 2  # repeat
    assert line("commands.slower") in out
    assert line("commands.back") in out
    assert line("commands.stop") in out
    assert outcome["ended"] == "stopped" and outcome["relationship"] == "friend"


def test_a_bare_word_heard_only_in_a_next_best_reading_is_confirmed_and_kept(tmp_path, test_model):
    # "other half" said alone, in this voice and rate, is nothing in the grammar's best reading and the next has it
    lines = ["", "other half", "yes", "stop"]
    wavs = answer_wavs(tmp_path / "answers", lines)
    write_wav(wavs[1], np.asarray(room(noise(0.3, 0), speech("other half", voice="en-us", rate=140), noise(0.2, 0),
                                       seed=1), dtype=np.int16).tobytes())
    result, outcome, events = replay_session(tmp_path, test_model, wavs)
    assert result.returncode == 0, result.stderr
    assert heard_texts(events)[1] == ""  # nothing in the best reading ...
    assert "Did you say partner?" in result.stdout  # ... so the next-best one is asked about
    assert outcome["relationship"] == "partner" and outcome["ended"] == "stopped"


def test_silence_reprompts_then_pauses(tmp_path, test_model):
    lines = ["", "", "", ""]  # welcome, then three silent turns at the first question
    wavs = answer_wavs(tmp_path / "answers", lines)
    result, outcome, events = replay_session(tmp_path, test_model, wavs)
    assert result.returncode == 0, result.stderr
    out = re.split(WHO_ASKED, result.stdout, maxsplit=1)[1]
    reprompt_at = out.find("?")
    assert reprompt_at > 0
    assert "quiet moment, so I'll pause" in out
    assert outcome["ended"] == "ended_early"
    assert [e["silent"] for e in events if e["event"] == "heard"][:4] == [True, True, True, True]


@pytest.mark.audio
def test_live_repair_session_over_the_virtual_microphone(tmp_path, test_model, isolated_pulse):
    wavs = answer_wavs(tmp_path / "answers", SPOKEN_REPAIR)
    yes = answer_wavs(tmp_path / "read-back", ["yes"])[0]  # an answer misheard enough to be read back is accepted
    session = LiveSession(tmp_path, test_model, wavs, "--rate", "300", read_back_reply=yes)
    code, out, err, outcome, events = session.run(timeout=900)
    assert code == 0, err
    assert "Traceback" not in err
    _assert_repair_plan(outcome, events)
    spoken = [e for e in events if e["event"] == "spoken"]
    assert len(spoken) > 40
    asked = [e["text"] for e in events if e["event"] == "speak"]
    assert [e["text"] for e in spoken] == asked  # every prompt spoken, in order
    for prompt in spoken:  # and whole: the device played at least as long as the synthesised speech lasts
        assert not prompt["interrupted"], prompt["text"]
        assert prompt["ended"] - prompt["first_sample"] >= prompt["audio_seconds"] - 0.05, prompt["text"]
    # the rehearsed line came back in the person's own voice (tests/test_voice_rehearsal.py checks the sound)
    assert [e["played"] for e in events if e["event"] == "played"] == [True]
    assert {"rehearse_say", "their_first_words", "listening_reply"} <= set(outcome["steps_visited"])


@pytest.mark.audio
def test_barge_in_stop_interrupts_mend_mid_sentence(tmp_path, test_model, isolated_pulse):
    """With headphones mend's voice does not reach the microphone: the microphone here is a second virtual sink's
    monitor, and "stop" is said into it while mend is still speaking."""
    import subprocess
    import sys
    import time

    from tests.support.cli import REPO
    from tests.support.voice import mend_env, read_events

    stop_wav = answer_wavs(tmp_path / "answers", ["stop"])[0]
    events_path = tmp_path / "events.jsonl"
    summary = tmp_path / "summary.json"
    env = mend_env(tmp_path, test_model, events_path, {"PULSE_SOURCE": "micsink.monitor"})
    process = subprocess.Popen(
        [sys.executable, "-m", "mend.assistant.cli", "session", "--barge-in", "--no-pauses", "--summary-json",
         str(summary)], cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(e["event"] == "speak" for e in read_events(events_path)):
            time.sleep(0.05)
        time.sleep(4.0)  # well inside the first-run notice, which takes more than ten seconds to say
        subprocess.run(["paplay", "--latency-msec=20", "-d", "micsink", str(stop_wav)], check=True, timeout=30)
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    import json

    outcome = json.loads(summary.read_text())
    assert outcome["ended"] == "stopped"
    events = read_events(events_path)
    started = next(e["t"] for e in events if e["event"] == "speak")
    first = next(e for e in events if e["event"] == "spoken")
    assert first["first_sample"] is not None
    assert first["ended"] - started < 9.0  # cut short: saying the whole notice takes longer than this
    assert "let's stop here" in out


@pytest.mark.audio
def test_a_signal_during_the_first_run_notice_still_writes_the_summary(tmp_path, test_model, isolated_pulse):
    import json
    import signal
    import subprocess
    import sys
    import time

    from tests.support.cli import REPO
    from tests.support.voice import mend_env, read_events

    events_path = tmp_path / "events.jsonl"
    summary = tmp_path / "summary.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "mend.assistant.cli", "session", "--no-pauses", "--summary-json", str(summary)],
        cwd=REPO, env=mend_env(tmp_path, test_model, events_path), stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(e["event"] == "speak" for e in read_events(events_path)):
            time.sleep(0.05)
        time.sleep(1.0)  # the notice takes more than ten seconds to say
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, err
    assert "Traceback" not in err
    outcome = json.loads(summary.read_text())
    assert outcome["ended"] == "interrupted" and outcome["kept_in_journal"] is False
    assert not any(e["event"] == "spoken" and e["text"].startswith("Hello") for e in read_events(events_path))
