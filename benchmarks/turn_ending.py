"""Benchmark 2: turn ending, from the end of the person's speech to mend's decision that the turn is over.

Offline and exact: answers are made with espeak-ng at run time and laid in room noise, so the true end of speech
is a known sample position. mend's real listener (VoiceListener: webrtcvad + noise floor + Endpointer + warm
Recognizer) reads them from memory; its decision position (TurnTiming.decided_position, seconds of audio since the
turn began) minus the true end is the delay the person waits in real time (blocks arrive at the pace of audio,
and the per-block work is far below a block's length, see benchmark 4).

- Closed questions: short answers with the question's grammar and the closed trailing silence (0.5 s default).
- Open reflections: ~20 answers with natural mid-sentence pauses of 0.4-1.2 s, shorter than the patience setting
  (open_trailing_silence, 1.5 s): any decision before the true end is a person cut off.
Beside each, Vosk's own endpointing on the same audio (AcceptWaveform returning True) and its premature splits.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import Figure, median, model_path, ms, percentile  # noqa: E402

CLOSED = [  # (step id, answer)
    ("activation_before", "seven"), ("activation_before", "about a six"), ("activation_before", "three"),
    ("activation_before", "eight out of ten"), ("rerate", "four"), ("rerate", "maybe a five"),
    ("come_back_later", "yes"), ("come_back_later", "no"), ("come_back_later", "not really"),
    ("come_back_later", "i think so"), ("who", "my partner"), ("who", "a friend"), ("who", "my boss"),
    ("who", "my sister"), ("gesture", "a conversation"), ("gesture", "a small act of care"),
]
OPEN_PARTS = [
    ["when she said that", "i just went quiet", "and left the room"],
    ["we were talking about money", "and i raised my voice"],
    ["i kept saying sorry", "over and over", "even when it was not my fault"],
    ["he forgot my birthday", "and i pretended it was fine"],
    ["i tried to fix everything at once", "instead of listening"],
    ["my mother called", "and i snapped at her", "because i was tired"],
    ["i told him it was no big deal", "but it hurt"],
    ["i blamed myself", "for the whole evening"],
    ["we argued about the dishes", "and i said something sharp"],
    ["i got defensive", "and started listing everything she had done"],
    ["at first i laughed it off", "then i went silent for two days"],
    ["my friend cancelled again", "and i did not reply"],
    ["i think i was scared", "that she would leave"],
    ["i wanted to explain myself", "so i kept talking over him"],
    ["it was about the holidays", "and whose family we would visit"],
    ["my colleague took credit", "for my work", "and i said nothing"],
    ["i apologised too much", "and then felt resentful"],
    ["i walked out", "and slammed the door"],
    ["she said i never listen", "and maybe she is right"],
    ["i tried to make a plan right away", "to fix it"],
]
VOICES = ["en-us", "en-gb", "en-us+f3", "en-us+m3"]


def _closed_audio(voice: str, rate: int, text: str, seed: int):
    from tests.support.speech import room, silence, speech

    lead = 0.4
    words = speech(text, voice=voice, rate=rate)
    return room(silence(lead), words, silence(3.0), seed=seed), lead + len(words) / 16000, [(lead, lead + len(words) / 16000)]


def _open_audio(parts: list[str], voice: str, rate: int, pauses: list[float], seed: int):
    from tests.support.speech import room, silence, speech

    pieces, spans, t = [silence(0.4)], [], 0.4
    for index, part in enumerate(parts):
        words = speech(part, voice=voice, rate=rate)
        pieces.append(words)
        spans.append((t, t + len(words) / 16000))
        t += len(words) / 16000
        if index < len(parts) - 1:
            pieces.append(silence(pauses[index]))
            t += pauses[index]
    pieces.append(silence(4.0))
    return room(*pieces, seed=seed), t, spans


def _mend_turn(recognizer, samples, phrases, trailing: float):
    from mend.audio.listener import VoiceListener
    from mend.audio.turns import ListenRequest
    from tests.support.speech import BytesSource

    listener = VoiceListener(BytesSource(samples), recognizer)
    heard = listener.listen(ListenRequest(phrases=phrases, trailing_silence=trailing, no_speech_timeout=8.0,
                                          max_utterance=45.0))
    return heard, listener.last_turn


def _vosk_endpoints(model, samples, grammar: str | None) -> list[float]:
    """Audio positions (s) where Vosk's own endpointing closed an utterance with words in it."""
    import vosk

    recognizer = vosk.KaldiRecognizer(model, 16000, grammar) if grammar else vosk.KaldiRecognizer(model, 16000)
    pcm = samples.tobytes()
    ends = []
    for start in range(0, len(pcm), 640):
        if recognizer.AcceptWaveform(pcm[start:start + 640]):
            if json.loads(recognizer.Result()).get("text", "").strip():
                ends.append((start + 640) / 2 / 16000)
    return ends


def run(quick: bool) -> list[Figure]:
    from mend.assistant.understanding.reading import vocabulary_for
    from mend.audio.recognizer import Recognizer, load_model
    from mend.flows import builtin_flow
    from tests.support.speech import with_noise

    model = load_model(model_path())
    recognizer = Recognizer(model)
    recognizer.warm_up()
    flow = builtin_flow("repair")
    rng = random.Random(7)
    conditions = [("en-us", 160), ("en-gb", 140)] if quick else [(v, r) for v in VOICES for r in (140, 180)]

    closed_delays, vosk_closed, closed_wrong_end = [], [], 0
    for voice, rate in conditions:
        for index, (step_id, text) in enumerate(CLOSED):
            phrases = vocabulary_for(flow.steps[step_id])
            samples, true_end, _ = _closed_audio(voice, rate, text, index)
            heard, turn = _mend_turn(recognizer, samples, phrases, 0.5)
            if turn.outcome != "end":
                closed_wrong_end += 1
                continue
            closed_delays.append(turn.decided_position - true_end)
            ends = _vosk_endpoints(model, samples, recognizer.grammar_for(phrases))
            after = [e for e in ends if e >= true_end - 0.05]
            vosk_closed.append(after[0] - true_end if after else None)

    open_sets = OPEN_PARTS if not quick else OPEN_PARTS[:12]
    premature, open_delays, vosk_split_answers, vosk_splits, open_total, pauses_used = 0, [], 0, 0, 0, []
    cut_examples = []
    variants = [(30.0, None)] if quick else [(30.0, None), (30.0, 20.0)]
    for noise_level, snr in variants:
        for index, parts in enumerate(open_sets):
            voice = VOICES[index % len(VOICES)]
            rate = (140, 180, 160)[index % 3]
            pauses = [round(rng.uniform(0.4, 1.2), 2) for _ in parts[1:]]
            pauses_used += pauses
            samples, true_end, spans = _open_audio(parts, voice, rate, pauses, index)
            if snr is not None:
                samples = with_noise(samples, snr, seed=index)
            heard, turn = _mend_turn(recognizer, samples, None, 1.5)
            open_total += 1
            if turn.outcome != "end" or turn.decided_position < true_end:
                premature += 1
                cut_examples.append(f"{' / '.join(parts)} (pauses {pauses}) -> {turn.outcome} at "
                                    f"{turn.decided_position:.2f}s, end {true_end:.2f}s")
            else:
                open_delays.append(turn.decided_position - true_end)
            ends = _vosk_endpoints(model, samples, None)
            early = [e for e in ends if e < true_end - 0.05]
            vosk_splits += len(early)
            vosk_split_answers += bool(early)

    vosk_closed_known = [v for v in vosk_closed if v is not None]
    return [
        Figure("2a", "turn ending, closed questions: p95 (end of speech -> decision)",
               ms(percentile(closed_delays, 95)), "ms", "<= 700 ms",
               percentile(closed_delays, 95) is not None and percentile(closed_delays, 95) <= 0.7,
               f"median {ms(median(closed_delays)):.0f} ms, n={len(closed_delays)}, not ended: {closed_wrong_end}; "
               f"closed_trailing_silence 0.5 s"),
        Figure("2b", "Vosk's own endpoint, same closed answers: p95", ms(percentile(vosk_closed_known, 95)), "ms",
               "", None, f"median {_fmt(median(vosk_closed_known))}; never ended: "
               f"{sum(v is None for v in vosk_closed)}/{len(vosk_closed)}"),
        Figure("2c", "open answers cut off by mend (patience 1.5 s, pauses 0.4-1.2 s)", premature, "count",
               "0", premature == 0, f"of {open_total} answers; " + "; ".join(cut_examples[:3])),
        Figure("2d", "open answers: end of speech -> decision, median", ms(median(open_delays)), "ms", "", None,
               f"p95 {_fmt(percentile(open_delays, 95))}"),
        Figure("2e", "Vosk's own endpointing: answers split mid-sentence", vosk_split_answers, "count", "", None,
               f"of {open_total} answers, {vosk_splits} premature splits in all"),
    ]


def _fmt(seconds):
    return "n/a" if seconds is None else f"{seconds * 1000:.0f} ms"


if __name__ == "__main__":
    from benchmarks.common import main_for

    main_for(run)
