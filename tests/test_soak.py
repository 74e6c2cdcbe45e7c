"""Many spoken sessions in one process must not leak: memory, threads and open files stay flat after the first
session, and a live microphone kept open alongside never overflows while recognition and synthesis run.

Sessions run in replay mode through `run_voice_session` with one shared, already loaded model (as a long-lived
process would keep it). The first session pays for one-off costs (speech cache, the synthesis engine, grammar
recognizers, and about 60 MB of decoder working memory the first time the full model decodes a long answer), so
growth is measured from after it. The hour-long version is `benchmarks/soak.py`.
"""

from __future__ import annotations

import gc
import threading
import time

import psutil
import pytest

from mend.assistant.config import Settings
from mend.assistant.modes.voice import run_voice_session
from mend.audio.recognizer import ModelLoader
from mend.audio.sources import Microphone
from mend.flows import builtin_flow
from tests.support.faults import CALM_ANSWERS, open_fds
from tests.support.voice import SPOKEN_REPAIR, answer_wavs

pytestmark = [pytest.mark.model, pytest.mark.audio]

REPEATS = 10
RSS_GROWTH_LIMIT_MB = 10.0


class _Drain:
    """Reads a live microphone on its own thread, as the listener would, so only a starved callback can lose audio."""

    def __init__(self) -> None:
        self.microphone = Microphone()
        self.blocks = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="soak-microphone", daemon=True)

    def __enter__(self) -> "_Drain":
        self.microphone.start()
        assert self.microphone.wait_until_live(3.0)
        self.started = time.monotonic()
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.microphone.read_block(0.2) is not None:
                self.blocks += 1

    def __exit__(self, *exc) -> None:
        self.seconds = time.monotonic() - self.started
        self._stop.set()
        self._thread.join(5)
        self.microphone.close()


def _snapshot() -> dict:
    gc.collect()
    me = psutil.Process()
    return {"rss_mb": me.memory_info().rss / 1e6, "threads": me.num_threads(), "fds": open_fds()}


def test_repeated_sessions_in_one_process_do_not_leak(tmp_path, test_model, pulse, capsys):
    settings = Settings()
    settings.session.pauses = False
    calm, repair = builtin_flow("calm"), builtin_flow("repair")
    calm_wavs = answer_wavs(tmp_path / "calm", CALM_ANSWERS)
    repair_wavs = answer_wavs(tmp_path / "repair", SPOKEN_REPAIR)
    loader = ModelLoader(test_model).start()
    outcomes = []

    def session(flow, wavs, index):
        outcome = run_voice_session(flow, settings, save="never", show_notice=False, journal_opener=None,
                                    audio_in=wavs, audio_out=tmp_path / f"said-{index}.wav", loader=loader)
        (tmp_path / f"said-{index}.wav").unlink()
        outcomes.append(outcome)
        return outcome

    with _Drain() as drain:
        session(repair, repair_wavs, 0)      # one-off costs: speech cache, engine, the decoder's working memory
        before = _snapshot()
        session(repair, repair_wavs, 1)      # the long one again: every step of the repair flow
        for index in range(REPEATS):
            session(calm, calm_wavs, 2 + index)
        after = _snapshot()
    overflows, dropped, blocks = drain.microphone.overflows, drain.microphone.dropped, drain.blocks
    capsys.readouterr()

    print(f"\nsoak: {len(outcomes)} sessions; rss {before['rss_mb']:.1f} -> {after['rss_mb']:.1f} MB; "
          f"threads {before['threads']} -> {after['threads']}; fds {before['fds']} -> {after['fds']}; "
          f"microphone blocks {blocks}, overflows {overflows}, dropped {dropped}")
    assert all(o.ended == "completed" for o in outcomes), [o.ended for o in outcomes]
    assert outcomes[0].plan.when == outcomes[1].plan.when == "tomorrow evening"
    assert all([r.value for r in o.activation] == [7, 3] for o in outcomes[2:])
    assert after["rss_mb"] - before["rss_mb"] < RSS_GROWTH_LIMIT_MB
    assert after["threads"] == before["threads"]
    assert after["fds"] == before["fds"]
    assert overflows == 0 and dropped == 0
    assert blocks > 0.9 * 50 * drain.seconds  # audio kept arriving in real time throughout (50 blocks a second)
