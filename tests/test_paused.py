"""Paused reflections in the journal, the break's clock and the chime: kept whole through SIGKILL, sealed with the
passphrase, forgotten with the notes; times said as people say them; a chime that is a short, well-formed WAV."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
import wave
from datetime import datetime

import numpy as np
import pytest

from mend.assistant.journal.book import Journal
from mend.assistant.journal.paused import PausedReflection
from mend.assistant.session.breaks import spoken_clock
from mend.audio.chime import CHIME_RATE, chime_file, write_chime
from mend.audio.wavio import read_wav
from tests.support.cli import REPO
from tests.support.paused_worker import same


def test_chime_is_a_short_well_formed_wav(tmp_path):
    path = write_chime(tmp_path / "chime.wav")
    with wave.open(str(path), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, CHIME_RATE)
        seconds = wav.getnframes() / wav.getframerate()
    assert 0.5 <= seconds <= 2.0
    samples, rate = read_wav(path)
    assert rate == CHIME_RATE and len(samples) == int(seconds * rate)
    assert 0.2 < float(np.max(np.abs(samples))) < 0.5  # soft: well below full scale
    assert abs(samples[0]) < 0.01 and float(np.max(np.abs(samples[-50:]))) < 0.01  # no click at either end
    assert chime_file(tmp_path) == chime_file(tmp_path) and chime_file(tmp_path).stat().st_size > 1000


@pytest.mark.parametrize("hour, minute, said", [
    (19, 58, "eight"), (20, 0, "eight"), (20, 12, "quarter past eight"), (20, 27, "half past eight"),
    (20, 41, "quarter to nine"), (20, 52, "five to nine"), (11, 56, "noon"), (23, 58, "midnight"),
    (0, 20, "twenty past twelve"), (13, 3, "five past one"),
])
def test_break_end_is_said_as_people_say_times(hour, minute, said):
    assert spoken_clock(datetime(2026, 3, 1, hour, minute)) == said


def test_paused_reflections_are_sealed_resealed_and_forgotten(tmp_path):
    db = tmp_path / "journal.sqlite3"
    with Journal(db) as journal:
        assert journal.paused_list() == [] and journal.latest_paused() is None  # no table yet: nothing paused
        first = journal.keep_paused(PausedReflection(flow="repair", step="who", slots={"what_happened": "quokka"}))
        journal.protect("pass phrase")
        second = journal.keep_paused(PausedReflection(flow="repair", step="impact", slots={"own_part": "wombat"}))
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("journal.sqlite3*"))
    assert b"quokka" not in raw and b"wombat" not in raw
    with Journal(db, "pass phrase") as journal:
        assert [p.step for p in journal.paused_list()] == ["who", "impact"]
        assert journal.latest_paused().id == second
        again = journal.get_paused(first)
        again.step = "what_happened"
        assert journal.keep_paused(again) == first  # replaced, not added
        assert journal.get_paused(first).step == "what_happened" and journal.count_paused() == 2
        assert journal.drop_paused(first) and not journal.drop_paused(first)
        journal.forget_all()
        assert journal.paused_list() == []


@pytest.mark.slow  # real processes killed mid-save: a few seconds
def test_sigkill_while_replacing_a_paused_reflection_leaves_the_old_state_or_the_new(tmp_path):
    db = tmp_path / "journal.sqlite3"
    rng = random.Random(99)
    last = -1
    for run in range(12):
        worker = subprocess.Popen([sys.executable, "-m", "tests.support.paused_worker", str(db), str(last + 1)],
                                  cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert worker.stdout.readline().strip() == "ready", worker.stderr.read()
        time.sleep(rng.uniform(0.0, 0.08))
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        worker.stdout.close()
        worker.stderr.close()
        assert worker.returncode == -signal.SIGKILL, "the worker must still have been saving when it was killed"
        with Journal(db) as journal:
            assert journal.integrity_ok()
            found = journal.paused_list()
        assert len(found) <= 1, "a replacement must never become a second record"
        if found:
            n = found[0].slots["n"]
            assert same(found[0], n), f"state {n} is torn"
            assert n >= last, "a committed state was lost"
            last = n
    assert last > 10, "the worker should have saved many states"
