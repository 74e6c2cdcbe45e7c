"""Voice sessions when a real part fails underneath them: the sound server dies (while mend listens, and while it
speaks) and comes back, the speech library is missing, the model folder is gone or damaged (before start, during
the background load, after it), the journal cannot be written, and the process is told to stop.

Each test checks what the person sees (captions on stdout, `Error:`/`Hint:` on stderr, never a traceback), the
exit code and how the session ended (--summary-json). Faults are real: a killed daemon, a library hidden by a bind
mount, a deleted folder, a full or read-only filesystem, a lock held by another process, a signal.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mend.assistant.lines import say as line
from tests.support.faults import (
    CALM_ANSWERS,
    CHECK_ANSWERS,
    LiveFaultSession,
    Mend,
    alive,
    can_unshare,
    espeak_library,
    in_mount_namespace,
    quick_config,
    run_mend,
    session_argv,
    write_check_flow,
)
from tests.support.voice import SPOKEN_REPAIR, answer_wavs

pytestmark = [pytest.mark.model]

needs_namespaces = pytest.mark.skipif(not can_unshare(), reason="needs root to mount inside a private namespace")
LOST = line("voice.microphone_lost", reason="").split(":")[0]  # "I can't hear you any more"
CANT_SPEAK = line("voice.lost_voice", reason="").split(":")[0]  # "(I can't speak right now"
BACK = line("voice.microphone_back")
FIRST_QUESTION = "How stirred up do you feel right now"
SECOND_QUESTION = "if you imagine talking to them tomorrow"


def _no_crash(run) -> None:
    assert "Traceback" not in run.err, run.err
    assert "Traceback" not in run.out


@pytest.fixture(scope="module")
def calm_wavs(tmp_path_factory):
    return answer_wavs(tmp_path_factory.mktemp("calm-answers"), CALM_ANSWERS)


@pytest.fixture(scope="module")
def check_wavs(tmp_path_factory):
    return answer_wavs(tmp_path_factory.mktemp("check-answers"), CHECK_ANSWERS)


@pytest.fixture()
def check_flow(tmp_path):
    return write_check_flow(tmp_path)


# --- 1. the sound server goes away and comes back ------------------------------------------------------------------
@pytest.mark.audio
def test_sound_server_lost_while_listening_pauses_then_resumes_at_the_same_step(tmp_path, test_model, pulse,
                                                                               check_wavs, check_flow):
    def react(event, live: LiveFaultSession) -> bool:
        if event["event"] == "listen" and "server killed" not in live.mend.marks:
            time.sleep(0.3)
            live.kill_server()          # the microphone vanishes while mend waits for the first answer
            return True
        if event["event"] == "microphone_lost":
            time.sleep(2.0)              # mend keeps waiting while nothing is there
            assert live.mend.process.poll() is None
            live.restart_server()
        return False

    live = LiveFaultSession(tmp_path, test_model, check_wavs, "--flow", str(check_flow), "--no-save")
    run = live.run(react)
    _no_crash(run)
    assert run.code == 0, run.err
    out = run.out
    assert out.count(LOST) == 1 and out.count(BACK) == 1
    # paused at the current step: the same question again after the microphone is back, then the next one
    after_back = out.split(BACK, 1)[1]
    assert FIRST_QUESTION in after_back and SECOND_QUESTION in after_back.split(FIRST_QUESTION, 1)[1]
    assert out.count(CANT_SPEAK) <= 1  # speaking about the loss fails too; said once at most, then captions
    lost, back = run.first("microphone_lost"), run.first("microphone_back")
    assert run.marks["server killed"] < lost["t"] < run.marks["server restarted"] < back["t"]
    assert [t for t in run.heard(after=back["t"]) if t] == ["about a seven", "three"]  # spoken answers after the reconnect
    assert run.outcome["ended"] == "completed"
    assert [(r["moment"], r["value"]) for r in run.outcome["activation"]] == [("before", 7), ("after", 3)]
    assert run.outcome["steps_visited"] == ["first", "second", "closing"]


@pytest.mark.audio
def test_sound_server_lost_while_speaking_says_captions_only_once_and_carries_on(tmp_path, test_model, pulse,
                                                                                 check_wavs, check_flow):
    def react(event, live: LiveFaultSession) -> bool:
        if (event["event"] == "speak" and FIRST_QUESTION in event["text"]
                and "server killed" not in live.mend.marks):
            time.sleep(0.8)              # mid-sentence
            live.kill_server()
        if event["event"] == "microphone_lost":
            time.sleep(1.0)
            live.restart_server()
        down = "server killed" in live.mend.marks and "server restarted" not in live.mend.marks
        return event["event"] == "listen" and down  # nobody can answer into a server that is gone

    live = LiveFaultSession(tmp_path, test_model, check_wavs, "--flow", str(check_flow), "--no-save")
    run = live.run(react)
    _no_crash(run)
    assert run.code == 0, run.err
    out = run.out
    assert out.count(CANT_SPEAK) == 1, out
    assert "captions only" in out.split(CANT_SPEAK, 1)[1].splitlines()[0]
    assert out.index(CANT_SPEAK) < out.index(LOST)  # the speaker failed first, then listening noticed
    assert BACK in out
    back = run.first("microphone_back")
    spoken_after = [e for e in run.events if e["event"] == "spoken" and e["t"] > back["t"]]
    assert spoken_after and all(e["first_sample"] is not None for e in spoken_after)  # speaking again, for real
    assert [t for t in run.heard(after=back["t"]) if t] == ["about a seven", "three"]
    assert run.outcome["ended"] == "completed"
    assert [r["value"] for r in run.outcome["activation"]] == [7, 3]


# --- 2. speech synthesis missing ------------------------------------------------------------------------------------
def _without_espeak(argv: list[str]) -> list[str]:
    library = espeak_library()
    if library is None:
        pytest.skip("libespeak-ng.so.1 is not installed, so it cannot be hidden")
    return in_mount_namespace(f"mount --bind /dev/null {library}", argv)


@needs_namespaces
def test_replay_without_the_speech_library_continues_with_captions(tmp_path, test_model, calm_wavs):
    argv = session_argv(tmp_path / "summary.json", "--flow", "calm", "--audio-out", str(tmp_path / "said.wav"),
                        wavs=calm_wavs)
    run = run_mend(_without_espeak(argv), tmp_path, test_model)
    _no_crash(run)
    assert run.code == 0, run.err
    assert run.out.count("captions only") == 1
    assert run.out.splitlines()[0].startswith(line("voice.no_synthesis", reason="").split(" (")[0])
    assert "zero to ten" in run.out and ("Thank you for taking this time" in run.out or "Go gently" in run.out)
    assert "Error:" not in run.err
    assert run.outcome["ended"] == "completed"
    assert [(r["moment"], r["value"]) for r in run.outcome["activation"]] == [("before", 7), ("after", 3)]
    assert "three" in run.heard()


@needs_namespaces
def test_doctor_reports_missing_speech_synthesis_with_its_fix(tmp_path, test_model):
    run = run_mend(_without_espeak([sys.executable, "-m", "mend.assistant.cli", "doctor"]), tmp_path, test_model)
    _no_crash(run)
    assert run.code == 1
    line = next(l for l in run.out.splitlines() if "speech synthesis" in l)
    assert line.startswith("[FAIL]"), run.out
    fix = run.out.split(line + "\n", 1)[1].splitlines()[0]
    assert "Fix:" in fix and "apt-get install espeak-ng" in fix
    assert "[PASS] speech model" in run.out  # one broken part does not hide the others


# --- 3. the model folder removed or damaged ------------------------------------------------------------------------
def _damage(model: Path, how: str) -> None:
    if how == "removed":
        shutil.rmtree(model)
    elif how == "graph missing":
        shutil.rmtree(model / "graph")
    elif how == "truncated":
        data = (model / "am" / "final.mdl").read_bytes()
        (model / "am" / "final.mdl").write_bytes(data[: len(data) // 3])


@pytest.mark.parametrize("how, names", [
    ("removed", "does not exist"),
    ("graph missing", "graph"),
    ("truncated", "could not load the model"),
])
def test_model_removed_or_damaged_before_start(tmp_path, test_model, calm_wavs, how, names):
    model = tmp_path / "model"
    shutil.copytree(test_model, model)
    _damage(model, how)
    run = run_mend(session_argv(tmp_path / "summary.json", "--flow", "calm", wavs=calm_wavs), tmp_path, model)
    _no_crash(run)
    assert run.code == 1
    errors = [l for l in run.err.splitlines() if l.startswith("Error:")]
    hints = [l for l in run.err.splitlines() if l.startswith("Hint:")]
    assert len(errors) == 1 and len(hints) == 1, run.err
    assert names in errors[0] and str(model) in errors[0]
    assert "mend model" in hints[0] and "--text" in hints[0]  # the fix, and the way to go on without a model
    if how == "truncated":  # structurally fine, so the session started; it ends at the first question
        assert "I can't listen" in run.out and ".." not in run.out.split("I can't listen", 1)[1].splitlines()[0]
        assert run.outcome["ended"] == "ended_early"
    else:
        assert run.outcome == {}  # nothing started


def test_model_deleted_during_background_load(tmp_path, test_model, calm_wavs):
    model = tmp_path / "model"
    shutil.copytree(test_model, model)
    mend = Mend(session_argv(tmp_path / "summary.json", "--flow", "calm", wavs=calm_wavs), tmp_path, model)
    mend.wait_for("model_loading", timeout=30)
    for path in sorted(model.rglob("*"), reverse=True):   # damage files already open too, then delete
        if path.is_file():
            path.write_bytes(b"")
    shutil.rmtree(model)
    mend.marks["deleted"] = time.monotonic()
    run = mend.finish(timeout=120)
    _no_crash(run)
    assert run.code == 1
    assert run.first("model_failed") is not None and not run.heard()
    # said in one line either way: Vosk failed on the emptied files, or (on a slower machine, where the loader
    # checks the folder after the files were deleted) the folder no longer holds a model
    assert re.search(r"I can't listen: (?:Vosk could not load the model|.*(?:not a complete Vosk model|does not "
                     r"exist))", run.out), run.out[-400:]
    assert run.err.count("Error:") == 1 and "Hint:" in run.err
    assert run.outcome["ended"] == "ended_early"


def test_model_deleted_after_load_session_simply_continues(tmp_path, test_model, calm_wavs):
    model = tmp_path / "model"
    shutil.copytree(test_model, model)
    mend = Mend(session_argv(tmp_path / "summary.json", "--flow", "calm", wavs=calm_wavs), tmp_path, model)
    mend.wait_for("listen", timeout=60)   # the first turn begins only once the model is loaded
    shutil.rmtree(model)
    mend.marks["deleted"] = time.monotonic()
    run = mend.finish(timeout=120)
    _no_crash(run)
    assert run.code == 0, run.err
    assert "about a seven" in run.heard(after=run.marks["deleted"])  # recognised after the folder was gone
    assert run.outcome["ended"] == "completed"
    assert [r["value"] for r in run.outcome["activation"]] == [7, 3]


# --- 4. the journal cannot be written ----------------------------------------------------------------------------
def _tmpfs_home(home: Path, state: str) -> str:
    """Shell commands making `home` a 64 KiB tmpfs that is full or read-only. Speech audio is cached under the
    data directory too; it gets its own writable tmpfs so only the journal is affected."""
    setup = [f"mount -t tmpfs -o size=64k,mode=0700 tmpfs {home}", f"mkdir {home}/speech-cache",
             f"mount -t tmpfs -o size=64m,mode=0700 tmpfs {home}/speech-cache"]
    if state == "full":
        setup.append(f"(dd if=/dev/zero of={home}/filler bs=4k 2>/dev/null || true)")
    else:
        setup.append(f"mount -o remount,ro {home}")
    return "; ".join(setup)


@needs_namespaces
@pytest.mark.parametrize("state, why", [("read-only", "read-only"), ("full", "full")])
def test_journal_on_a_read_only_or_full_disk(tmp_path, test_model, state, why):
    home, outside = tmp_path / "home", tmp_path / "outside"
    home.mkdir()
    outside.mkdir()
    flow, answers = ("repair", SPOKEN_REPAIR[:-1] + ["yes"]) if state == "read-only" else ("calm", CALM_ANSWERS[:-1] + ["yes"])
    wavs = answer_wavs(outside / "answers", answers)
    argv = session_argv(outside / "summary.json", "--flow", flow, wavs=wavs)
    run = run_mend(in_mount_namespace(_tmpfs_home(home, state), argv), home, test_model, timeout=180,
                   summary=outside / "summary.json", extra_env={"MEND_EVENTS": str(outside / "events.jsonl")})
    _no_crash(run)
    assert run.code == 0, run.err
    told = next(l for l in run.out.splitlines() if l.startswith("I couldn't keep the note"))
    assert why in told.lower(), told
    assert "--summary-json" in run.out.split(told, 1)[1]
    outcome = run.outcome
    assert outcome["ended"] == "completed" and outcome["kept_in_journal"] is False
    assert why in outcome["journal_error"].lower()
    if flow == "repair":
        assert outcome["plan"]["gesture"] == "conversation" and outcome["plan"]["when"] == "tomorrow evening"
    else:
        assert [r["value"] for r in outcome["activation"]] == [7, 3]


def test_journal_locked_by_another_process(tmp_path, test_model):
    from mend.assistant.journal.book import Journal

    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    Journal(home / "journal.sqlite3").close()
    locker = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None)\nc.execute('BEGIN EXCLUSIVE')\n"
         "print('locked', flush=True)\ntime.sleep(120)", str(home / "journal.sqlite3")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert locker.stdout.readline().strip() == "locked"
        wavs = answer_wavs(tmp_path / "answers", CALM_ANSWERS[:-1] + ["yes"])
        run = run_mend(session_argv(home / "summary.json", "--flow", "calm", wavs=wavs), home, test_model)
    finally:
        locker.kill()
        locker.wait()
    _no_crash(run)
    assert run.code == 0, run.err
    told = next(l for l in run.out.splitlines() if l.startswith("I couldn't keep the note"))
    assert "in use" in told.lower(), told
    assert run.outcome["ended"] == "completed" and run.outcome["kept_in_journal"] is False
    assert run.outcome["journal_error"]
    assert [r["value"] for r in run.outcome["activation"]] == [7, 3]


# --- 5. told to stop from outside ---------------------------------------------------------------------------------
def _assert_interrupted(run, signalled: float) -> None:
    _no_crash(run)
    assert run.code == 130, (run.code, run.err)
    assert run.marks["exited"] - signalled < 3.0
    assert run.outcome["ended"] == "interrupted"
    assert "Error:" not in run.err


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_during_a_replay_session(tmp_path, test_model, calm_wavs, signum):
    argv = session_argv(tmp_path / "summary.json", "--flow", "calm", "--audio-out", str(tmp_path / "said.wav"),
                        wavs=calm_wavs)
    mend = Mend(argv, tmp_path, test_model)
    mend.wait_for("listen", timeout=60, where=lambda e: e.get("phrases"))  # at the number question
    children = mend.children()
    mend.signal(signum)
    run = mend.finish(timeout=30)
    _assert_interrupted(run, run.marks[f"signal {signum.name}"])
    assert not alive(children)
    assert run.outcome["steps_visited"][:2] == ["settle", "rate"]
    with open(tmp_path / "said.wav", "rb") as said:  # the speech written so far is a complete, valid WAV
        import wave
        assert wave.open(said).getnframes() > 16000


@pytest.mark.audio
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_during_a_live_session_closes_the_streams(tmp_path, test_model, pulse, check_wavs, check_flow,
                                                         signum):
    seen: dict[str, object] = {}

    def react(event, live: LiveFaultSession) -> bool:
        if event["event"] == "listen" and "signalled" not in seen:
            time.sleep(0.5)
            seen["captures"] = live.streams()[0]
            seen["children"] = live.mend.children()
            live.mend.signal(signum)
            seen["signalled"] = True
            return True
        return False

    live = LiveFaultSession(tmp_path, test_model, check_wavs, "--flow", str(check_flow), "--no-save")
    run = live.run(react, timeout=120, keep_server=True)
    try:
        _assert_interrupted(run, run.marks[f"signal {signum.name}"])
        assert len(seen["captures"]) == 1  # mend's microphone stream, while it was listening
        captures, playbacks = live.streams()
        assert captures == [] and len(playbacks) == 2  # only the harness's own silence streams (two sinks) are left
        assert not alive(seen["children"])
        assert run.outcome["steps_visited"] == ["first"]
    finally:
        live.server.kill()
