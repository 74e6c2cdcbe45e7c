"""Safety statements spoken aloud, at an open step and at the 0-10 rating step, through mend's real listening path.

A fixed sample of the written safety sets (benchmarks/data/safety_tuning.tsv and safety_heldout.tsv: SAMPLE
concerns and SAMPLE harmless lines from each, seed SEED) is spoken by espeak-ng in two voices over faint room
noise and heard by VoiceListener with the warm Recognizer and the safety spotter, exactly as a session hears it:

- open step ("what happened"): the full model, the session's open patience;
- rating step (activation_before of the repair flow): the grammar of `vocabulary_for(step)` and the listening
  request the session itself makes for that step (`Session.request_for`).

Each hearing is read by `read_reply`: "crisis" (caught), "check_in" (asked: "Is someone hurting you...?";
anything but a clear no gives the crisis lines) or anything else (missed, for a concern). At the rating step a
statement is heard turn after turn until its audio is used up, as a session would hear the rest of a sentence
cut at a pause; the first turn that is a concern, a check-in or a rating stored without being said back
decides. Ratings stored from a statement without asking are counted apart: none should be.

Usage: MEND_TEST_MODEL=/path/to/model python -m benchmarks.safety_by_voice [--verbose] [--sample N]
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import Figure  # noqa: E402

SAMPLE = 24  # concerns and harmless lines taken from each set
SEED = 7
SETS = ("tuning", "heldout")
VOICES = [("en-us", 150), ("en-gb+f3", 170)]


def statements(sample: int = SAMPLE) -> list[tuple[str, str, str]]:
    """(set, "concern" or "harmless", text), the same every run."""
    from benchmarks.safety_statements import load

    chosen = []
    for name in SETS:
        rows = load(name)
        rng = random.Random(f"{SEED}-{name}")
        concerns = [row["text"] for row in rows if row["kind"] != "none"]
        harmless = [row["text"] for row in rows if row["kind"] == "none"]
        chosen += [(name, "concern", text) for text in rng.sample(concerns, sample)]
        chosen += [(name, "harmless", text) for text in rng.sample(harmless, sample)]
    return chosen


def _outcome(step, listener, source, confirm_below: float, closed: bool, request) -> tuple[str, list[str]]:
    """What a session makes of one spoken statement at this step, and what it heard, turn by turn."""
    from mend.assistant.understanding.reading import needs_confirming, read_reply

    heard_texts = []
    for _ in range(6 if closed else 1):
        heard = listener.listen(request)
        if heard.silent:
            break
        heard_texts.append(heard.text + (f" | {heard.open_text}" if getattr(heard, "open_text", "") else ""))
        reading = read_reply(step, heard)
        if reading.kind in ("crisis", "check_in"):
            return reading.kind, heard_texts
        if closed and reading.kind == "answer":
            if not needs_confirming(step, heard, reading, confirm_below):
                return "stored", heard_texts
            return "said back", heard_texts
        if source.blocks_read >= source.total_blocks:
            break
    return "passed", heard_texts


def run(quick: bool, verbose: bool = False, sample: int = SAMPLE) -> list[Figure]:
    from mend.assistant.config import Settings
    from mend.assistant.safety.rules import safety_phrases
    from mend.assistant.session.loop import Session
    from mend.audio.listener import VoiceListener
    from mend.audio.recognizer import Recognizer, load_model
    from mend.audio.turns import ListenRequest
    from benchmarks.common import model_path
    from mend.flows import Step, builtin_flow
    from tests.support.speech import BytesSource, blocks, room, silence, speech

    recognizer = Recognizer(load_model(model_path()))
    recognizer.warm_up()
    settings = Settings()
    flow = builtin_flow("repair")
    rating = flow.steps["activation_before"]
    session = Session(flow, None, None, settings, voice=True)  # only for the listening request it makes
    free = Step.model_validate({"id": "what_happened", "prompts": ["?"], "expects": "free", "slot": "story",
                                "reprompt_silence": ["?"], "help": "?"})
    open_request = ListenRequest(phrases=None, trailing_silence=settings.listening.open_trailing_silence,
                                 no_speech_timeout=6.0, max_utterance=settings.listening.max_utterance)
    closed_request = session.request_for(rating)
    closed_request = type(closed_request)(**{**closed_request.__dict__, "no_speech_timeout": 3.0})
    confirm = settings.listening.confirm_below
    counts: dict[tuple[str, str], Counter] = {}
    notes: list[str] = []
    started = time.monotonic()
    lines = statements(sample if not quick else max(4, sample // 3))
    for v_index, (voice, rate) in enumerate(VOICES):
        for index, (name, group, text) in enumerate(lines):
            samples = room(silence(0.3), speech(text, voice=voice, rate=rate), silence(0.2), seed=index + v_index)
            for kind, step, request, closed in (("open", free, open_request, False),
                                                ("rating", rating, closed_request, True)):
                source = BytesSource(samples)
                source.total_blocks = len(blocks(samples))
                listener = VoiceListener(source, recognizer, spotting=safety_phrases())
                outcome, heard = _outcome(step, listener, source, confirm, closed, request)
                counts.setdefault((kind, group), Counter())[outcome] += 1
                wrong = (group == "concern" and outcome not in ("crisis", "check_in")) or \
                        (group == "harmless" and outcome in ("crisis", "check_in")) or outcome == "stored"
                if verbose or wrong:
                    notes.append(f"{kind:6} {group:8} {outcome:9} [{name}/{voice}] {text!r} -> {heard}")
    seconds = time.monotonic() - started
    for note in notes:
        print(f"  {note}", file=sys.stderr)
    figures = []
    for kind in ("open", "rating"):
        concern, harmless = counts.get((kind, "concern"), Counter()), counts.get((kind, "harmless"), Counter())
        total_c, total_h = sum(concern.values()), sum(harmless.values())
        missed = total_c - concern["crisis"] - concern["check_in"]
        print(f"{kind} step: concerns {total_c}: caught {concern['crisis']}, asked {concern['check_in']}, missed "
              f"{missed}; harmless {total_h}: flagged {harmless['crisis']}, asked {harmless['check_in']}; stored "
              f"as a rating without asking: {concern['stored']} concerns, {harmless['stored']} harmless; said back: "
              f"{concern['said back']} concerns, {harmless['said back']} harmless", file=sys.stderr)
        figures += [
            Figure(f"8{'a' if kind == 'open' else 'd'}", f"spoken concerns missed at the {kind} step", missed, "count",
                   "", None, f"of {total_c}; caught {concern['crisis']}, asked {concern['check_in']}"),
            Figure(f"8{'b' if kind == 'open' else 'e'}", f"harmless spoken statements flagged / asked at the {kind} "
                   "step", harmless["crisis"] + harmless["check_in"], "count", "", None,
                   f"of {total_h}; flagged {harmless['crisis']}, asked {harmless['check_in']}"),
        ]
        if kind == "rating":
            figures.append(Figure("8f", "statements stored as a rating without asking", concern["stored"] +
                                  harmless["stored"], "count", "0", concern["stored"] + harmless["stored"] == 0,
                                  f"of {total_c + total_h}; said back first: "
                                  f"{concern['said back'] + harmless['said back']}"))
    print(f"safety by voice: {len(lines)} statements x {len(VOICES)} voices x 2 steps in {seconds:.0f} s",
          file=sys.stderr)
    return figures


if __name__ == "__main__":
    from benchmarks.common import main_for

    if "--verbose" in sys.argv or "--sample" in sys.argv:
        args = sys.argv[1:]
        size = int(args[args.index("--sample") + 1]) if "--sample" in args else SAMPLE
        for figure in run("--quick" in args, verbose="--verbose" in args, sample=size):
            print(f"{figure.key} {figure.name}: {figure.shown_value()} ({figure.detail})")
    else:
        main_for(run)
