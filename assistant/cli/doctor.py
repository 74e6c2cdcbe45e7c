"""`mend doctor`: one pass/fail line per part mend needs, each failure with its fix.

Each check catches its own errors, so one broken part (no audio server, no model) never hides the state of the
others.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def _audio_checks() -> list[Check]:
    from audio.devices import list_devices
    from audio.errors import AudioError

    try:
        devices = list_devices()
    except AudioError as exc:
        fix = exc.hint
        return [
            Check("audio system", False, exc.message, fix),
            Check("input device", False, "not checked: no audio system", fix),
            Check("output device", False, "not checked: no audio system", fix),
        ]
    inputs = [d for d in devices if d.inputs > 0]
    outputs = [d for d in devices if d.outputs > 0]
    default_in = next((d.name for d in inputs if d.is_default_input), inputs[0].name if inputs else "")
    default_out = next((d.name for d in outputs if d.is_default_output), outputs[0].name if outputs else "")
    return [
        Check("audio system", True, f"{len(devices)} device(s) found"),
        Check(
            "input device", bool(inputs), f"microphone: {default_in}" if inputs else "no microphone found",
            "Connect a microphone, or use `mend session --text`.",
        ),
        Check(
            "output device", bool(outputs), f"speakers: {default_out}" if outputs else "no speakers found",
            "Connect speakers or headphones; mend can also show captions only in text mode.",
        ),
    ]


def _model_check(model: str | None) -> Check:
    from assistant.paths import data_dir
    from audio.errors import AudioError
    from audio.models import check_model_files, find_model

    try:
        path = find_model(model, data_dir())
        problems = check_model_files(path)
    except AudioError as exc:
        return Check("speech model", False, exc.message, exc.hint)
    if problems:
        return Check("speech model", False, f"{path}: {'; '.join(problems)}", "Run `mend model download` again.")
    return Check("speech model", True, str(path))


def _synthesis_check() -> Check:
    from audio.errors import AudioError
    from audio.synth import Synthesizer

    fix = "Install espeak-ng (`sudo apt-get install espeak-ng`)."
    try:
        synth = Synthesizer()
        try:
            path = synth.synthesize("mend is ready.")
            size = Path(path).stat().st_size
        finally:
            synth.close()
    except AudioError as exc:
        return Check("speech synthesis", False, exc.message, exc.hint)
    except Exception as exc:  # a broken engine must not stop the other checks
        return Check("speech synthesis", False, f"the speech engine failed: {exc}", fix)
    return Check("speech synthesis", size > 44, f"synthesised a test phrase ({size} bytes)", fix)


def _journal_check() -> Check:
    from assistant.paths import data_dir, ensure_private_dir

    directory = data_dir()
    fix = f"Run `chmod 700 {directory}` and make sure it is on a writable disk."
    try:
        ensure_private_dir(directory)
        mode = stat.S_IMODE(directory.stat().st_mode)
        writable = os.access(directory, os.W_OK)
    except OSError as exc:
        return Check("journal directory", False, f"{directory}: {exc.strerror or exc}", fix)
    ok = writable and mode & 0o077 == 0
    detail = f"{directory} (mode {mode:o}{'' if writable else ', not writable'})"
    return Check("journal directory", ok, detail, fix)


def run_checks(model: str | None = None) -> list[Check]:
    return [*_audio_checks(), _model_check(model), _synthesis_check(), _journal_check()]
