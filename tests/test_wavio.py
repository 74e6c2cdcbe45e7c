"""WAV reading: every PCM width, rate and channel count becomes 16 kHz mono int16; broken files say what is wrong."""

from __future__ import annotations

import struct
import wave
from pathlib import Path

import numpy as np
import pytest

from mend.audio.errors import AudioFileError
from mend.audio.wavio import read_wav_16k_mono, trim_silence, wav_complete, wav_duration, write_wav

TONE_HZ = 440.0


def tone(rate: int, seconds: float = 0.5, amplitude: float = 0.5) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return amplitude * np.sin(2 * np.pi * TONE_HZ * t)


def encode(samples: np.ndarray, width: int) -> bytes:
    """Float samples -> interleaved PCM bytes of `width` bytes per sample (8-bit is unsigned)."""
    if width == 1:
        return np.clip(np.round(samples * 127 + 128), 0, 255).astype(np.uint8).tobytes()
    if width == 2:
        return np.round(samples * 32767).astype("<i2").tobytes()
    if width == 3:
        ints = np.round(samples * 8388607).astype("<i4")
        return np.frombuffer(ints.tobytes(), dtype=np.uint8).reshape(-1, 4)[:, :3].tobytes()
    return np.round(samples * 2147483647).astype("<i4").tobytes()


def make_wav(path: Path, rate: int, channels: int, width: int, seconds: float = 0.5) -> Path:
    mono = tone(rate, seconds)
    frames = np.repeat(mono[:, None], channels, axis=1).reshape(-1) if channels > 1 else mono
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(width)
        writer.setframerate(rate)
        writer.writeframes(encode(frames, width))
    return path


def make_extensible(path: Path, rate: int, channels: int, width: int, code: int = 1, seconds: float = 0.5) -> Path:
    """A WAVE_FORMAT_EXTENSIBLE file (what many tools write for 24-bit or multichannel audio)."""
    mono = tone(rate, seconds)
    data = encode(np.repeat(mono[:, None], channels, axis=1).reshape(-1), width)
    guid = struct.pack("<H", code) + bytes.fromhex("000000001000800000aa00389b71")
    fmt = struct.pack("<HHIIHHHHI", 0xFFFE, channels, rate, rate * channels * width, channels * width, width * 8,
                      22, width * 8, 0) + guid
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return path


def dominant_frequency(pcm: bytes, rate: int = 16000) -> float:
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.fft.rfftfreq(len(samples), 1 / rate)[np.argmax(spectrum)])


CONVERSIONS = [
    # (id, rate, channels, width, extensible)
    ("16k-mono-16bit", 16000, 1, 2, False),
    ("48k-stereo-16bit", 48000, 2, 2, False),
    ("8k-mono-8bit", 8000, 1, 1, False),
    ("44k1-mono-24bit", 44100, 1, 3, False),
    ("22k05-mono-32bit", 22050, 1, 4, False),
    ("48k-6ch-24bit-extensible", 48000, 6, 3, True),
]


@pytest.mark.parametrize("name,rate,channels,width,extensible", CONVERSIONS, ids=[c[0] for c in CONVERSIONS])
def test_any_pcm_wav_becomes_16k_mono_int16(tmp_path, name, rate, channels, width, extensible):
    path = tmp_path / f"{name}.wav"
    (make_extensible if extensible else make_wav)(path, rate, channels, width)

    pcm = read_wav_16k_mono(path)

    assert len(pcm) % 2 == 0
    assert abs(len(pcm) // 2 - 8000) <= 2                      # 0.5 s at 16 kHz, whatever the source rate
    assert dominant_frequency(pcm) == pytest.approx(TONE_HZ, abs=4)
    peak = np.abs(np.frombuffer(pcm, dtype="<i2")).max() / 32768
    assert peak == pytest.approx(0.5, abs=0.03)                # mixdown averages, so level is kept


def test_16k_mono_16bit_is_bit_exact(tmp_path):
    source = np.round(tone(16000) * 32767).astype("<i2").tobytes()
    path = write_wav(tmp_path / "exact.wav", source)
    assert read_wav_16k_mono(path) == source
    assert wav_duration(path) == pytest.approx(0.5)


def test_stereo_mixdown_averages_channels(tmp_path):
    left, right = np.full(1600, 10000, dtype="<i2"), np.full(1600, -2000, dtype="<i2")
    path = tmp_path / "lr.wav"
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(2)
        writer.setsampwidth(2)
        writer.setframerate(16000)
        writer.writeframes(np.stack([left, right], axis=1).reshape(-1).tobytes())
    assert set(np.frombuffer(read_wav_16k_mono(path), dtype="<i2")) == {4000}


def _header_only(path: Path) -> Path:
    make_wav(path, 16000, 1, 2, seconds=0)
    return path


def _truncated(path: Path) -> Path:
    make_wav(path, 16000, 1, 2, seconds=0.5)
    path.write_bytes(path.read_bytes()[:5000])
    return path


def _cut_in_header(path: Path) -> Path:
    make_wav(path, 16000, 1, 2)
    path.write_bytes(path.read_bytes()[:30])
    return path


def _text(path: Path) -> Path:
    path.write_text("this is not audio at all\n")
    return path


def _empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _float(path: Path) -> Path:
    return make_extensible(path, 16000, 1, 4, code=3)


BROKEN = [
    ("zero-bytes", _empty, "empty"),
    ("zero-length-data", _header_only, "no audio"),
    ("truncated-data", _truncated, "truncated"),
    ("truncated-header", _cut_in_header, "truncated"),
    ("not-a-wav", _text, "not a WAV"),
    ("float-encoding", _float, "unsupported encoding"),
]


@pytest.mark.parametrize("name,make,problem", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_files_raise_audio_file_error_naming_file_and_problem(tmp_path, name, make, problem):
    path = make(tmp_path / f"{name}.wav")
    with pytest.raises(AudioFileError) as caught:
        read_wav_16k_mono(path)
    assert str(path) in caught.value.message
    assert problem in caught.value.message
    assert "WAV" in caught.value.hint


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(AudioFileError, match="not found"):
        read_wav_16k_mono(tmp_path / "nope.wav")


def test_write_wav_round_trips_at_other_rates(tmp_path):
    pcm = np.round(tone(8000) * 20000).astype("<i2").tobytes()
    path = write_wav(tmp_path / "8k.wav", pcm, rate=8000)
    with wave.open(str(path), "rb") as reader:
        assert (reader.getframerate(), reader.getnchannels(), reader.getsampwidth()) == (8000, 1, 2)
        assert reader.readframes(reader.getnframes()) == pcm
    assert abs(len(read_wav_16k_mono(path)) // 2 - 8000) <= 2


def test_write_wav_rejects_half_samples(tmp_path):
    with pytest.raises(AudioFileError, match="odd length"):
        write_wav(tmp_path / "odd.wav", b"\x00\x01\x02")


def test_trim_silence_keeps_only_a_short_margin():
    rate = 22050
    sound = np.concatenate([np.zeros(1000), tone(rate, 0.2), np.zeros(5000)]).astype(np.float32)
    trimmed = trim_silence(sound, rate, keep_before=0.005, keep_after=0.04)
    assert len(trimmed) == pytest.approx(int(0.005 * rate) + int(0.2 * rate) + int(0.04 * rate), abs=25)
    assert trim_silence(np.zeros(100, dtype=np.float32), rate).size == 0


def test_wav_complete_tells_a_finished_file_from_one_being_written(tmp_path):
    done = make_wav(tmp_path / "done.wav", 16000, 1, 2)
    assert wav_complete(done)
    partial = tmp_path / "partial.wav"
    partial.write_bytes(done.read_bytes() + b"\x00\x00")          # header no longer matches the size
    assert not wav_complete(partial)
    assert not wav_complete(tmp_path / "missing.wav")
