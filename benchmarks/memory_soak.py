"""Minimal soak: the repair flow spoken again and again with the same recorded answers, in one process, reusing
one loaded model (as `run_voice_session(loader=...)` allows). Resident memory (VmRSS) is read after each session.

`python -m benchmarks.memory_soak MODEL_DIR SESSIONS OUT_JSON` (MEND_HOME set by the caller). The one-hour soak
lives in benchmarks/soak.py when present; this is the short form the benchmark table uses.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import os
import sys
import time
from pathlib import Path


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024.0


def main(model_dir: str, sessions: int, out: str) -> None:
    from mend.assistant.config import Settings
    from mend.assistant.modes.voice import run_voice_session
    from mend.audio.recognizer import ModelLoader
    from mend.flows import builtin_flow
    from tests.support.voice import SPOKEN_REPAIR, answer_wavs

    home = Path(os.environ["MEND_HOME"])
    wavs = answer_wavs(home / "answers", SPOKEN_REPAIR)
    loader = ModelLoader(Path(model_dir)).start()
    settings = Settings()
    settings.session.pauses = False
    flow = builtin_flow("repair")
    rss, seconds, endings = [], [], []
    for index in range(sessions):
        started = time.monotonic()
        with contextlib.redirect_stdout(io.StringIO()):
            outcome = run_voice_session(flow, settings, save="never", show_notice=False, journal_opener=None,
                                        audio_in=wavs, audio_out=home / "said.wav", loader=loader)
        gc.collect()
        rss.append(rss_mb())
        seconds.append(time.monotonic() - started)
        endings.append(outcome.ended)
    Path(out).write_text(json.dumps({"rss_mb": rss, "seconds": seconds, "ended": endings}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
