"""`mend devices --test`: record a few seconds from the microphone, show how loud it is, and say what was heard.

The audio comes through the same Microphone source a session listens with. On a terminal the level is one bar
redrawn in place; piped, it is a plain line of numbers every half second. With a speech model installed, the
recording is also transcribed, so "Heard: ..." shows whether mend understands this microphone.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from mend.audio import levels

BLOCK_MS = 20
PLAIN_EVERY = 25          # blocks between plain level lines (half a second)


def _recognizer(model: str | None, out: TextIO):
    """A recognizer for the installed model, or None (with a line saying why) when there is none."""
    from mend.assistant.paths import data_dir
    from mend.audio.errors import AudioError
    from mend.audio.models import find_model

    try:
        path = find_model(model, data_dir())
        from mend.audio.recognizer import Recognizer, load_model

        recognizer = Recognizer(load_model(path))
    except AudioError:
        print("No speech model is installed, so only the level is checked (`mend model download` adds one).",
              file=out)
        return None
    recognizer.begin(None)
    return recognizer


def run_mic_check(device: str | None = None, seconds: float = 3.0, model: str | None = None,
                  out: TextIO | None = None, tty: bool | None = None) -> int:
    """0 when the microphone delivered sound loud enough for speech, 1 when it stayed (nearly) silent."""
    from mend.audio.sources import Microphone

    out = out or sys.stdout
    tty = out.isatty() if tty is None else tty
    recognizer = _recognizer(model, out)
    loudest, clipped, total = levels.FLOOR_DB, False, max(1, round(seconds * 1000 / BLOCK_MS))
    with Microphone(device, block_ms=BLOCK_MS) as mic:
        print(f"Say something... (recording {seconds:g} seconds)", file=out, flush=True)
        deadline = time.monotonic() + seconds + 2.0
        for count in range(1, total + 1):
            block = mic.read_block(max(0.0, deadline - time.monotonic()))
            if block is None:
                break
            db = levels.rms_db(block)
            loudest, clipped = max(loudest, db), clipped or levels.peak(block) >= levels.CLIP_FRACTION
            if recognizer is not None:
                recognizer.accept(block)
            if tty:
                out.write(f"\r{levels.level_bar(db)}")
                out.flush()
            elif count % PLAIN_EVERY == 0:
                print(f"level {db:.0f} dB at {count * BLOCK_MS / 1000:.1f} s", file=out, flush=True)
    if tty:
        out.write("\n")
    ok, sentence = levels.verdict(loudest, clipped)
    print(f"Loudest: {loudest:.0f} dB. {sentence}", file=out)
    if recognizer is not None:
        heard = recognizer.finish().text
        print(f"Heard: \u201c{heard}\u201d" if heard else "Heard: nothing I could make out.", file=out)
    return 0 if ok else 1
