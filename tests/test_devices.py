"""Device listing and resolution against the real PulseAudio server, and a clear error when there is none."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from audio.devices import DeviceInfo, list_devices, resolve_device
from audio.errors import DeviceError

pytestmark = pytest.mark.audio


def test_list_devices_describes_the_pulse_devices(pulse):
    devices = list_devices()
    names = {d.name for d in devices}
    assert {"pulse", "default"} <= names
    assert all(isinstance(d, DeviceInfo) and d.default_rate > 0 for d in devices)
    assert any(d.is_default_input for d in devices) and any(d.is_default_output for d in devices)
    assert all(d.inputs > 0 and d.outputs > 0 for d in devices if d.name in ("pulse", "default"))


def test_resolve_by_default_index_and_name(pulse):
    by_name = {d.name: d.index for d in list_devices()}
    assert resolve_device(None, "input") is None
    assert resolve_device("", "output") is None
    assert resolve_device("PULSE", "input") == by_name["pulse"]          # case-insensitive
    assert resolve_device("defau", "output") == by_name["default"]       # substring
    assert resolve_device(by_name["pulse"], "output") == by_name["pulse"]
    assert resolve_device(str(by_name["default"]), "input") == by_name["default"]


def test_unknown_name_lists_candidates_in_hint(pulse):
    with pytest.raises(DeviceError) as caught:
        resolve_device("usb headset", "input")
    assert "usb headset" in caught.value.message
    assert "pulse" in caught.value.hint and "default" in caught.value.hint


def test_ambiguous_name_is_refused(pulse):
    with pytest.raises(DeviceError) as caught:
        resolve_device("u", "output")                                    # in both "pulse" and "default"
    assert "2 output devices match" in caught.value.message
    assert "pulse" in caught.value.hint and "default" in caught.value.hint


def test_unknown_index_is_refused(pulse):
    with pytest.raises(DeviceError, match="index 999"):
        resolve_device(999, "input")


def test_unreachable_audio_system_is_a_device_error(tmp_path):
    """A fresh process whose PULSE_SERVER points nowhere: listing, resolving and opening all say so plainly."""
    script = textwrap.dedent("""
        from audio.devices import list_devices, resolve_device
        from audio.errors import DeviceError
        from audio.sources import Microphone
        for attempt in (list_devices, lambda: resolve_device("pulse"), lambda: Microphone().start()):
            try:
                attempt()
                print("NO ERROR")
            except DeviceError as exc:
                print("DeviceError:", exc.message, "|", exc.hint)
    """)
    env = dict(os.environ, PULSE_SERVER=f"unix:{tmp_path}/no-such-socket")
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=30)
    lines = [line for line in result.stdout.splitlines() if line]
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert len(lines) == 3
    assert all(line.startswith("DeviceError: no audio system reachable") for line in lines), lines
    assert all("--text" in line for line in lines)
