"""`mend doctor`: the versions of mend's parts, then one pass/fail line per part mend needs, each failure with its fix.

Each check catches its own errors, so one broken part (no audio server, no model) never hides the state of the
others; a check that depends on a failed one (devices need the audio system) is marked skipped rather than
repeating the same failure. `--json` gives the same as one JSON object.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import stat
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""
    skipped: bool = False

    @property
    def status(self) -> str:
        return "skip" if self.skipped else "pass" if self.ok else "fail"


def _audio_checks() -> list[Check]:
    from mend.audio.devices import list_devices
    from mend.audio.errors import AudioError

    try:
        devices = list_devices()
    except AudioError as exc:
        fix = exc.hint
        return [
            Check("audio system", False, exc.message, fix),
            Check("input device", False, "needs the audio system", skipped=True),
            Check("output device", False, "needs the audio system", skipped=True),
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
    from mend.assistant.paths import data_dir
    from mend.audio.errors import AudioError
    from mend.audio.models import check_model_files, find_model

    try:
        path = find_model(model, data_dir())
        problems = check_model_files(path)
    except AudioError as exc:
        return Check("speech model", False, exc.message, exc.hint)
    if problems:
        return Check("speech model", False, f"{path}: {'; '.join(problems)}", "Run `mend model download` again.")
    return Check("speech model", True, str(path))


def _synthesis_check() -> Check:
    from mend.audio.errors import AudioError
    from mend.audio.synth import Synthesizer

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
    from mend.assistant.paths import data_dir, ensure_private_dir

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


def _package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def _espeak_version() -> str:
    program = shutil.which("espeak-ng")
    if program is None:
        return "not found"
    try:
        out = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        return f"unknown ({exc})"
    words = out.split()
    return next((w for w in words if w[:1].isdigit()), out.strip() or "unknown")


def _portaudio_version() -> str:
    try:
        import sounddevice

        text = sounddevice.get_portaudio_version()[1]
        return text.split(",")[0].removeprefix("PortAudio ").strip() or text
    except Exception as exc:  # no PortAudio library: sounddevice fails on import
        return f"not found ({exc})"


def versions() -> dict[str, str]:
    from mend.assistant.cli.output import mend_version

    return {"mend": mend_version(), "python": platform.python_version(), "vosk": _package_version("vosk"),
            "espeak-ng": _espeak_version(), "portaudio": _portaudio_version()}


def run_doctor(model: str | None = None, as_json: bool = False) -> int:
    found = versions()
    checks = run_checks(model=model)
    failures = sum(1 for c in checks if c.status == "fail")
    if as_json:
        report = {"versions": found, "ok": not failures,
                  "checks": [{**asdict(c), "status": c.status} for c in checks]}
        print(json.dumps(report, indent=2))
        return 0 if not failures else 1
    print("versions: " + ", ".join(f"{name} {value}" for name, value in found.items()))
    for check in checks:
        print(f"[{check.status.upper()}] {check.name}: {check.detail}")
        if check.status == "fail":
            print(f"       Fix: {check.fix}")
    skipped = sum(1 for c in checks if c.skipped)
    tail = f" ({skipped} skipped)" if skipped else ""
    print("All checks passed." if not failures else f"{failures} check(s) failed{tail}.")
    return 0 if not failures else 1
