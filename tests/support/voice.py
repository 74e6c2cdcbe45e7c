"""Drive whole spoken sessions: answers synthesised with espeak-ng at test time, given to mend either as replayed
WAV files or played into the virtual PulseAudio sink whenever mend starts listening.

mend's optional event timeline (MEND_EVENTS) tells the harness when a listening turn starts, the way a person
knows to answer once the question has been asked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from mend.audio.wavio import write_wav
from tests.support.cli import REPO
from tests.support.speech import room, silence, speech

SPOKEN_REPAIR = [
    "",  # welcome
    "my girlfriend",
    "we argued about the dishes and I said something sharp",
    "about a seven",
    "I went quiet and then kept saying sorry",
    "",  # reflection
    "next",  # breathing
    "",  # body
    "three",
    "yes",  # feels safe with her
    "not really",  # she has not asked for space
    "a bit tired",  # own feelings and needs
    "she felt brushed aside",
    "I raised my voice",
    "what was going on for her that evening",
    "a conversation",
    "yes",  # keep the drafted opening line
    "yes",  # practise saying it once
    "I'm sorry I raised my voice",  # said aloud, then played back (by voice) or read back (replay)
    "she might ask why now",  # what she might say first
    "what was that like for you",  # one listening reply
    "tomorrow evening",
    "",  # closing
    "no",  # keep a note?
]


def answer_wavs(directory: Path, lines: list[str], voice: str = "en-us", rate: int = 150) -> list[Path]:
    """One WAV per answer, with faint room noise as a real microphone has; "" is a silent turn."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, line in enumerate(lines, 1):
        if line.strip():
            audio = room(silence(0.3), speech(line, voice=voice, rate=rate), silence(0.3), seed=index)
        else:
            audio = room(silence(0.5), seed=index)
        path = directory / f"turn{index:02d}.wav"
        write_wav(path, np.asarray(audio, dtype=np.int16).tobytes())
        paths.append(path)
    return paths


def mend_env(home: Path, model: Path, events: Path | None = None, extra: dict | None = None) -> dict:
    env = dict(os.environ)
    env.update({"MEND_HOME": str(home), "MEND_MODEL": str(model)})
    if events is not None:
        env["MEND_EVENTS"] = str(events)
    env.update(extra or {})
    return env


def replay_session(home: Path, model: Path, wavs: list[Path], *extra: str, audio_out: Path | None = None,
                   timeout: float = 300) -> tuple[subprocess.CompletedProcess, dict, list[dict]]:
    summary = home / "summary.json"
    events = home / "events.jsonl"
    args = [sys.executable, "-m", "mend.assistant.cli", "session", "--no-pauses", "--summary-json", str(summary)]
    for wav in wavs:
        args += ["--audio-in", str(wav)]
    if audio_out is not None:
        args += ["--audio-out", str(audio_out)]
    args += list(extra)
    result = subprocess.run(args, capture_output=True, text=True, timeout=timeout, cwd=REPO,
                            env=mend_env(home, model, events), stdin=subprocess.DEVNULL)
    outcome = json.loads(summary.read_text()) if summary.exists() else {}
    return result, outcome, read_events(events)


def read_events(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def heard_texts(events: list[dict]) -> list[str]:
    return [event["text"] for event in events if event["event"] == "heard"]


def is_read_back(said: str) -> bool:
    """Whether mend's line is a read-back of an answer ("I heard: '...'. Is that right?"), in any of its wordings."""
    from mend.assistant.lines import load_lines

    return any(said.startswith(variant.split("{heard}")[0]) for variant in load_lines().line("read_back.ask").say)


def is_checking_an_answer(said: str) -> bool:
    """A read-back, or a closed answer said back first ("Did you say seven?"): what a slow machine's hearing may
    add to a session, which a person who said what they meant simply says yes to."""
    from mend.assistant.lines import load_lines

    asks = [variant.split("{value}")[0] for variant in load_lines().line("session.confirm").say]
    return is_read_back(said) or any(said.startswith(ask) for ask in asks)


class LiveSession:
    """mend listening on the virtual microphone (the sink's monitor); each answer is played when mend listens.

    `command` replaces `session --no-pauses --summary-json ...` (e.g. `followup`). `answer`, if given, chooses
    each answer instead of `wavs` in turn: it gets what mend said since it last listened and returns a WAV to
    play, or None to say nothing at that turn. `read_back_reply` is played whenever mend reads an answer back ("I
    heard: ... Is that right?") or says a closed answer back ("Did you say seven?") without using up a turn of
    `wavs`, as a person who accepts what was read back."""

    def __init__(self, home: Path, model: Path, wavs: list[Path], *extra: str, command: list[str] | None = None,
                 answer=None, env: dict | None = None, read_back_reply: Path | None = None) -> None:
        self.home = home
        self.wavs = list(wavs)
        self.answer = answer
        self.read_back_reply = read_back_reply
        self.summary = home / "summary.json"
        self.events = home / "events.jsonl"
        command = command or ["session", "--no-pauses", "--summary-json", str(self.summary)]
        args = [sys.executable, "-m", "mend.assistant.cli", *command, *extra]
        self.process = subprocess.Popen(args, cwd=REPO, env=mend_env(home, model, self.events, env),
                                        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)

    def _next(self, answered: int, said: list[str]) -> Path | None:
        if self.answer is not None:
            return self.answer(said)
        return self.wavs[answered] if answered < len(self.wavs) else None

    def run(self, timeout: float = 600) -> tuple[int, str, str, dict, list[dict]]:
        deadline = time.monotonic() + timeout
        answered = 0
        seen = 0
        said: list[str] = []
        while self.process.poll() is None and time.monotonic() < deadline:
            events = read_events(self.events)
            for event in events[seen:]:
                if event["event"] == "speak":
                    said.append(event["text"])
                if event["event"] == "listen":
                    reading_back = (self.read_back_reply is not None and bool(said)
                                    and is_checking_an_answer(said[-1]))
                    wav = self.read_back_reply if reading_back else self._next(answered, said)
                    said = []
                    if wav is not None:
                        time.sleep(0.2)  # the microphone is live again once the listening turn has begun
                        subprocess.run(["paplay", "--latency-msec=20", str(wav)], check=True, timeout=60)
                    answered += 0 if reading_back else 1
            seen = len(events)
            time.sleep(0.05)
        timed_out = self.process.poll() is None
        if timed_out:
            self.process.kill()
        out, err = self.process.communicate(timeout=30)
        if timed_out:  # say where it stood, so a failure on a slow machine can be read
            tail = [f"{e['event']}: {e.get('text', '')}" for e in read_events(self.events)[-12:]]
            err += f"\n[timed out after {timeout:.0f} s; the last events:]\n" + "\n".join(tail)
        outcome = json.loads(self.summary.read_text()) if self.summary.exists() else {}
        return self.process.returncode, out, err, outcome, read_events(self.events)
