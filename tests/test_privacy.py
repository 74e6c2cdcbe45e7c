"""Privacy promises, checked on the real `mend` command: it never touches the network (except `mend model download`),
every file it creates is owner-only whatever the umask, nothing the person says ends up in logs or stray files, the
transcript is kept only on request, and `journal forget --all` really removes the words from the file's bytes."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mend.flows import builtin_flow_names
from tests.support.cli import CALM_REPLIES, REPAIR_REPLIES
from tests.support.models import make_fake_model
from tests.support.netguard import REPO, files_containing, guarded_env, network_attempts, run_mend

PHRASE = "purple giraffe sandwich"
WHAT_HAPPENED = 2  # index of the "what happened" reply in REPAIR_REPLIES
REPLIES_BY_FLOW = {"repair": REPAIR_REPLIES, "calm": CALM_REPLIES}


def replies_with_phrase() -> list[str]:
    replies = list(REPAIR_REPLIES)
    replies[WHAT_HAPPENED] = f"we argued about the {PHRASE} and I said something sharp"
    return replies


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture()
def netlog(tmp_path) -> Path:
    return tmp_path / "network-attempts.log"


# --- no network ---------------------------------------------------------------------------------------------------

GUARD_PROBE = r"""
import os, socket, sys, tempfile
caught = []
def attempt(name, call):
    try:
        call()
    except OSError as exc:
        caught.append(name if "test guard" in str(exc) else f"{name}: {exc}")
attempt("create_connection", lambda: socket.create_connection(("127.0.0.1", 9), timeout=1))
attempt("connect", lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect(("127.0.0.1", 9)))
attempt("connect_ex", lambda: socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).connect_ex(("::1", 9)))
attempt("sendto", lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"q", ("127.0.0.1", 53)))
attempt("getaddrinfo", lambda: socket.getaddrinfo("localhost", 80))
attempt("gethostbyname", lambda: socket.gethostbyname("localhost"))
path = os.path.join(tempfile.mkdtemp(), "local.sock")
server = socket.socket(socket.AF_UNIX); server.bind(path); server.listen(1)
client = socket.socket(socket.AF_UNIX); client.connect(path)
print(",".join(caught))
"""


def test_the_guard_catches_every_kind_of_connection_and_allows_local_sockets(tmp_path, netlog):
    result = subprocess.run([sys.executable, "-c", GUARD_PROBE], capture_output=True, text=True, timeout=30,
                            env=guarded_env(netlog), cwd=REPO)
    assert result.returncode == 0, result.stderr  # the AF_UNIX connection at the end went through
    assert result.stdout.strip() == "create_connection,connect,connect_ex,sendto,getaddrinfo,gethostbyname"
    log = network_attempts(netlog)
    for call in ("create_connection ('127.0.0.1', 9)", "connect ('127.0.0.1', 9)", "connect_ex ('::1', 9)",
                 "sendto ('127.0.0.1', 53)", "getaddrinfo 'localhost' 80", "gethostbyname 'localhost'"):
        assert call in log
    assert "local.sock" not in log


def test_the_guard_sees_mend_model_download_so_a_silent_test_means_no_network(tmp_path, netlog):
    result = run_mend("model", "download", "--url-base", "http://127.0.0.1:9/", home=tmp_path / "home", log=netlog)
    assert result.returncode == 1
    error = result.stderr[result.stderr.index("Error: "):]
    assert error.startswith("Error: could not download vosk-model-small-en-us-0.15 from any source")
    assert "cannot reach 127.0.0.1:9" in error  # both layouts were looked for at the mirror, and both refused
    assert "create_connection ('127.0.0.1', 9)" in network_attempts(netlog)


@pytest.mark.parametrize("flow", builtin_flow_names())
def test_a_whole_text_session_of_each_builtin_flow_stays_offline(tmp_path, netlog, flow):
    replies = REPLIES_BY_FLOW.get(flow, ["", "stop"])
    summary = tmp_path / "summary.json"
    result = run_mend("session", "--text", "--no-pauses", "--flow", flow, "--summary-json", str(summary),
                      home=tmp_path / "home", log=netlog, replies=replies)
    assert result.returncode == 0, result.stderr
    assert json.loads(summary.read_text())["ended"] in ("completed", "stopped")
    assert network_attempts(netlog) == ""


@pytest.mark.slow  # every command as a real process: about 6 s
def test_every_offline_command_stays_offline(tmp_path, netlog):
    home = tmp_path / "home"
    first = run_mend("session", "--text", "--no-pauses", home=home, log=netlog, replies=REPAIR_REPLIES)
    assert first.returncode == 0, first.stderr
    model = make_fake_model(tmp_path / "src", "offline-model")
    flow_file = REPO / "flows" / "builtin" / "calm.toml"
    commands = [
        (["flows", "list"], 0), (["flows", "show", "repair"], 0), (["flows", "check", str(flow_file)], 0),
        (["journal", "list"], 0), (["journal", "show", "1"], 0), (["journal", "export", "--format", "json"], 0),
        (["journal", "export", "1", "-o", str(tmp_path / "export.md")], 0),
        (["model", "status"], 1), (["model", "install", str(model)], 0), (["model", "status"], 0),
        (["model", "verify"], 0),
        (["config", "path"], 0), (["config", "show"], 0), (["session", "--summary-schema"], 0),
        (["devices"], None), (["doctor"], None),
        (["journal", "delete", "1", "--yes"], 0), (["journal", "forget", "--all", "--yes"], 0),
    ]
    problems = []
    for args, expected in commands:
        result = run_mend(*args, home=home, log=netlog)
        if expected is not None and result.returncode != expected:
            problems.append(f"mend {' '.join(args)}: exit {result.returncode}: {result.stderr.strip()}")
        if "Traceback" in result.stderr:
            problems.append(f"mend {' '.join(args)}: traceback")
    assert problems == []
    assert network_attempts(netlog) == ""


# --- owner-only files -----------------------------------------------------------------------------------------------

def test_files_are_owner_only_even_with_umask_000(tmp_path, netlog):
    home = tmp_path / "fresh" / "mend"  # does not exist yet: mend creates it
    summary = tmp_path / "chosen" / "new-folder" / "summary.json"
    result = run_mend("session", "--text", "--no-pauses", "--summary-json", str(summary),
                      home=home, log=netlog, replies=REPAIR_REPLIES, umask=0)
    assert result.returncode == 0, result.stderr
    assert json.loads(summary.read_text())["kept_in_journal"] is True
    exported = tmp_path / "chosen" / "export.json"
    assert run_mend("journal", "export", "--format", "json", "-o", str(exported),
                    home=home, log=netlog, umask=0).returncode == 0
    assert run_mend("doctor", home=home, log=netlog, umask=0).returncode in (0, 1)  # makes the speech cache
    assert mode(home) == 0o700
    assert mode(home / "journal.sqlite3") == 0o600
    assert mode(summary) == 0o600 and mode(summary.parent) == 0o700  # a folder mend made for the summary
    assert mode(exported) == 0o600
    wide = [f"{oct(mode(p))} {p.relative_to(home)}" for p in [home, *home.rglob("*")]
            if mode(p) & 0o077]
    assert wide == []
    assert any(p.is_dir() for p in home.rglob("*")), "doctor was expected to create a speech cache folder"


def test_a_replay_session_with_umask_000_keeps_its_speech_cache_private(tmp_path, netlog, test_model):
    home = tmp_path / "mend"
    spoken = tmp_path / "said.wav"
    result = run_mend("session", "--audio-in", str(_silence_wav(tmp_path / "quiet.wav")), "--audio-out", str(spoken),
                      "--no-save", "--no-pauses", "--model", str(test_model), "--flow", "calm",
                      home=home, log=netlog, umask=0, timeout=120)
    assert result.returncode == 0, result.stderr
    assert spoken.stat().st_size > 44
    cache_files = [p for p in home.rglob("*.wav")]
    wide = [f"{oct(mode(p))} {p.relative_to(home)}" for p in [home, *home.rglob("*")] if mode(p) & 0o077]
    assert wide == []
    assert cache_files, "the speaker was expected to cache synthesised speech"
    assert network_attempts(netlog) == ""


def _silence_wav(path: Path) -> Path:
    import wave

    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(np.zeros(8000, dtype="<i2").tobytes())
    return path


def test_a_wide_journal_and_data_folder_are_tightened_on_next_use(tmp_path, netlog):
    home = tmp_path / "home"
    assert run_mend("session", "--text", "--no-pauses", home=home, log=netlog, replies=REPAIR_REPLIES).returncode == 0
    journal = home / "journal.sqlite3"
    os.chmod(journal, 0o644)
    os.chmod(home, 0o755)
    listing = run_mend("journal", "list", home=home, log=netlog)
    assert listing.returncode == 0, listing.stderr
    assert mode(journal) == 0o600 and mode(home) == 0o700


# --- what the person said -------------------------------------------------------------------------------------------

def _session_with_phrase(tmp_path: Path, netlog: Path, *extra: str) -> tuple[Path, Path, subprocess.CompletedProcess]:
    home, scratch = tmp_path / "home", tmp_path / "scratch"
    scratch.mkdir(parents=True)
    result = run_mend("session", "--text", "--no-pauses", *extra, home=home, log=netlog,
                      replies=replies_with_phrase(), env={"TMPDIR": str(scratch)})
    assert result.returncode == 0, result.stderr
    return home, scratch, result


def test_what_you_say_is_in_no_log_or_file_except_the_kept_note(tmp_path, netlog):
    home, scratch, result = _session_with_phrase(tmp_path, netlog)
    needle = PHRASE.encode()
    assert PHRASE not in result.stderr
    assert files_containing(home, needle) == [home / "journal.sqlite3"]  # the note the person chose to keep
    assert files_containing(scratch, needle) == []
    listing = run_mend("journal", "list", home=home, log=netlog)
    assert PHRASE not in listing.stderr and files_containing(home, needle, skip=("journal.sqlite3",)) == []


def test_with_no_save_what_you_say_is_stored_nowhere(tmp_path, netlog):
    home, scratch, result = _session_with_phrase(tmp_path, netlog, "--no-save")
    assert "keep a note of this reflection" not in result.stdout
    assert PHRASE not in result.stderr
    assert files_containing(home, PHRASE.encode()) == []
    assert files_containing(scratch, PHRASE.encode()) == []
    assert not (home / "journal.sqlite3").exists()


def _exported_entry(home: Path, netlog: Path) -> dict:
    result = run_mend("journal", "export", "--format", "json", home=home, log=netlog)
    assert result.returncode == 0, result.stderr
    (entry,) = json.loads(result.stdout)["entries"]
    return entry


def test_the_transcript_is_kept_only_with_keep_transcript(tmp_path, netlog):
    default_home, _, _ = _session_with_phrase(tmp_path / "default", netlog)
    assert _exported_entry(default_home, netlog)["transcript"] is None
    opted_home, _, _ = _session_with_phrase(tmp_path / "opted", netlog, "--keep-transcript")
    transcript = _exported_entry(opted_home, netlog)["transcript"]
    assert isinstance(transcript, list) and len(transcript) > len(REPAIR_REPLIES)
    assert {"speaker": "you", "text": f"we argued about the {PHRASE} and I said something sharp"} in transcript
    assert network_attempts(netlog) == ""


def test_forget_all_removes_the_words_from_the_file_bytes(tmp_path, netlog):
    home, _, _ = _session_with_phrase(tmp_path, netlog, "--keep-transcript")
    db_files = lambda: [p for p in home.iterdir() if p.name.startswith("journal.sqlite3")]  # noqa: E731
    assert any(PHRASE.encode() in p.read_bytes() for p in db_files())  # otherwise the check below proves nothing
    result = run_mend("journal", "forget", "--all", "--yes", home=home, log=netlog)
    assert result.returncode == 0, result.stderr
    assert "Forgot 1 entry" in result.stdout
    leftovers = [p.name for p in db_files() if PHRASE.encode() in p.read_bytes()]
    assert leftovers == []
    assert files_containing(home, PHRASE.encode()) == []
    assert "The journal is empty." in run_mend("journal", "list", home=home, log=netlog).stdout


# --- spoken lines built from the person's words ----------------------------------------------------------------------

def test_speech_of_lines_built_from_your_words_is_never_kept_on_disk(tmp_path, test_model, monkeypatch):
    """A replay session whose answers mention a garden party: mend repeats those words (the drafted opening line,
    the closing summary). Their audio must exist only while spoken: the persistent speech cache holds fixed prompts
    only, and the temporary folder is gone when the session ends."""
    from mend.assistant.modes.voice import fixed_prompt_sentences
    from mend.audio.speaker import split_sentences
    from mend.audio.synth import Synthesizer
    from mend.flows import builtin_flow
    from tests.support.voice import SPOKEN_REPAIR, answer_wavs, replay_session

    home, scratch = tmp_path / "home", tmp_path / "scratch"
    home.mkdir()
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))           # where the session's temporary speech folder goes
    answers = list(SPOKEN_REPAIR)
    answers[answers.index("I raised my voice")] = "I raised my voice at the garden party"  # the own part, in the draft
    wavs = answer_wavs(tmp_path / "answers", answers)
    result, outcome, events = replay_session(home, test_model, wavs, "--flow", "repair",
                                             audio_out=tmp_path / "said.wav")
    assert result.returncode == 0, result.stderr
    spoken = [e["text"] for e in events if e["event"] == "speak"]
    private = [s for line in spoken for s in split_sentences(line) if "garden" in s.lower()]
    assert len(private) >= 2, spoken                      # the draft and the summary repeat the person's words

    cache = home / "cache" / "speech"
    synth = Synthesizer(cache_dir=cache)                  # the session's settings: the defaults
    try:
        assert [s for s in private if synth.cache_path(s).exists()] == []
        prompts, others = fixed_prompt_sentences(builtin_flow("repair"))
        fixed = {synth.cache_path(s) for s in prompts + others}
        kept = set(cache.iterdir())
        assert kept and kept <= fixed, sorted(p.name for p in kept - fixed)
    finally:
        synth.close()
    assert [p for p in home.rglob("*.wav") if p.parent != cache] == []
    assert [p.name for p in scratch.iterdir()] == []     # no temporary speech folder outlives the session
