"""Hour-long soak: spoken replay sessions back to back in one process, printing memory, threads and open files.

The test suite runs a three-minute version (tests/test_soak.py); this one runs long enough for slow leaks to show.
Sessions alternate between the full repair flow and the short calm flow, with answers synthesised once by
espeak-ng and one model kept loaded, as a long-lived process would. A line is printed after every session; the
last line sums up growth since the first session (which pays one-off costs: caches, decoder working memory).

Usage: MEND_TEST_MODEL=/path/to/model python benchmarks/soak.py [--minutes 60] [--model PATH]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psutil  # noqa: E402

from mend.assistant.config import Settings  # noqa: E402
from mend.assistant.modes.voice import run_voice_session  # noqa: E402
from mend.audio.recognizer import ModelLoader  # noqa: E402
from mend.flows import builtin_flow  # noqa: E402
from tests.support.faults import CALM_ANSWERS  # noqa: E402
from tests.support.voice import SPOKEN_REPAIR, answer_wavs  # noqa: E402


def snapshot() -> tuple[float, int, int]:
    gc.collect()
    me = psutil.Process()
    return me.memory_info().rss / 1e6, me.num_threads(), len(os.listdir("/proc/self/fd"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--model", default=os.environ.get("MEND_TEST_MODEL"))
    args = parser.parse_args()
    if not args.model:
        parser.error("give --model or set MEND_TEST_MODEL")
    work = Path(tempfile.mkdtemp(prefix="mend-soak-"))
    os.environ["MEND_HOME"] = str(work / "home")
    settings = Settings()
    settings.session.pauses = False
    plans = [(builtin_flow("repair"), answer_wavs(work / "repair", SPOKEN_REPAIR)),
             (builtin_flow("calm"), answer_wavs(work / "calm", CALM_ANSWERS))]
    loader = ModelLoader(Path(args.model)).start()
    started = time.monotonic()
    first = None
    count = 0
    print("elapsed_s  session  flow    ended       rss_mb  threads  fds", flush=True)
    while time.monotonic() - started < args.minutes * 60:
        flow, wavs = plans[count % 2]
        said = work / "said.wav"
        with contextlib.redirect_stdout(io.StringIO()):
            outcome = run_voice_session(flow, settings, save="never", show_notice=False, journal_opener=None,
                                        audio_in=wavs, audio_out=said, loader=loader)
        said.unlink(missing_ok=True)
        count += 1
        rss, threads, fds = snapshot()
        first = first or (rss, threads, fds)
        print(f"{time.monotonic() - started:9.0f}  {count:7d}  {flow.name:6s}  {outcome.ended:10s}  {rss:6.1f}  "
              f"{threads:7d}  {fds:3d}", flush=True)
    rss, threads, fds = snapshot()
    print(f"after {count} sessions: rss {first[0]:.1f} -> {rss:.1f} MB ({rss - first[0]:+.1f}), "
          f"threads {first[1]} -> {threads}, fds {first[2]} -> {fds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
