"""The sequential way to start, for comparison with mend's startup: load the model (and warm a recognizer) first,
then synthesise and play the greeting. Uses mend's own components so only the ordering differs.

Run as a fresh process: `python -m benchmarks.startup_sequential MODEL_DIR` (MEND_HOME set by the caller).
"""

from __future__ import annotations

import sys


def main(model_dir: str) -> None:
    from mend.audio.recognizer import Recognizer, load_model

    recognizer = Recognizer(load_model(model_dir))
    recognizer.warm_up()
    from mend.assistant.paths import data_dir
    from mend.audio.speaker import Speaker
    from mend.audio.synth import Synthesizer
    from mend.flows import builtin_flow

    flow = builtin_flow("repair")
    synth = Synthesizer(cache_dir=data_dir() / "speech-cache")
    speaker = Speaker(synth, None)
    speaker.say(flow.steps[flow.start].prompts[0])


if __name__ == "__main__":
    main(sys.argv[1])
