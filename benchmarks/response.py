"""Benchmark 1: response time, from mend deciding the person's turn is over to the first audible sample of its reply.

Measured at the output: a private PulseAudio server with the virtual sink `vsink`; a recorder on `vsink.monitor`
timestamps every captured block on the monotonic clock, and the first sample of the reply louder than
ONSET_LEVEL after the decision is the moment the person would hear it. The capture clock is calibrated in the
same run with a click played by `sd.play` (the device floor: nothing can be faster than that).

mend's path is the real one: Microphone on the monitor -> VoiceListener (its own endpointing, warm recognizer,
FinalResult) -> read_reply -> HalfDuplexSpeaker -> Speaker (sounddevice). The person's answer is played into the
sink with paplay, so mend hears it like a microphone would. Two kinds of reply:
- cached: the next step's prompt, pre-synthesised by the Synthesizer's prefetch, as a session does;
- uncached: a reply built from the person's own words ("Did you say seven?", "So it was: <their words>."),
  synthesised on demand with an empty cache.
The usual approach (usual_approach.py: FinalResult() then pyttsx3 say()+runAndWait()) speaks the same first
sentence as the cached reply, interleaved trial by trial with mend's.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    Figure, PrivateSoundServer, child_env, fresh_home, median, model_path, ms, percentile, use_home,
)

ONSET_LEVEL = 64  # int16; the recorded path is bit-exact and otherwise digital zero
STOP_AFTER = 0.3  # seconds of each reply to let play before stopping it (only its start matters)

ANSWERS = [  # (step id, spoken answer)
    ("who", "my girlfriend"),
    ("activation_before", "about a seven"),
    ("come_back_later", "yes"),
    ("first_reaction", "I went quiet and then kept saying sorry"),
    ("gesture", "a conversation"),
    ("rerate", "four"),
    ("what_happened", "we argued about the dishes"),
    ("impact", "she felt brushed aside"),
]


def _onset(samples, start_index: int) -> int | None:
    import numpy as np

    tail = np.abs(samples[max(0, start_index):])
    loud = np.flatnonzero(tail > ONSET_LEVEL)
    return None if loud.size == 0 else int(loud[0]) + max(0, start_index)


class RecordingClock:
    """Sample index <-> monotonic time for a MonitorRecorder, from the anchors of the blocks nearby (median of
    WINDOW blocks) rather than one start time for the whole recording: a capture stream that drops or delays
    audio once shifts every later sample, and a global anchor would then misplace the early part by that much."""

    WINDOW = 50

    def __init__(self, recorder) -> None:
        import numpy as np

        with recorder._lock:
            anchors = np.array(recorder._anchors, dtype=np.float64)
            sizes = np.array([len(c) // 2 for c in recorder._chunks], dtype=np.int64)
        self.starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        half = self.WINDOW // 2
        self.local = np.array([np.median(anchors[max(0, i - half): i + half + 1]) for i in range(len(anchors))])
        self.block_times = self.local + self.starts / 16000

    def index_of(self, t: float) -> int:
        import numpy as np

        block = max(0, int(np.searchsorted(self.block_times, t, side="right")) - 1)
        return int(round((t - self.local[block]) * 16000))

    def time_of(self, index: int) -> float:
        import numpy as np

        block = max(0, int(np.searchsorted(self.starts, index, side="right")) - 1)
        return float(self.local[block] + index / 16000)


def _wait_quiet(recorder, quiet: float = 0.5, timeout: float = 20.0) -> None:
    """Wait until the sink has been silent for `quiet` seconds, so no sound of one trial leaks into the next
    (pyttsx3's runAndWait can return while aplay is still playing)."""
    import numpy as np

    deadline = time.monotonic() + timeout
    need = int(quiet * 16000)
    while time.monotonic() < deadline:
        with recorder._lock:
            chunks, have = [], 0
            for chunk in reversed(recorder._chunks):
                chunks.append(chunk)
                have += len(chunk) // 2
                if have >= need:
                    break
        tail = np.frombuffer(b"".join(reversed(chunks)), dtype="<i2")[-need:]
        if len(tail) >= need and np.abs(tail.astype(np.int32)).max() <= ONSET_LEVEL:
            return
        time.sleep(0.05)


def _answer_wavs(directory: Path) -> list[Path]:
    import numpy as np

    from mend.audio.wavio import write_wav
    from tests.support.speech import room, silence, speech

    paths = []
    for index, (_, line) in enumerate(ANSWERS):
        # room noise under the lead-in and the words, then digital silence: after the answer nothing in the
        # recording may be mistaken for the start of mend's reply
        audio = np.concatenate([room(silence(0.1), speech(line, rate=160), seed=index + 1), silence(0.2)])
        path = directory / f"answer{index}.wav"
        write_wav(path, np.asarray(audio, dtype=np.int16).tobytes())
        paths.append(path)
    return paths


def run(quick: bool) -> list[Figure]:
    server = PrivateSoundServer()
    server.activate()
    try:
        return _measure(quick, server)
    finally:
        server.close()


def _measure(quick: bool, server: PrivateSoundServer) -> list[Figure]:
    rounds = 8 if quick else 16
    home = fresh_home()
    use_home(home)
    work = Path(tempfile.mkdtemp(prefix="mend-bench-response-"))
    wavs = _answer_wavs(work)
    rig = _Rig(home, work, server)
    trials, samples, clock = _run_trials(rig, wavs, rounds)
    lat, suspects = _latencies(trials, samples, clock)
    return _figures(trials, lat, suspects, samples, clock, rounds)


class _Rig:
    """mend's real reply path on the private server (warm recognizer, prefetched prompts, microphone on the
    monitor, half-duplex speaker) and the usual approach's worker beside it."""

    def __init__(self, home: Path, work: Path, server: PrivateSoundServer) -> None:
        from mend.assistant.safety.rules import safety_phrases
        from mend.assistant.modes.voice_speaking import HalfDuplexSpeaker
        from mend.audio.listener import VoiceListener
        from mend.audio.recognizer import load_model, Recognizer
        from mend.audio.sources import Microphone
        from mend.audio.speaker import Speaker, split_sentences
        from mend.audio.synth import Synthesizer
        from benchmarks.usual_approach import UsualWorker
        from mend.flows import builtin_flow

        self.work = work
        self.flow = builtin_flow("repair")
        self.steps = [self.flow.steps[step_id] for step_id, _ in ANSWERS]
        self.usual = UsualWorker(str(model_path()), child_env(PULSE_SERVER=server.server))
        recognizer = Recognizer(load_model(model_path()))
        recognizer.warm_up()
        self.synth = Synthesizer(cache_dir=home / "speech-cache")
        self.synth.check()
        self.prompts = [self._next_prompt(step) for step in self.steps]
        for future in self.synth.prefetch([s for p in self.prompts for s in split_sentences(p)]):
            future.result()
        self.speaker = Speaker(self.synth, None)
        self.microphone = Microphone(None)
        self.microphone.start()
        self.microphone.wait_until_live(3.0)
        self.voice = HalfDuplexSpeaker(self.speaker, self.microphone, lambda: None, barge_in=False)
        self.listener = VoiceListener(self.microphone, recognizer, speaking=self.speaker.speaking,
                                      spotting=safety_phrases())

    def _next_prompt(self, step) -> str:
        following = self.flow.steps[step.next[0].to] if step.next else step
        return following.prompts[0]

    def _stop_soon(self) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            timing = self.speaker.last_timing
            if timing is not None and timing.first_sample is not None:
                time.sleep(STOP_AFTER)
                self.speaker.stop()
                return
            time.sleep(0.005)

    def mend_trial(self, wavs: list[Path], index: int, cached: bool) -> dict:
        import subprocess

        from mend.assistant.understanding.reading import read_reply, vocabulary_for
        from mend.audio.turns import ListenRequest

        step = self.steps[index % len(self.steps)]
        request = ListenRequest(phrases=vocabulary_for(step), no_speech_timeout=8.0,
                                trailing_silence=0.5 if vocabulary_for(step) is not None else 1.5)
        self.microphone.pause_capture(True)  # drop what the microphone queued between trials (other trials' sound)
        self.microphone.pause_capture(False)
        player = threading.Timer(0.25, lambda: subprocess.run(
            ["paplay", "--latency-msec=20", "-d", "vsink", str(wavs[index % len(wavs)])], capture_output=True))
        player.start()
        heard = self.listener.listen(request)
        decided = self.listener.last_turn.decided_at
        reading = read_reply(step, heard)
        reply = self.prompts[index % len(self.prompts)] if cached else self._uncached_reply(index, step, heard, reading)
        stopper = threading.Thread(target=self._stop_soon)
        self.speaker.last_timing = None
        stopper.start()
        self.voice.say(reply)
        stopper.join()
        self.speaker.synth = self.synth
        player.join()
        timing = self.speaker.last_timing
        turn = self.listener.last_turn
        return {"decided": decided, "first_sample": timing.first_sample, "requested": timing.requested,
                "heard": heard.text, "kind": reading.kind, "finish": turn.finish_seconds,
                "open": request.phrases is None, "early": turn.finalised_early}

    def _uncached_reply(self, index: int, step, heard, reading) -> str:
        """A reply built from the person's words, synthesised on demand with an empty cache."""
        from mend.assistant.lines import say as line
        from mend.audio.synth import Synthesizer
        from mend.flows import AnswerKind
        from mend.assistant.understanding.reading import spoken_value

        self.speaker.synth = Synthesizer(cache_dir=self.work / f"uncached-{index}-{time.monotonic_ns()}")
        if step.expects in (AnswerKind.CHOICE, AnswerKind.NUMBER, AnswerKind.YES_NO) and reading.value is not None:
            return line("session.confirm", value=spoken_value(step, reading.value))
        return f"So it was: {heard.text or 'something hard to say'}. Thank you."


_CLICK_SAMPLES = 160  # 10 ms of a 1 kHz tone: the device floor


def _run_trials(rig: _Rig, wavs: list[Path], rounds: int):
    """Interleaved trials (cached, uncached, usual approach, click), each after the sink has gone quiet; returns
    the trials, the monitor's samples and its clock."""
    import numpy as np
    import sounddevice as sd

    from mend.audio.speaker import split_sentences
    from tests.support.audio import MonitorRecorder

    click = (np.sin(2 * np.pi * 1000 * np.arange(_CLICK_SAMPLES) / 16000) * 0.5).astype(np.float32)
    trials: dict[str, list[dict]] = {"cached": [], "uncached": [], "usual": [], "click": []}
    with MonitorRecorder() as recorder:
        time.sleep(0.3)
        rig.usual.reply(str(wavs[0]), "Ready.")  # warm-up, discarded
        _wait_quiet(recorder)
        rig.mend_trial(wavs, 0, True)  # warm-up, discarded
        sd.play(click, 16000)
        sd.wait()
        for i in range(rounds):
            _wait_quiet(recorder)
            trials["cached"].append(rig.mend_trial(wavs, i, True))
            _wait_quiet(recorder)
            trials["uncached"].append(rig.mend_trial(wavs, i + 3, False))
            _wait_quiet(recorder)
            first = split_sentences(rig.prompts[i % len(rig.prompts)])[0]
            trials["usual"].append(rig.usual.reply(str(wavs[i % len(wavs)]), first))
            _wait_quiet(recorder)
            t0 = time.monotonic()
            sd.play(click, 16000)
            sd.wait()
            trials["click"].append({"decided": t0})
            time.sleep(0.2)
        time.sleep(0.3)
    rig.usual.close()
    rig.microphone.close()
    return trials, recorder.samples(), RecordingClock(recorder)


def _audible(samples, clock: RecordingClock, t0: float) -> float | None:
    index = _onset(samples, clock.index_of(t0))
    return None if index is None else clock.time_of(index) - t0


def _latencies(trials: dict[str, list[dict]], samples, clock: RecordingClock) -> tuple[dict[str, list], int]:
    """Decision (or the usual approach's start) to audible, per kind of trial, and how many were left out."""
    lat = {kind: [_audible(samples, clock, t["decided"] if kind != "usual" else t["t0"]) for t in rows]
           for kind, rows in trials.items()}
    suspects = 0
    for kind in ("cached", "uncached"):
        for position, (row, value) in enumerate(zip(trials[kind], lat[kind])):
            if value is not None and row["first_sample"] and row["decided"] + value < row["requested"]:
                # sound before mend even started its reply: the answer was still audible at the decision, so
                # this trial cannot time the reply; it is left out and counted
                lat[kind][position] = None
                suspects += 1
    return lat, suspects


def _figures(trials: dict[str, list[dict]], lat: dict[str, list], suspects: int, samples, clock: RecordingClock,
             rounds: int) -> list[Figure]:
    mend_trials = trials["cached"] + trials["uncached"]
    out_latency = [_audible(samples, clock, t["first_sample"]) for t in mend_trials if t["first_sample"]]
    finish = [t["finish"] for t in mend_trials]
    closed_trials = [t for t in mend_trials if not t["open"]]
    closed_finish = [t["finish"] for t in closed_trials]
    open_finish = [t["finish"] for t in mend_trials if t["open"]]
    stages = {
        "finish": [t["finish"] for t in trials["cached"]],
        "to_say": [t["requested"] - t["decided"] for t in trials["cached"]],
        "say_to_first": [t["first_sample"] - t["requested"] for t in trials["cached"] if t["first_sample"]],
        "say_to_first_uncached": [t["first_sample"] - t["requested"] for t in trials["uncached"] if t["first_sample"]],
    }
    closed_lat = [v for t, v in zip(trials["cached"], lat["cached"]) if not t["open"] and v is not None]
    open_lat = [v for t, v in zip(trials["cached"], lat["cached"]) if t["open"]]
    cached_med, usual_med = median(lat["cached"]), median(lat["usual"])
    ratio = cached_med / usual_med if cached_med is not None and usual_med else None
    n = rounds
    return [
        Figure("1a", "response, cached prompt: median (live, vsink)", ms(cached_med), "ms", "<= 20 ms",
               cached_med is not None and cached_med <= 0.020, f"n={n}; all: {_list(lat['cached'])}"),
        Figure("1b", "response, cached prompt: p95", ms(percentile(lat["cached"], 95)), "ms", "<= 50 ms",
               _le(percentile(lat["cached"], 95), 0.050)),
        Figure("1c", "response, reply from person's words (uncached): p95", ms(percentile(lat["uncached"], 95)),
               "ms", "<= 100 ms", _le(percentile(lat["uncached"], 95), 0.100),
               f"median {_fmt(median(lat['uncached']))}; all: {_list(lat['uncached'])}"),
        Figure("1d", "usual approach (FinalResult + pyttsx3 say/runAndWait): median", ms(usual_med), "ms", "",
               None, f"p95 {_fmt(percentile(lat['usual'], 95))}; all: {_list(lat['usual'])}"),
        Figure("1e", "ratio mend cached / usual approach (medians, same run)", ratio, "x", "<= 0.33x",
               ratio is not None and ratio <= 1 / 3),
        Figure("1f", "device floor: click with sd.play, median", ms(median(lat["click"])), "ms", "", None,
               f"all: {_list(lat['click'])}"),
        Figure("1g", "mend's own first_sample stamp -> audible, median", ms(median(out_latency)), "ms", "", None,
               "output buffering after the speaker's callback handed the first sample over"),
        Figure("1h", "FinalResult after the decision (inside the response), median", ms(median(finish)), "ms", "",
               None, f"p95 {_fmt(percentile(finish, 95))}; closed answers (finalised in the trailing silence) "
               f"{_fmt(median(closed_finish))}, open answers (full model + safety spotter) {_fmt(median(open_finish))}; "
               f"closed turns finalised early: {sum(t['early'] for t in closed_trials)}/{len(closed_trials)}"),
        Figure("1i", "cached response after a closed answer (grammar), median", ms(median(closed_lat)), "ms", "",
               None, f"open answers (full model): median {_fmt(median(open_lat))}"),
        Figure("1j", "stages, cached: decision -> say() (FinalResult, read_reply), median",
               ms(median(stages["to_say"])), "ms", "", None,
               f"say->first sample {_fmt(median(stages['say_to_first']))} (uncached "
               f"{_fmt(median(stages['say_to_first_uncached']))}, p95 {_fmt(percentile(stages['say_to_first_uncached'], 95))}); "
               f"heard: {[t['heard'] for t in trials['cached']][:8]}; trials left out (answer still audible at the "
               f"decision): {suspects}"),
    ]


def _le(value: float | None, limit: float) -> bool:
    return value is not None and value <= limit


def _fmt(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds * 1000:.1f} ms"


def _list(values) -> str:
    return ", ".join("-" if v is None else f"{v * 1000:.0f}" for v in values)


if __name__ == "__main__":
    from benchmarks.common import main_for

    main_for(run)
