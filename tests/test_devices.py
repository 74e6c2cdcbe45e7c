"""Device listing and resolution against the real PulseAudio server, and a clear error when there is none."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from mend.audio.devices import DeviceInfo, list_devices, resolve_device
from mend.audio.errors import DeviceError
from tests.support.cli import REPO

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
        from mend.audio.devices import list_devices, resolve_device
        from mend.audio.errors import DeviceError
        from mend.audio.sources import Microphone
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


# --- native noise and plain wording ----------------------------------------------------------------------------

NATIVE_NOISE = ("ALSA lib", "Expression '", "pa_linux_alsa.c", "PaErrorCode")


@pytest.mark.parametrize("argv", [["devices"], ["session", "--model", "MODEL"]])
def test_an_unreachable_sound_server_gives_a_plain_error_without_native_noise(tmp_path, test_model, argv):
    argv = [str(test_model) if a == "MODEL" else a for a in argv]
    env = dict(os.environ, PULSE_SERVER=f"unix:{tmp_path}/nonexistent", MEND_HOME=str(tmp_path / "home"))
    result = subprocess.run([sys.executable, "-m", "mend.assistant.cli", *argv], env=env, capture_output=True,
                            text=True, timeout=120, stdin=subprocess.DEVNULL, cwd=REPO)
    assert result.returncode != 0
    assert "Error: no audio system reachable" in result.stderr and "Hint:" in result.stderr
    assert not [line for line in result.stderr.splitlines() if any(n in line for n in NATIVE_NOISE)], result.stderr


LOST_SERVER = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from tests.support.audio import PrivatePulse
    work = Path(sys.argv[1])
    server = PrivatePulse(work)
    try:
        server.keep_running()
        os.environ["PULSE_SERVER"] = server.server
        import numpy as np
        from mend.audio.devices import sounddevice_module
        from mend.audio.errors import DeviceError
        from mend.audio.speaker import Speaker
        from mend.audio.synth import Synthesizer
        sd = sounddevice_module()
        speaker = Speaker(Synthesizer(cache_dir=work / "speech"))
        stream = sd.OutputStream(samplerate=16000, channels=1, device="pulse")
        stream.start()
        time.sleep(0.3)
        server.kill()                                   # the sound server goes away while a stream plays
        time.sleep(0.5)
        try:
            stream.write(np.zeros((16000, 1), dtype=np.float32))
        except sd.PortAudioError:
            pass
        try:
            speaker.say("Hello there.")
            print("NO ERROR")
        except DeviceError as exc:
            print("DeviceError:", exc.message, "|", exc.hint)
        print("python stderr still works", file=sys.stderr)
    finally:
        server.kill()
""")


def _lose_the_server(tmp_path, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", LOST_SERVER, str(tmp_path)], env=dict(os.environ, **env),
                          capture_output=True, text=True, timeout=60, cwd=REPO)


def test_a_sound_server_lost_mid_stream_prints_no_native_noise_and_says_so_plainly(pulse, tmp_path):
    result = _lose_the_server(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("DeviceError: the speaker cannot be opened: the sound server is unreachable, "
                                     "or the device is busy or unplugged | " + DeviceError.default_hint)
    assert not [line for line in result.stderr.splitlines() if any(n in line for n in NATIVE_NOISE)], result.stderr
    assert "python stderr still works" in result.stderr          # only native C stdio output is muted


def test_the_native_noise_is_really_there_without_the_silencing(pulse, tmp_path):
    """The control for the test above: with MEND_AUDIO_DEBUG=1 the same scenario prints alsa-lib's and PortAudio's
    lines, so their absence above is the silencing at work."""
    result = _lose_the_server(tmp_path, MEND_AUDIO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "ALSA lib" in result.stderr and "Expression '" in result.stderr


def test_device_failures_are_worded_without_portaudio_internals():
    import sounddevice as sd

    from mend.audio.devices import device_failure

    illegal = sd.PortAudioError("Error opening RawOutputStream: Illegal combination of I/O devices", -9993)
    refused = sd.PortAudioError("Unanticipated host error", -9999, (0, -111, "Connection refused"))
    rate = sd.PortAudioError("Error opening RawInputStream: Invalid sample rate", -9997)
    odd = sd.PortAudioError("Error opening RawOutputStream: Something new", -9975)
    messages = {name: device_failure(what, exc).message for name, what, exc in [
        ("illegal", "the speaker cannot be opened", illegal),
        ("refused", "the microphone cannot be opened", refused),
        ("rate", "the microphone cannot be opened", rate),
        ("odd", "the speaker cannot be opened", odd),
        ("value", "the speaker cannot be opened", ValueError("Error querying device -1")),
    ]}
    assert messages == {
        "illegal": "the speaker cannot be opened: the sound server is unreachable, or the device is busy or unplugged",
        "refused": "the microphone cannot be opened: the sound server refused the connection",
        "rate": "the microphone cannot be opened: it does not support the sample rate",
        "odd": "the speaker cannot be opened",
        "value": "the speaker cannot be opened",
    }
    assert device_failure("the speaker cannot be opened", illegal).hint == DeviceError.default_hint
