"""Benchmark 4: what listening costs.

Real-time factor: mend's whole listening pipeline (20 ms blocks -> webrtcvad + noise floor -> Endpointer ->
warm Recognizer -> FinalResult, plus the safety spotter a session runs beside it on every answer, on its own
thread: process CPU counts every thread; long pauses are held back from both, see audio/listener.py) against
Vosk alone (a warm KaldiRecognizer, AcceptWaveform over the whole file,
FinalResult) on the same audio: several spoken answers with pauses, in room noise, as one long open turn.
Process CPU seconds per audio second, both measured in the same process, interleaved, median of repeats.

Silence: mend listening to room-noise silence in real time (blocks paced at 20 ms, as a microphone delivers
them) for SILENCE_SECONDS: process CPU seconds / wall seconds. Beside it, the CPU Vosk needs to decode the same
silence, per second of audio (what a listener that hands everything to the recognizer would spend).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import Figure, median, model_path  # noqa: E402

ANSWERS = [
    "we argued about the dishes and i said something sharp",
    "i went quiet and then kept saying sorry",
    "she felt brushed aside and i did not notice",
    "what was going on for her that evening",
    "i raised my voice and walked out of the room",
    "maybe tomorrow evening after dinner",
]


class PacedNoise:
    """Room noise handed out in 20 ms blocks at the pace of real audio, like a microphone in a quiet room."""

    def __init__(self, level: float = 30.0) -> None:
        import numpy as np

        rng = np.random.default_rng(3)
        self._blocks = [np.round(rng.normal(0, level, 320)).astype("<i2").tobytes() for _ in range(500)]
        self._index = 0
        self._next = time.monotonic()

    def read_block(self, timeout: float) -> bytes | None:
        wait = self._next - time.monotonic()
        if wait > timeout:
            time.sleep(timeout)
            return None
        if wait > 0:
            time.sleep(wait)
        self._next += 0.02
        self._index += 1
        return self._blocks[self._index % len(self._blocks)]

    def turn_started(self) -> None:
        self._next = time.monotonic()

    def close(self) -> None:
        pass


def _speech_file():
    from tests.support.speech import room, silence, speech

    parts = [silence(0.5)]
    for index, text in enumerate(ANSWERS):
        parts += [speech(text, voice=("en-us", "en-gb")[index % 2], rate=160), silence(0.9)]
    parts.append(silence(2.5))
    return room(*parts, seed=5)


def run(quick: bool) -> list[Figure]:
    import vosk

    from mend.assistant.safety.rules import safety_phrases
    from mend.audio.listener import VoiceListener
    from mend.audio.recognizer import Recognizer, load_model
    from mend.audio.turns import ListenRequest
    from tests.support.speech import BytesSource, noise

    model = load_model(model_path())
    recognizer = Recognizer(model)
    recognizer.warm_up()
    plain = vosk.KaldiRecognizer(model, 16000)
    plain.AcceptWaveform(noise(1.0).tobytes())
    plain.FinalResult()
    samples = _speech_file()
    audio_seconds = len(samples) / 16000
    pcm = samples.tobytes()
    repeats = 3 if quick else 7
    mend_rtf, bare_rtf, vosk_rtf, texts = [], [], [], set()
    request = ListenRequest(phrases=None, trailing_silence=2.0, no_speech_timeout=5.0, max_utterance=120.0)
    VoiceListener(BytesSource(samples[:16000]), recognizer, spotting=safety_phrases())  # build + warm the spotter
    for _ in range(repeats):
        listener = VoiceListener(BytesSource(samples), recognizer, spotting=safety_phrases())
        started = time.process_time()
        heard = listener.listen(request)
        mend_rtf.append((time.process_time() - started) / audio_seconds)
        texts.add(heard.text[:60])
        bare = VoiceListener(BytesSource(samples), recognizer)
        started = time.process_time()
        bare.listen(request)
        bare_rtf.append((time.process_time() - started) / audio_seconds)
        plain.Reset()
        started = time.process_time()
        plain.AcceptWaveform(pcm)
        json.loads(plain.FinalResult())
        vosk_rtf.append((time.process_time() - started) / audio_seconds)
    turn = listener.last_turn
    fed = f"{100.0 * turn.frames_recognized / turn.frames:.0f} %" if turn and turn.frames else "n/a"
    mend_m, bare_m, vosk_m = median(mend_rtf), median(bare_rtf), median(vosk_rtf)
    ratio = mend_m / vosk_m

    silence_seconds = 20.0 if quick else 60.0
    listener = VoiceListener(PacedNoise(), recognizer, spotting=safety_phrases())
    wall, cpu = time.monotonic(), time.process_time()
    heard = listener.listen(ListenRequest(phrases=None, trailing_silence=1.5, no_speech_timeout=silence_seconds,
                                          max_utterance=45.0))
    mend_silence = (time.process_time() - cpu) / (time.monotonic() - wall)
    quiet = noise(silence_seconds, seed=9).tobytes()
    plain.Reset()
    cpu = time.process_time()
    for start in range(0, len(quiet), 640):
        plain.AcceptWaveform(quiet[start:start + 640])
    plain.FinalResult()
    vosk_silence = (time.process_time() - cpu) / silence_seconds
    return [
        Figure("4a", "listening cost: mend pipeline RTF / Vosk alone RTF", ratio, "x", "<= 1.1x", ratio <= 1.1,
               f"mend RTF {mend_m:.3f}, Vosk alone {vosk_m:.3f} (CPU s per audio s, {audio_seconds:.1f} s of audio, "
               f"median of {repeats}); mend handed {fed} of the audio to the recognizer; includes the safety spotter"),
        Figure("4d", "listening cost without the safety spotter / Vosk alone", bare_m / vosk_m, "x", "", None,
               f"mend without the second pass: RTF {bare_m:.3f}; the spotter adds {100 * (mend_m - bare_m) / bare_m:.0f} % "
               "CPU while someone answers"),
        Figure("4b", "CPU while waiting in silence: mend (CPU s / wall s)", mend_silence * 100, "%", "", None,
               f"{silence_seconds:.0f} s of paced room noise; outcome {'silent' if heard.silent else 'speech!'}"),
        Figure("4c", "CPU to decode the same silence with Vosk (CPU s / audio s)", vosk_silence * 100, "%", "",
               None, f"mend uses {mend_silence / vosk_silence:.2f}x of it" if vosk_silence else ""),
    ]


if __name__ == "__main__":
    from benchmarks.common import main_for

    main_for(run)
