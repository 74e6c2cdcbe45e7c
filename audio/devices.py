"""Find sound devices by index or by a piece of their name, and say clearly when none can be used.

People name devices the way they see them ("usb", "headset"), so a case-insensitive substring is accepted; an
ambiguous or unknown name lists the candidates in the hint instead of guessing. PortAudio failures (no server, no
library) become DeviceError so the CLI can offer text mode rather than print a traceback, worded for a person
(what cannot be opened and, when known, a plain reason) rather than as PortAudio error codes.

alsa-lib and PortAudio's ALSA layer print developer diagnostics ("ALSA lib pulse.c ... Connection refused",
"Expression '...' failed in pa_linux_alsa.c") straight onto the person's terminal whenever the sound server goes
away. The first import of sounddevice therefore installs a no-op alsa-lib error handler and points the C library's
`stderr` stream at /dev/null. Only C stdio output is affected: Python's own stderr (errors, hints, tracebacks) and
Vosk/Kaldi's C++ stream keep writing to file descriptor 2. Set MEND_AUDIO_DEBUG=1 to keep the native messages.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
from dataclasses import dataclass
from typing import Literal

from mend.audio.errors import DeviceError

Kind = Literal["input", "output"]

UNREACHABLE_HINT = ("Start PulseAudio/PipeWire (or connect a sound card), check PULSE_SERVER, "
                    "or use `mend session --text`.")


@dataclass(frozen=True)
class DeviceInfo:
    index: int
    name: str
    inputs: int
    outputs: int
    default_rate: float
    is_default_input: bool = False
    is_default_output: bool = False

    def supports(self, kind: Kind) -> bool:
        return (self.inputs if kind == "input" else self.outputs) > 0

    def describe(self) -> str:
        marks = [m for m, on in (("default input", self.is_default_input),
                                 ("default output", self.is_default_output)) if on]
        suffix = f" [{', '.join(marks)}]" if marks else ""
        return (f"{self.index}: {self.name} ({self.inputs} in, {self.outputs} out, "
                f"{self.default_rate:g} Hz){suffix}")


_quiet_lock = threading.Lock()
_quieted = False
_alsa_error_handler = None      # the ctypes callback must outlive every alsa-lib call: keep it referenced here


def _ignore_alsa_error(*_args) -> None:
    return None


def _silence_alsa_lib() -> None:
    """alsa-lib reports through snd_lib_error (default: fprintf to stderr); a no-op handler drops its lines."""
    global _alsa_error_handler
    try:
        asound = ctypes.CDLL("libasound.so.2")
    except OSError:
        return   # no ALSA on this system: nothing to silence
    # void handler(const char *file, int line, const char *function, int err, const char *fmt, ...)
    handler_type = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int,
                                    ctypes.c_char_p)
    handler = handler_type(_ignore_alsa_error)
    asound.snd_lib_error_set_handler.argtypes = [handler_type]
    asound.snd_lib_error_set_handler.restype = ctypes.c_int
    asound.snd_lib_error_set_handler(handler)
    _alsa_error_handler = handler


def _mute_c_stdio_stderr() -> None:
    """Point libc's `stderr` FILE* at /dev/null: PortAudio prints its "Expression ... failed" lines there, from
    its own threads, at any time a stream runs. File descriptor 2 is left alone, so Python's sys.stderr and C++
    std::cerr (which holds its own FILE*) still reach the terminal. A single pointer store: a concurrent writer sees
    either stream, both stay valid (the original is never closed)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        variable = ctypes.c_void_p.in_dll(libc, "stderr")
        libc.fopen.restype = ctypes.c_void_p
        libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
        devnull = libc.fopen(os.devnull.encode(), b"w")
    except (OSError, ValueError, AttributeError):
        return
    if devnull:
        variable.value = devnull


def quiet_native_audio_messages() -> None:
    """Once per process: keep alsa-lib's and PortAudio's diagnostics off the person's terminal."""
    global _quieted
    with _quiet_lock:
        if _quieted or os.environ.get("MEND_AUDIO_DEBUG", "").strip() not in ("", "0"):
            return
        _quieted = True
        _silence_alsa_lib()
        _mute_c_stdio_stderr()


def sounddevice_module():
    """Import sounddevice (quieting native diagnostics first), turning a missing PortAudio library into
    DeviceError."""
    quiet_native_audio_messages()
    try:
        import sounddevice
    except (OSError, ImportError) as exc:
        raise DeviceError(f"the sound library cannot be loaded ({exc})",
                          "Install PortAudio (`sudo apt-get install libportaudio2`) or use `mend session --text`.") \
            from None
    return sounddevice


def _defaults(sd) -> tuple[int, int]:
    try:
        pair = sd.default.device
        return int(pair[0]), int(pair[1])
    except Exception:  # an unset default reads as -1 in sounddevice; any oddity means "no default"
        return -1, -1


def list_devices() -> list[DeviceInfo]:
    """Every device PortAudio can see. An empty list means no audio system is reachable: DeviceError."""
    sd = sounddevice_module()
    try:
        raw = sd.query_devices()
    except sd.PortAudioError as exc:
        raise device_failure("no audio system reachable", exc, UNREACHABLE_HINT) from None
    default_in, default_out = _defaults(sd)
    devices = [
        DeviceInfo(index=int(d["index"]), name=str(d["name"]), inputs=int(d["max_input_channels"]),
                   outputs=int(d["max_output_channels"]), default_rate=float(d["default_samplerate"]),
                   is_default_input=int(d["index"]) == default_in, is_default_output=int(d["index"]) == default_out)
        for d in raw
    ]
    if not devices:
        raise DeviceError("no audio system reachable (no sound devices found)", UNREACHABLE_HINT)
    return devices


def _candidates(devices: list[DeviceInfo]) -> str:
    return "; ".join(d.describe() for d in devices) or "none"


def resolve_device(spec: int | str | None, kind: Kind = "input") -> int | None:
    """A device index, a name substring or None (the system default) -> a PortAudio index, or None for default.

    Raises DeviceError when the audio system is unreachable, or the device is unknown, ambiguous or cannot do `kind`.
    """
    if kind not in ("input", "output"):
        raise ValueError(f"kind must be 'input' or 'output', not {kind!r}")
    devices = list_devices()
    usable = [d for d in devices if d.supports(kind)]
    if spec is None or (isinstance(spec, str) and not spec.strip()):
        if not usable:
            raise DeviceError(f"no {kind} device found", UNREACHABLE_HINT)
        return None
    if isinstance(spec, str) and spec.strip().lstrip("-").isdigit():
        spec = int(spec.strip())
    if isinstance(spec, int):
        match = [d for d in devices if d.index == spec]
        if not match:
            raise DeviceError(f"no {kind} device with index {spec}",
                              f"Pick one of: {_candidates(usable)} (see `mend devices`).")
        if not match[0].supports(kind):
            raise DeviceError(f"device {spec} ({match[0].name}) has no {kind} channels",
                              f"Pick one of: {_candidates(usable)} (see `mend devices`).")
        return spec
    wanted = spec.strip().casefold()
    exact = [d for d in usable if d.name.casefold() == wanted]
    if len(exact) == 1:
        return exact[0].index
    partial = [d for d in usable if wanted in d.name.casefold()]
    if len(partial) == 1:
        return partial[0].index
    if not partial:
        raise DeviceError(f"no {kind} device matches {spec!r}",
                          f"Pick one of: {_candidates(usable)} (see `mend devices`).")
    raise DeviceError(f"{len(partial)} {kind} devices match {spec!r}",
                      f"Be more specific or give an index: {_candidates(partial)}.")


def default_rate(index: int | None, kind: Kind = "input") -> float:
    """The device's preferred sample rate (used when it refuses 16 kHz)."""
    sd = sounddevice_module()
    try:
        info = sd.query_devices(index, kind=kind) if index is not None else sd.query_devices(kind=kind)
    except (sd.PortAudioError, ValueError) as exc:
        raise device_failure(f"cannot query the {kind} device", exc) from None
    return float(info["default_samplerate"])


# PortAudio error codes a person can act on, in their words (the codes themselves mean nothing to them).
_UNREACHABLE = "the sound server is unreachable, or the device is busy or unplugged"
_PLAIN_REASONS = {
    -10000: "the sound system is not running",
    -9998: "it cannot play or record mono sound",
    -9997: "it does not support the sample rate",
    -9996: _UNREACHABLE,
    -9993: _UNREACHABLE,
    -9986: "the device did not respond in time",
    -9985: "the device is busy or unavailable",
}
_HOST_REASONS = (
    ("connection refused", "the sound server refused the connection"),
    ("busy", "the device is busy"),
    ("no such", "the device is gone"),
    ("input/output error", "the device stopped responding"),
    ("broken pipe", "the device stopped responding"),
)


def plain_reason(exc: BaseException) -> str | None:
    """A short reason a person understands for a PortAudio failure, or None when nothing useful is known."""
    args = getattr(exc, "args", ())
    code = args[1] if len(args) > 1 and isinstance(args[1], int) else None
    if len(args) > 2 and isinstance(args[2], tuple) and len(args[2]) == 3:
        host_text = str(args[2][2]).lower()
        for needle, reason in _HOST_REASONS:
            if needle in host_text:
                return reason
    if code is None:
        text = str(exc).lower()
        return "it does not support the sample rate" if "sample rate" in text else None
    return _PLAIN_REASONS.get(code)


def device_failure(what: str, exc: BaseException, hint: str | None = None) -> DeviceError:
    """DeviceError for "the speaker cannot be opened" and the like: `what` plus a plain reason when one is known,
    never PortAudio's own message or error code."""
    reason = plain_reason(exc)
    return DeviceError(f"{what}: {reason}" if reason else what, hint)
