"""Spoken abuse statements and harmless sound-alikes through mend's real path: what is definite, asked, missed.

The figures quoted in assistant/safety/unsure.py come from this script. Each line is spoken by espeak-ng in every
voice/rate/noise condition of the understanding benchmark, heard by VoiceListener (full model + safety spotter),
and read by `read_reply` on an open question: "crisis" (definite), "check_in" (mend asks whether someone is
hurting them) or anything else (passed over).

Usage: MEND_TEST_MODEL=/path/to/model python -m benchmarks.safety_sound_alikes [--verbose]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ABUSE = ["he hits me when he is angry", "she hits me", "he hit me last night", "my husband hits me", "he beats me",
         "he kicked me", "he pushed me against the wall", "she slapped me", "my dad hits me when he drinks",
         "he hurts me"]
HARMLESS = ["he really gets me", "she gave me a hug", "he gave me a look", "he got me a present", "he hit the wall",
            "he kicked the door", "he gets me every time", "she gets me", "he gave me the silence"]


def main() -> int:
    from mend.assistant.understanding.reading import read_reply
    from mend.assistant.safety.rules import safety_phrases
    from mend.audio.listener import VoiceListener
    from mend.audio.recognizer import Recognizer, load_model
    from mend.audio.turns import ListenRequest
    from benchmarks.common import model_path
    from benchmarks.understanding import _conditions, _speak
    from mend.flows import Step
    from tests.support.speech import BytesSource

    verbose = "--verbose" in sys.argv
    recognizer = Recognizer(load_model(model_path()))
    recognizer.warm_up()
    step = Step.model_validate({"id": "what_happened", "prompts": ["?"], "expects": "free", "slot": "story",
                                "reprompt_silence": ["?"], "help": "?"})
    readings: dict[str, Counter] = {"abuse": Counter(), "harmless": Counter()}
    unexpected: Counter = Counter()
    for voice, rate, snr in _conditions(False):
        for group, lines in (("abuse", ABUSE), ("harmless", HARMLESS)):
            for index, line in enumerate(lines):
                listener = VoiceListener(BytesSource(_speak(line, voice, rate, snr, index)), recognizer,
                                         spotting=safety_phrases())
                heard = listener.listen(ListenRequest(phrases=None, trailing_silence=1.5, no_speech_timeout=6.0,
                                                      max_utterance=30.0))
                kind = read_reply(step, heard).kind
                kind = kind if kind in ("crisis", "check_in") else "passed over"
                readings[group][kind] += 1
                if (kind == "passed over") == (group == "abuse"):  # abuse passed over, harmless read as a concern
                    unexpected[(group, line, kind)] += 1
                if verbose:
                    print(f"{group:8} {kind:11} {line!r} -> {heard.text!r} {heard.alternatives}", flush=True)
    for group, counts in readings.items():
        print(f"{group}: {sum(counts.values())} hearings: {dict(counts)}")
    for (group, line, kind), count in unexpected.most_common():
        print(f"  {group} {kind}: {line!r} x{count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
