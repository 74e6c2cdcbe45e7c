"""Benchmark 5: memory, plus response time in replay mode (both from one whole replayed session).

- Peak RSS of a whole voice session: `mend session --audio-in ... --audio-out ...` (replay mode, the repair flow
  answered with espeak-made WAVs) as a subprocess, its VmHWM read from /proc/PID/status every 20 ms until it
  exits. Against the yardstick: a bare Python that loads the model, creates one recognizer and decodes a second
  of audio (memory_baseline.py), measured in the same run. Target: session <= 1.2x yardstick.
- Soak: the same flow repeated in one process with one loaded model (memory_soak.py); growth of VmRSS from the
  end of the first session to the end of the last. Target <= 10 MB.
- Replay-mode response: from the session's MEND_EVENTS timeline, each `heard` decision (decided_at) to the next
  `spoken` first_sample written by the FileSpeaker.
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    REPO, Figure, child_env, fresh_home, median, model_path, ms, percentile, python, vm_hwm_mb,
)


def _replay_session(home: Path, wavs: list[Path]) -> tuple[float | None, list[dict], int]:
    events = home / "events.jsonl"
    args = [python(), "-m", "mend.assistant.cli", "session", "--no-pauses", "--save", "never",
            "--audio-out", str(home / "said.wav")]
    for wav in wavs:
        args += ["--audio-in", str(wav)]
    child = subprocess.Popen(args, cwd=REPO, env=child_env(MEND_HOME=str(home), MEND_MODEL=str(model_path()),
                                                           MEND_EVENTS=str(events)),
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = None
    while child.poll() is None:
        value = vm_hwm_mb(child.pid)
        if value is not None:
            peak = value
        time.sleep(0.02)
    timeline = [json.loads(line) for line in events.read_text().splitlines()] if events.exists() else []
    return peak, timeline, child.returncode


def _replay_responses(timeline: list[dict]) -> list[float]:
    out, decided = [], None
    for event in timeline:
        if event["event"] == "heard" and not event.get("silent"):
            decided = event.get("decided_at")
        elif event["event"] == "spoken" and decided is not None and event.get("first_sample"):
            out.append(event["first_sample"] - decided)
            decided = None
    return out


def _baseline(*wavs: Path) -> float:
    result = subprocess.run([python(), "-m", "benchmarks.memory_baseline", str(model_path()), *map(str, wavs)],
                            cwd=REPO, env=child_env(), capture_output=True, text=True, timeout=120)
    return json.loads(result.stdout.strip().splitlines()[-1])["vm_hwm_mb"]


def _soak(quick: bool) -> tuple[list[float], str]:
    """RSS after each session of a short soak: benchmarks/soak.py (the one-hour soak, run for a minute or three)
    when it is there, else the minimal memory_soak.py."""
    external = REPO / "benchmarks" / "soak.py"
    if external.exists():
        minutes = 1.0 if quick else 2.0
        result = subprocess.run([python(), str(external), "--minutes", str(minutes), "--model", str(model_path())],
                                cwd=REPO, env=child_env(), stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                timeout=minutes * 60 + 300)
        rss, flows = [], Counter()
        for line in result.stdout.splitlines():
            parts = line.split()
            if len(parts) == 7 and parts[0].isdigit():
                rss.append(float(parts[4]) * 1e6 / 2**20)
                flows[f"{parts[2]}:{parts[3]}"] += 1
        summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "no output"
        return rss, f"benchmarks/soak.py --minutes {minutes:g}: {summary}; sessions {dict(flows)}"
    soak_home = fresh_home("mend-bench-soak-")
    soak_out = soak_home / "soak.json"
    subprocess.run([python(), "-m", "benchmarks.memory_soak", str(model_path()), str(3 if quick else 8),
                    str(soak_out)], cwd=REPO, env=child_env(MEND_HOME=str(soak_home)), stdin=subprocess.DEVNULL,
                   capture_output=True, timeout=1200)
    soak = json.loads(soak_out.read_text()) if soak_out.exists() else {"rss_mb": []}
    return soak["rss_mb"], f"memory_soak.py (repair flow), ended {soak.get('ended')}"


def run(quick: bool) -> list[Figure]:
    import numpy as np

    from mend.audio.wavio import write_wav
    from tests.support.speech import room, silence, speech
    from tests.support.voice import SPOKEN_REPAIR, answer_wavs

    work = fresh_home("mend-bench-memory-")
    wavs = answer_wavs(work / "answers", SPOKEN_REPAIR)
    second = work / "second.wav"
    write_wav(second, np.asarray(room(speech("about a seven"), silence(0.4)), dtype=np.int16).tobytes())
    sessions = 1 if quick else 3
    peaks, baselines, same_work, responses, codes = [], [], [], [], []
    for _ in range(sessions):
        baselines.append(_baseline(second))
        same_work.append(_baseline(*wavs))
        peak, timeline, code = _replay_session(fresh_home(), wavs)
        peaks.append(peak)
        codes.append(code)
        responses += _replay_responses(timeline)
    baselines.append(_baseline(second))
    peak, base, work_base = median(peaks), median(baselines), median(same_work)
    ratio = peak / base if peak and base else None

    rss, soak_note = _soak(quick)
    growth = rss[-1] - rss[0] if len(rss) >= 2 else None
    return [
        Figure("5a", "peak RSS of a whole replayed session / model + one recognizer", ratio, "x", "<= 1.2x",
               ratio is not None and ratio <= 1.2,
               f"session VmHWM {_mb(peak)}, yardstick {_mb(base)} (medians; sessions exit {codes})"),
        Figure("5c", "peak RSS of the session / model + one recognizer decoding all its answers",
               peak / work_base if peak and work_base else None, "x", "", None,
               f"that yardstick {_mb(work_base)}: Vosk's decoder keeps working memory sized by the longest "
               f"utterance, which a 1 s yardstick does not pay"),
        Figure("5b", "soak: RSS growth after the first session", growth, "MB", "<= 10 MB",
               growth is not None and growth <= 10,
               f"{len(rss)} sessions in one process, RSS after the first {rss[0] if rss else 0:.1f} MB, max "
               f"{max(rss) if rss else 0:.1f} MB, last {rss[-1] if rss else 0:.1f} MB; {soak_note}"),
        Figure("1k", "response in replay mode (FileSpeaker stamp): median", ms(median(responses)), "ms", "", None,
               f"p95 {ms(percentile(responses, 95)) or 0:.1f} ms over {len(responses)} answered turns; the stamp "
               f"is taken before the synthesised file is read, so it shows the decision-to-say() path only"),
    ]


def _mb(value):
    return "n/a" if value is None else f"{value:.0f} MB"


if __name__ == "__main__":
    from benchmarks.common import main_for

    main_for(run)
