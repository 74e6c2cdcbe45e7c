"""Where the listener's audio comes from: a live microphone, WAV files standing in for a person, or bytes in memory.

All sources hand out the same thing — 16 kHz mono int16 blocks of `block_ms` (640 bytes at 20 ms) — through
`read_block(timeout)`, so endpointing and recognition never care whether a person or a file is talking. Scripted
sources speak one prepared turn per listening turn (`turn_started()`), then stay silent like a person waiting.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Sequence
from os import PathLike
from typing import Protocol, runtime_checkable

import numpy as np

from mend.audio.devices import device_failure, resolve_device, sounddevice_module
from mend.audio.errors import DeviceError
from mend.audio.wavio import TARGET_RATE, read_wav_16k_mono

RATE = TARGET_RATE


@runtime_checkable
class BlockSource(Protocol):
    rate: int
    block_bytes: int

    def start(self) -> None: ...
    def read_block(self, timeout: float) -> bytes | None: ...
    def turn_started(self) -> None: ...
    def pause_capture(self, paused: bool) -> None: ...
    def close(self) -> None: ...


def _block_bytes(block_ms: int) -> int:
    if block_ms not in (10, 20, 30):
        raise ValueError("block_ms must be 10, 20 or 30 (the frame sizes voice activity detection accepts)")
    return RATE * block_ms // 1000 * 2


class Microphone:
    """Live capture through sounddevice. The PortAudio callback only queues bytes; everything else happens in
    `read_block`, on the caller's thread, so a slow consumer can never stall the audio thread.

    A microphone that stops delivering (device unplugged, sound server gone) is noticed within `stall_after`
    seconds and reported as DeviceError from `read_block`, so the session can pause instead of hanging.
    """

    def __init__(self, device: int | str | None = None, block_ms: int = 20, stall_after: float = 2.0,
                 max_queued_seconds: float = 10.0, capture_rate: int | None = None) -> None:
        """`capture_rate` forces capture at another rate (resampled to 16 kHz), for devices that misreport 16 kHz."""
        self.device = device
        self.capture_rate = capture_rate
        self.block_ms = block_ms
        self.block_bytes = _block_bytes(block_ms)
        self.rate = RATE
        self.stall_after = stall_after
        self.device_rate: int = RATE
        self.overflows = 0
        self.dropped = 0
        self._queue: queue.Queue[bytes] = queue.Queue(maxsize=max(1, int(max_queued_seconds * 1000 / block_ms)))
        self._pending = bytearray()
        self._stream = None
        self._resampler = None
        self._paused = False
        self._first_callback = threading.Event()
        self._last_callback = 0.0
        self._started_at = 0.0
        self._closed = False

    # -- the audio thread: queue bytes, count overflows, nothing else -------------------------------------------
    def _callback(self, indata, frames, time_info, status) -> None:
        self._last_callback = time.monotonic()
        if status.input_overflow:
            self.overflows += 1
        if not self._paused:
            try:
                self._queue.put_nowait(bytes(indata))
            except queue.Full:
                self.dropped += 1
        self._first_callback.set()

    def _open(self, sd, index: int | None, rate: int):
        frames = rate * self.block_ms // 1000
        return sd.RawInputStream(samplerate=rate, blocksize=frames, device=index, channels=1, dtype="int16",
                                 callback=self._callback)

    def start(self) -> None:
        """Open and start the stream at 16 kHz, or at the device's own rate with streaming resampling."""
        if self._stream is not None:
            return
        sd = sounddevice_module()
        index = resolve_device(self.device, "input")
        try:
            try:
                stream = self._open(sd, index, self.capture_rate or RATE)
                self.device_rate = self.capture_rate or RATE
            except sd.PortAudioError as exc:
                if "sample rate" not in str(exc).lower():
                    raise
                info = sd.query_devices(index, kind="input") if index is not None else sd.query_devices(kind="input")
                self.device_rate = int(info["default_samplerate"])
                stream = self._open(sd, index, self.device_rate)
            if self.device_rate != RATE:
                import soxr
                self._resampler = soxr.ResampleStream(self.device_rate, RATE, 1, dtype="int16")
            self._started_at = time.monotonic()
            stream.start()
        except (sd.PortAudioError, ValueError) as exc:
            raise device_failure("the microphone cannot be opened", exc) from None
        self._stream = stream

    def wait_until_live(self, timeout: float = 2.0) -> bool:
        """True once audio has started arriving (tests wait for this before playing a sound)."""
        return self._first_callback.wait(timeout)

    def _check_alive(self, now: float) -> None:
        stream = self._stream
        if stream is None or self._closed:
            raise DeviceError("the microphone is not open", "This is a bug in the caller: call start() first.")
        last = self._last_callback or self._started_at
        if not stream.active or now - last > self.stall_after:
            raise DeviceError("the microphone stopped sending audio (device unplugged or sound server gone)",
                              "Reconnect the microphone or restart the sound server, then resume; "
                              "or continue with `mend session --text`.")

    def _take(self, chunk: bytes) -> None:
        if self._resampler is not None:
            samples = np.frombuffer(chunk, dtype="<i2")
            chunk = self._resampler.resample_chunk(samples).astype("<i2").tobytes()
        self._pending += chunk

    def read_block(self, timeout: float) -> bytes | None:
        """Next block of `block_bytes`, or None if none arrived within `timeout` seconds."""
        deadline = time.monotonic() + max(0.0, timeout)
        while len(self._pending) < self.block_bytes:
            now = time.monotonic()
            self._check_alive(now)
            remaining = deadline - now
            if remaining <= 0:
                return None
            try:
                self._take(self._queue.get(timeout=min(remaining, 0.25)))
            except queue.Empty:
                continue
        block = bytes(self._pending[: self.block_bytes])
        del self._pending[: self.block_bytes]
        return block

    def turn_started(self) -> None:
        """Nothing to do: the person, not a script, decides what is said in each turn."""

    def pause_capture(self, paused: bool) -> None:
        """While paused (mend is speaking, half-duplex), captured audio is discarded instead of queued."""
        self._paused = bool(paused)
        if paused:
            self._drain()

    def _drain(self) -> None:
        self._pending.clear()
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return

    def close(self) -> None:
        self._closed = True
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.abort()
                stream.close()
            except Exception:  # the server may already be gone; closing must never fail the session
                pass

    def __enter__(self) -> "Microphone":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class ScriptedTurns:
    """In-memory stand-in for a person: `turns[i]` (16 kHz mono int16 bytes) is said at the i-th listening turn.

    Each turn starts with `lead_in` seconds of silence (people pause before answering), then the turn's audio,
    then silence until the next `turn_started()`. After the last turn there is only silence; `finished` says so.
    With `realtime=True` blocks arrive at the pace of real audio, otherwise as fast as they are read.
    """

    def __init__(self, turns: Sequence[bytes], realtime: bool = False, block_ms: int = 20,
                 lead_in: float = 0.3) -> None:
        for i, turn in enumerate(turns):
            if len(turn) % 2:
                raise ValueError(f"turn {i} has an odd number of bytes; expected 16-bit samples")
        self.turns = [bytes(t) for t in turns]
        self.realtime = realtime
        self.block_ms = block_ms
        self.block_bytes = _block_bytes(block_ms)
        self.rate = RATE
        self.lead_in_bytes = int(lead_in * RATE) * 2
        self.turn_index = -1
        self._audio = b""
        self._pos = 0
        self._next_due = 0.0
        self._silence = bytes(self.block_bytes)

    def start(self) -> None:
        self._next_due = time.monotonic()

    def turn_started(self) -> None:
        """Begin the next turn: its lead-in silence and audio come next."""
        self.turn_index += 1
        self._pos = 0
        if self.turn_index < len(self.turns):
            self._audio = bytes(self.lead_in_bytes) + self.turns[self.turn_index]
        else:
            self._audio = b""

    @property
    def finished(self) -> bool:
        """True once every turn has been fully delivered (only silence is left)."""
        return self.turn_index >= len(self.turns) - 1 and self._pos >= len(self._audio)

    def _pace(self, timeout: float) -> bool:
        if not self.realtime:
            return True
        now = time.monotonic()
        if not self._next_due or self._next_due < now - 1.0:
            self._next_due = now  # a consumer that fell far behind resumes at real time, not in a burst
        wait = self._next_due - now
        if wait > timeout:
            time.sleep(max(0.0, timeout))
            return False
        if wait > 0:
            time.sleep(wait)
        self._next_due += self.block_ms / 1000
        return True

    def read_block(self, timeout: float) -> bytes | None:
        if not self._pace(timeout):
            return None
        if self._pos >= len(self._audio):
            return self._silence
        block = self._audio[self._pos: self._pos + self.block_bytes]
        self._pos += self.block_bytes
        return block + bytes(self.block_bytes - len(block))

    def pause_capture(self, paused: bool) -> None:
        """Scripted audio is what the person says, never an echo of mend, so there is nothing to discard."""

    def close(self) -> None:
        self._audio = b""
        self._pos = 0


class WavTurns(ScriptedTurns):
    """ScriptedTurns read from WAV files (any rate, channels or PCM width; converted once, up front)."""

    def __init__(self, paths: Sequence[str | PathLike], realtime: bool = False, block_ms: int = 20,
                 lead_in: float = 0.3) -> None:
        self.paths = list(paths)
        super().__init__([read_wav_16k_mono(p) for p in self.paths], realtime=realtime, block_ms=block_ms,
                         lead_in=lead_in)
