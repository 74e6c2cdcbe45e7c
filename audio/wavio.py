"""Read any PCM WAV as the one format the rest of mend speaks (16 kHz mono int16), and write WAVs.

Everything downstream — endpointing, the recognizer, replay mode — assumes 16 kHz mono 16-bit audio, so the
conversion happens once, here, with soxr (a real band-limited resampler, not sample dropping). Broken files become an
AudioFileError naming the file and what is wrong with it, never a `wave.Error` traceback.
"""

from __future__ import annotations

import os
import struct
import time
import wave
from pathlib import Path

import numpy as np
import soxr

from mend.audio.errors import AudioFileError

TARGET_RATE = 16000
_WAVE_FORMAT_PCM = 1
_WAVE_FORMAT_EXTENSIBLE = 0xFFFE


def _problem(path: Path, what: str) -> AudioFileError:
    return AudioFileError(f"{path}: {what}")


def _check_header(path: Path) -> None:
    """Reject files the `wave` module would misread or describe poorly, with a specific reason."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(12)
    except FileNotFoundError:
        raise _problem(path, "file not found") from None
    except IsADirectoryError:
        raise _problem(path, "is a directory, not a WAV file") from None
    except OSError as exc:
        raise _problem(path, f"cannot be read ({exc.strerror or exc})") from None
    if size == 0:
        raise _problem(path, "is empty (zero bytes)")
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        raise _problem(path, "is not a WAV file (no RIFF/WAVE header)")


def _decode(raw: bytes, width: int) -> np.ndarray:
    """PCM bytes of any supported width -> float32 samples in [-1, 1)."""
    if width == 1:  # 8-bit WAV is unsigned
        return (np.frombuffer(raw, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    if width == 2:
        return np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    if width == 3:
        bytes3 = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3)
        as32 = (bytes3[:, 0].astype(np.int32) | (bytes3[:, 1].astype(np.int32) << 8)
                | (bytes3[:, 2].astype(np.int32) << 16))
        as32 = np.where(as32 & 0x800000, as32 - 0x1000000, as32)
        return as32.astype(np.float32) / 8388608.0
    if width == 4:
        return (np.frombuffer(raw, dtype="<i4").astype(np.float64) / 2147483648.0).astype(np.float32)
    raise ValueError(width)


def to_int16(samples: np.ndarray) -> bytes:
    """Float samples in [-1, 1] -> little-endian int16 bytes, clipped rather than wrapped."""
    return np.clip(np.round(samples * 32768.0), -32768, 32767).astype("<i2").tobytes()


_FORMAT_NAMES = {2: "ADPCM", 3: "32-bit float", 6: "A-law", 7: "mu-law", 0x55: "MP3"}


def _parse_fmt(path: Path, body: bytes) -> tuple[int, int, int]:
    """The 'fmt ' chunk -> (channels, rate, bytes per sample); rejects anything but integer PCM."""
    if len(body) < 16:
        raise _problem(path, "is truncated (format chunk too short)")
    code, channels, rate, _byte_rate, _align, bits = struct.unpack("<HHIIHH", body[:16])
    if code == _WAVE_FORMAT_EXTENSIBLE and len(body) >= 26:
        code = struct.unpack("<H", body[24:26])[0]
    if code != _WAVE_FORMAT_PCM:
        name = _FORMAT_NAMES.get(code, f"format code {code}")
        raise _problem(path, f"unsupported encoding ({name}); only integer PCM is read")
    if bits not in (8, 16, 24, 32):
        raise _problem(path, f"unsupported sample width ({bits} bits)")
    if channels < 1 or rate <= 0:
        raise _problem(path, f"has an invalid format ({channels} channels at {rate} Hz)")
    return channels, rate, bits // 8


def _chunks(blob: bytes):
    """Yield (chunk id, body, complete) for each RIFF chunk; the body may be short if the file is truncated."""
    pos = 12
    while pos + 8 <= len(blob):
        cid, size = blob[pos:pos + 4], struct.unpack("<I", blob[pos + 4:pos + 8])[0]
        body = blob[pos + 8:pos + 8 + size]
        yield cid, body, len(body) == size
        pos += 8 + size + (size & 1)


def read_wav(path: str | os.PathLike) -> tuple[np.ndarray, int]:
    """Any integer-PCM WAV (plain or extensible header) -> (mono float32 samples, sample rate).

    Parsed by hand rather than with `wave` so extensible headers (common for 24-bit and multichannel files) work on
    every Python version and each failure gets a precise reason. Channels are averaged (mixdown).
    """
    path = Path(path)
    _check_header(path)
    try:
        blob = path.read_bytes()
    except OSError as exc:
        raise _problem(path, f"cannot be read ({exc.strerror or exc})") from None
    fmt = None
    data = None
    truncated = False
    for cid, body, complete in _chunks(blob):
        if cid == b"fmt ":
            if not complete:
                raise _problem(path, "is truncated (format chunk cut off)")
            fmt = _parse_fmt(path, body)
        elif cid == b"data":
            data, truncated = body, not complete
            break
    if fmt is None:
        raise _problem(path, "is truncated or damaged (no format chunk)" if data is None
                       else "is damaged (audio data before the format chunk)")
    if data is None:
        raise _problem(path, "is truncated (no audio data chunk)")
    channels, rate, width = fmt
    frame_bytes = channels * width
    usable = (len(data) // frame_bytes) * frame_bytes
    if not data and not truncated:
        raise _problem(path, "holds no audio (zero-length data)")
    if truncated:
        raise _problem(path, f"is truncated (audio data cut off after {usable // frame_bytes} frames)")
    if usable == 0:
        raise _problem(path, "holds no audio (less than one frame of data)")
    samples = _decode(data[:usable], width)
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1, dtype=np.float32)
    return samples, rate


def samples_to_16k_int16(samples: np.ndarray, rate: int) -> bytes:
    """Mono float samples at `rate` -> 16 kHz mono int16 bytes (the one conversion path, so results agree)."""
    if rate != TARGET_RATE and len(samples):
        samples = soxr.resample(samples, rate, TARGET_RATE, quality="HQ")
    return to_int16(samples)


def read_wav_16k_mono(path: str | os.PathLike) -> bytes:
    """Any PCM WAV (8/16/24/32-bit, any rate, any channels) -> 16 kHz mono int16 bytes."""
    return samples_to_16k_int16(*read_wav(path))


def write_wav(path: str | os.PathLike, pcm: bytes, rate: int = TARGET_RATE) -> Path:
    """Write mono int16 bytes as a WAV file and return its path."""
    path = Path(path)
    if len(pcm) % 2:
        raise AudioFileError(f"{path}: cannot write {len(pcm)} bytes as 16-bit audio (odd length)",
                             "This is a bug in the caller: pass whole 16-bit samples.")
    try:
        with wave.open(str(path), "wb") as writer:
            writer.setnchannels(1)
            writer.setsampwidth(2)
            writer.setframerate(int(rate))
            writer.writeframes(pcm)
    except OSError as exc:
        raise AudioFileError(f"{path}: cannot be written ({exc.strerror or exc})",
                             "Choose a writable location for the audio file.") from None
    return path


def wav_duration(path: str | os.PathLike) -> float:
    """Length of a WAV in seconds (header-based; cheap)."""
    try:
        with wave.open(str(path), "rb") as reader:
            return reader.getnframes() / float(reader.getframerate())
    except (wave.Error, EOFError, OSError) as exc:
        raise _problem(Path(path), f"is not a readable WAV file ({exc})") from None


def trim_silence(samples: np.ndarray, rate: int, level: float = 200 / 32768, keep_before: float = 0.005,
                 keep_after: float = 0.04) -> np.ndarray:
    """Drop leading silence (espeak adds about 44 ms) and all but a short tail of the trailing pause."""
    loud = np.flatnonzero(np.abs(samples) > level)
    if loud.size == 0:
        return samples[:0]
    start = max(0, int(loud[0]) - int(keep_before * rate))
    end = min(len(samples), int(loud[-1]) + 1 + int(keep_after * rate))
    return samples[start:end]


def wav_complete(path: Path) -> bool:
    """True when the file's RIFF length field matches its size and the data chunk fits (the writer closed it)."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(44)
    except OSError:
        return False
    if len(head) < 44 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return False
    riff_len = struct.unpack("<I", head[4:8])[0]
    data_len = struct.unpack("<I", head[40:44])[0] if head[36:40] == b"data" else None
    return riff_len == size - 8 and (data_len is None or 44 + data_len <= size)


def wait_for_complete_wav(path: Path, timeout: float) -> None:
    """Wait until another writer has finished `path` (size stable and header consistent); TimeoutError if not."""
    deadline = time.monotonic() + timeout
    last_size = -1
    while time.monotonic() < deadline:
        if path.exists():
            size = path.stat().st_size
            if size == last_size and wav_complete(path):
                return
            last_size = size
        time.sleep(0.005)
    raise TimeoutError(f"{path} was not complete within {timeout:.0f} s")
