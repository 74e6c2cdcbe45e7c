"""Find sound devices by index or by a piece of their name, and say clearly when none can be used.

People name devices the way they see them ("usb", "headset"), so a case-insensitive substring is accepted; an
ambiguous or unknown name lists the candidates in the hint instead of guessing. PortAudio failures (no server, no
library) become DeviceError so the CLI can offer text mode rather than print a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from audio.errors import DeviceError

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


def sounddevice_module():
    """Import sounddevice, turning a missing PortAudio library into DeviceError."""
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
        raise DeviceError(f"no audio system reachable ({exc})", UNREACHABLE_HINT) from None
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
        raise DeviceError(f"cannot query the {kind} device ({exc})") from None
    return float(info["default_samplerate"])
