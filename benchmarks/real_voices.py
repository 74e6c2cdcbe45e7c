"""Real human voices beside espeak-ng: turn ending, understanding and word confidence, over the virtual microphone.

Each recording in tests/data/voices (LibriSpeech utterances and a public-domain speech, with their published
transcripts; see the README there) is played into the virtual PulseAudio sink and heard by mend's real listening
path: a live `Microphone` on the sink's monitor, `VoiceListener` with mend's endpointing, the warm `Recognizer`
on the full model, and the listening request a session makes for an open step. The same sentence spoken by
espeak-ng (two voices) is heard the same way, and each recording again with white noise at 10 dB SNR.

Printed for each kind of voice:
- turn ending: turns cut before the speech had finished playing (the decision came before the last word had
  left the sink), and the wall-clock delay from the last word as played to the decision (median, max; the last
  word's place in a recording is where its level last rises above a tenth of its loud frames), beside the
  endpointer's own figure (end of the last voiced frame to the decision);
- understanding: word error rate against the transcript (words normalised: case, punctuation, "mr"/"mister",
  contractions), over all words of the kind;
- word confidence (`audio.hypotheses`): of the heard words, how many misheard and how many rightly heard ones are
  under `read_back_below` (what would be read back before a line is built from them), and the same at other
  thresholds.

Usage: MEND_TEST_MODEL=/path/to/model PULSE_SERVER=... python -m benchmarks.real_voices [--quick]
"""

from __future__ import annotations

import sys
import tempfile
from difflib import SequenceMatcher
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import Figure, median  # noqa: E402

SYNTHETIC = [("en-us", 150), ("en-gb+f3", 170)]
THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8)


def word_marks(reference: str, words) -> list[tuple[float, bool]]:
    """Each heard word's confidence and whether it is right (aligned with the normalised transcript)."""
    from tests.support.real_voices import normalized_words

    ref = normalized_words(reference)
    heard = [(w, c) for word, c in words for w in normalized_words(word)]
    right = [False] * len(heard)
    for block in SequenceMatcher(None, [w for w, _ in heard], ref, autojunk=False).get_matching_blocks():
        for index in range(block.a, block.a + block.size):
            right[index] = True
    return [(c, ok) for (_, c), ok in zip(heard, right)]


def hearings(quick: bool):
    """(kind, name, transcript, samples) for every hearing of the run."""
    from tests.support.real_voices import synthetic, voices
    from tests.support.speech import with_noise

    chosen = voices()[:3] if quick else voices()
    for index, voice in enumerate(chosen):
        yield "real", voice.id, voice.transcript, voice.samples()
        yield "real, 10 dB SNR", voice.id, voice.transcript, with_noise(voice.samples(), 10, seed=index)
        for name, rate in SYNTHETIC[: 1 if quick else 2]:
            yield f"espeak-ng {name}", voice.id, voice.transcript, synthetic(voice.transcript, name, rate)


def run(quick: bool) -> list[Figure]:
    from benchmarks.common import model_path
    from mend.assistant.config import Settings
    from mend.assistant.session.listening import step_request
    from mend.audio.recognizer import Recognizer, load_model
    from mend.flows import Step
    from tests.support.real_voices import LEAD, over_microphone, playable, quiet_tail, word_errors

    settings = Settings()
    below = settings.listening.read_back_below
    recognizer = Recognizer(load_model(model_path()))
    recognizer.warm_up()
    step = Step.model_validate({"id": "when", "prompts": ["?"], "expects": "free", "slot": "when",
                                "reprompt_silence": ["?"], "help": "?"})
    request = step_request(settings.listening, step)
    stats: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="mend-real-voices-") as tmp:
        for index, (kind, name, transcript, samples) in enumerate(hearings(quick)):
            wav = playable(samples, Path(tmp, f"{index}.wav"), seed=index)
            live = over_microphone(recognizer, wav, request, tail=LEAD + quiet_tail(samples))
            errors, words = word_errors(transcript, live.heard.text)
            entry = stats.setdefault(kind, {"cut": 0, "delays": [], "detector": [], "errors": 0, "words": 0, "marks": [], "n": 0})
            entry["n"] += 1
            entry["cut"] += live.cut_short
            entry["delays"].append(live.after_speech)
            entry["detector"].append(live.endpoint_delay)
            entry["errors"] += errors
            entry["words"] += words
            entry["marks"] += word_marks(transcript, live.heard.words)
            low = [w for w, c in live.heard.words if c < below]
            print(f"  {kind:18} {name:30} WER {errors}/{words}  end of speech -> turn end {live.after_speech:.2f} s"
                  f"{'  CUT' if live.cut_short else ''}  heard {live.heard.text!r}  unsure {low}", file=sys.stderr)
    figures = []
    for key, (kind, entry) in enumerate(stats.items()):
        delays = [d for d in entry["delays"] if d is not None]
        wer = 100.0 * entry["errors"] / max(1, entry["words"])
        wrong = [c for c, ok in entry["marks"] if not ok]
        right = [c for c, ok in entry["marks"] if ok]
        by_threshold = ", ".join(f"<{t}: {sum(c < t for c in wrong)}/{len(wrong)} misheard, "
                                 f"{sum(c < t for c in right)}/{len(right)} right" for t in THRESHOLDS)
        print(f"{kind}: {entry['n']} hearings; cut {entry['cut']}; delay median {median(delays) or 0:.2f} s, max "
              f"{max(delays, default=0):.2f} s; WER {wer:.1f} %; unsure words {by_threshold}", file=sys.stderr)
        letter = "abcdefgh"[key]
        figures += [
            Figure(f"10{letter}1", f"{kind}: turns cut before the speech ended", entry["cut"], "count", "0",
                   entry["cut"] == 0, f"of {entry['n']}"),
            Figure(f"10{letter}2", f"{kind}: end of speech -> end of turn (median)", median(delays), "s", "", None,
                   f"max {max(delays, default=0):.2f} s; wall clock, from the last word as played; the detector's "
                   f"own (last voiced frame -> decision): median {median(entry['detector']) or 0:.2f} s; open "
                   f"patience {settings.listening.open_trailing_silence} s"),
            Figure(f"10{letter}3", f"{kind}: word error rate", wer, "%", "", None,
                   f"{entry['errors']} errors in {entry['words']} words"),
            Figure(f"10{letter}4", f"{kind}: misheard words read back (conf < {below})",
                   sum(c < below for c in wrong), "count", "", None,
                   f"of {len(wrong)} misheard; rightly heard words read back: {sum(c < below for c in right)} "
                   f"of {len(right)}"),
        ]
    return figures


if __name__ == "__main__":
    from benchmarks.common import main_for

    main_for(run)
