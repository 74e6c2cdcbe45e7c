"""Test helpers for real audio: espeak-ng utterances made at test time, paplay into the virtual sink, and a recorder
of the sink's monitor that timestamps every block so captured sound can be lined up with monotonic timings."""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from mend.audio.wavio import read_wav_16k_mono, write_wav

RATE = 16000
SINK = "vsink"


def espeak_wav(text: str, path: Path, rate_wpm: int = 165) -> Path:
    """Synthesise `text` with the espeak-ng command into a 16 kHz mono WAV at `path`."""
    raw = path.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-s", str(rate_wpm), "-w", str(raw), text], check=True, capture_output=True)
    write_wav(path, read_wav_16k_mono(raw))
    raw.unlink()
    return path


def play_into_sink(path: Path, timeout: float = 30.0) -> None:
    """Play a WAV into the virtual sink with low latency; returns when paplay has finished."""
    subprocess.run(["paplay", "--latency-msec=20", "-d", SINK, str(path)], check=True, timeout=timeout,
                   capture_output=True)


def samples_of(pcm: bytes) -> np.ndarray:
    return np.frombuffer(pcm, dtype="<i2").astype(np.float32)


class MonitorRecorder:
    """Records the default source (the sink's monitor) at 16 kHz. `start_time` is the monotonic time of sample 0,
    estimated from every block's arrival time and ADC timestamp (median, so a backlog at start does not skew it)."""

    def __init__(self) -> None:
        import sounddevice as sd
        self._chunks: list[bytes] = []
        self._anchors: list[float] = []
        self._received = 0
        self._lock = threading.Lock()
        self._live = threading.Event()
        self._stream = sd.RawInputStream(samplerate=RATE, channels=1, dtype="int16", blocksize=320,
                                         callback=self._callback)

    def _callback(self, indata, frames, time_info, status) -> None:
        now = time.monotonic()
        adc, current = time_info.inputBufferAdcTime, time_info.currentTime
        lag = current - adc if adc and current and 0 <= current - adc < 1 else frames / RATE
        with self._lock:
            self._anchors.append(now - lag - self._received / RATE)
            self._received += frames
            self._chunks.append(bytes(indata))
        self._live.set()

    @property
    def start_time(self) -> float:
        with self._lock:
            anchors = self._anchors[len(self._anchors) // 4:]
        return float(np.median(anchors))

    def __enter__(self) -> "MonitorRecorder":
        self._stream.start()
        assert self._live.wait(3.0), "the monitor recorder never received audio"
        return self

    def __exit__(self, *exc) -> None:
        self._stream.stop()
        self._stream.close()

    def samples(self) -> np.ndarray:
        with self._lock:
            return samples_of(b"".join(self._chunks))


def speech_segments(samples: np.ndarray, rate: int = RATE, threshold: float = 300.0,
                    min_gap: float = 0.15, frame: float = 0.01) -> list[tuple[float, float]]:
    """(start, end) seconds of stretches louder than `threshold`, merging gaps shorter than `min_gap`."""
    hop = int(frame * rate)
    if len(samples) < hop:
        return []
    frames = samples[: len(samples) // hop * hop].reshape(-1, hop)
    loud = np.abs(frames).max(axis=1) > threshold
    segments: list[list[float]] = []
    for i, on in enumerate(loud):
        if not on:
            continue
        start, end = i * frame, (i + 1) * frame
        if segments and start - segments[-1][1] < min_gap:
            segments[-1][1] = end
        else:
            segments.append([start, end])
    return [(s, e) for s, e in segments]


def best_alignment(captured: np.ndarray, source: np.ndarray) -> tuple[int, float]:
    """Lag of `source` inside `captured` and the normalised correlation there (1.0 = identical)."""
    return _correlation_at(captured, source, int(np.argmax(_cross_correlation(captured, source))))


def _cross_correlation(captured: np.ndarray, source: np.ndarray) -> np.ndarray:
    """The raw correlation of `source` with `captured` at every lag where it fits whole."""
    n = len(captured) + len(source)
    size = 1 << (n - 1).bit_length()
    spectrum = np.fft.rfft(captured, size) * np.conj(np.fft.rfft(source, size))
    return np.fft.irfft(spectrum, size)[: len(captured) - len(source) + 1]


def _correlation_at(captured: np.ndarray, source: np.ndarray, lag: int) -> tuple[int, float]:
    window = captured[lag: lag + len(source)]
    denom = float(np.linalg.norm(window) * np.linalg.norm(source)) or 1.0
    return lag, float(np.dot(window, source) / denom)


def piecewise_alignment(captured: np.ndarray, source: np.ndarray, piece: int = 1600) -> list[tuple[int, float]]:
    """(lag, correlation) of each voiced `piece`-sample stretch of `source` inside `captured`.
    A whole-utterance alignment fails when the player underran once on a loaded machine and the sink inserted a
    stretch of silence; piece by piece, everything the device did deliver can still be checked sample for sample."""
    found = []
    for start in range(0, len(source) - piece + 1, piece):
        chunk = source[start: start + piece]
        if np.abs(chunk).max() < 500:                                # silence aligns anywhere
            continue
        found.append(_normalised_alignment(captured, chunk))
    return found


def _normalised_alignment(captured: np.ndarray, chunk: np.ndarray) -> tuple[int, float]:
    """Like best_alignment, but the best lag is chosen by normalised correlation: for a short chunk a loud stretch
    elsewhere would otherwise outscore the identical one."""
    corr = _cross_correlation(captured, chunk)
    energy = np.concatenate(([0.0], np.cumsum(captured.astype(np.float64) ** 2)))
    window_norms = np.sqrt(np.maximum(energy[len(chunk):] - energy[: len(energy) - len(chunk)], 1e-9))
    chunk_norm = float(np.linalg.norm(chunk)) or 1.0
    scores = np.where(window_norms > 0.1 * chunk_norm, corr / (window_norms * chunk_norm), -1.0)   # not silence
    return _correlation_at(captured, chunk, int(np.argmax(scores)))


class PrivatePulse:
    """A throwaway PulseAudio server on its own socket (for killing it mid-test without touching the shared one).
    The process is ours: started with Popen, ended by its pid."""

    def __init__(self, directory: Path) -> None:
        import os
        self.socket = directory / "native"
        self.server = f"unix:{self.socket}"
        env = {k: v for k, v in os.environ.items() if k != "PULSE_SERVER"}
        env["PULSE_RUNTIME_PATH"] = str(directory / "runtime")
        self.process = subprocess.Popen(
            ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--system=false", "--use-pid-file=no",
             "-L", f"module-native-protocol-unix auth-anonymous=1 socket={self.socket}",
             "-L", "module-null-sink sink_name=vsink rate=16000 channels=1",
             "-L", "module-null-sink sink_name=micsink rate=16000 channels=1", "-L", "module-always-sink"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.env = dict(os.environ, PULSE_SERVER=self.server)
        for _ in range(100):
            if subprocess.run(["pactl", "info"], env=self.env, capture_output=True).returncode == 0:
                break
            time.sleep(0.05)
        else:
            self.kill()
            raise RuntimeError("private PulseAudio did not start")
        subprocess.run(["pactl", "set-default-sink", SINK], env=self.env, capture_output=True)
        subprocess.run(["pactl", "set-default-source", "vsink.monitor"], env=self.env, capture_output=True)

    def keep_running(self) -> None:
        """Play silence into the sink at low latency so capture streams start at once and run in real time."""
        self.silence = [subprocess.Popen(
            ["pacat", "--playback", "--latency-msec=20", "--raw", "--rate=16000", "--channels=1", "-d", sink,
             "/dev/zero"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for sink in (SINK, "micsink")]

    def kill(self) -> None:
        for process in (*getattr(self, "silence", []), self.process):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(timeout=5)


@pytest.fixture(scope="module")
def isolated_pulse(pulse, tmp_path_factory):
    """A private PulseAudio server for this module's device tests, so sound from other processes sharing the
    default server cannot leak into what is recorded. PULSE_SERVER points at it for the module's duration."""
    server = PrivatePulse(tmp_path_factory.mktemp("pulse"))
    server.keep_running()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PULSE_SERVER", server.server)
        try:
            yield server.server
        finally:
            server.kill()
