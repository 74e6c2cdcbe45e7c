"""Audio sources: scripted turns (pure, fast) and the real microphone over the virtual PulseAudio device."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from mend.audio.errors import AudioFileError, DeviceError
from mend.audio.sources import BlockSource, Microphone, ScriptedTurns, WavTurns
from mend.audio.wavio import read_wav_16k_mono, write_wav
from tests.support.audio import PrivatePulse, espeak_wav, piecewise_alignment, samples_of
from tests.support.audio import isolated_pulse  # noqa: F401 (a fixture: private sound server)

BLOCK = 640


def pcm_of(value: int, samples: int) -> bytes:
    return np.full(samples, value, dtype="<i2").tobytes()


def collect(source, blocks: int) -> bytes:
    return b"".join(source.read_block(1.0) for _ in range(blocks))


# -- scripted sources -------------------------------------------------------------------------------------------

def test_scripted_turns_speak_one_turn_per_listening_turn_then_silence():
    first, second = pcm_of(1000, 1600), pcm_of(-500, 800)          # 100 ms and 50 ms
    source = ScriptedTurns([first, second], lead_in=0.04)           # 40 ms = 2 blocks of lead-in
    assert isinstance(source, BlockSource)
    source.start()
    assert collect(source, 3) == bytes(3 * BLOCK)                   # before the first turn: silence

    source.turn_started()
    turn = collect(source, 10)
    assert turn[: 2 * BLOCK] == bytes(2 * BLOCK)
    assert turn[2 * BLOCK: 2 * BLOCK + len(first)] == first
    assert turn[2 * BLOCK + len(first):] == bytes(len(turn) - 2 * BLOCK - len(first))
    assert not source.finished

    source.turn_started()                                           # the next turn replaces any leftover
    turn = collect(source, 6)
    assert turn[2 * BLOCK: 2 * BLOCK + len(second)] == second
    assert source.finished

    source.turn_started()                                           # past the script: only silence
    assert collect(source, 5) == bytes(5 * BLOCK)


def test_scripted_turns_pad_the_last_partial_block():
    source = ScriptedTurns([pcm_of(7, 100)], lead_in=0)
    source.start()
    source.turn_started()
    block = source.read_block(0.1)
    assert len(block) == BLOCK and block[:200] == pcm_of(7, 100) and block[200:] == bytes(BLOCK - 200)


def test_realtime_pacing_delivers_blocks_at_the_speed_of_audio():
    source = ScriptedTurns([pcm_of(1, 16000)], realtime=True, lead_in=0)
    source.start()
    source.turn_started()
    started = time.monotonic()
    blocks = [source.read_block(1.0) for _ in range(15)]            # 300 ms of audio
    elapsed = time.monotonic() - started
    assert all(len(b) == BLOCK for b in blocks)
    assert 0.26 <= elapsed <= 0.45
    assert source.read_block(0.0) is None                           # the next block is not due yet


def test_fast_mode_is_not_paced():
    source = ScriptedTurns([pcm_of(1, 160000)], realtime=False)     # 10 s of audio
    source.start()
    source.turn_started()
    started = time.monotonic()
    collect(source, 500)
    assert time.monotonic() - started < 0.5


def test_odd_length_turn_is_refused():
    with pytest.raises(ValueError, match="odd"):
        ScriptedTurns([b"\x00\x01\x02"])


def test_block_size_follows_block_ms():
    source = ScriptedTurns([pcm_of(3, 4800)], block_ms=30, lead_in=0)
    source.start()
    source.turn_started()
    assert len(source.read_block(0.1)) == 960


def test_wav_turns_read_any_wav_and_convert(tmp_path):
    stereo48 = tmp_path / "a.wav"
    tone = (np.sin(np.arange(48000) / 10) * 8000).astype("<i2")
    import wave
    with wave.open(str(stereo48), "wb") as writer:
        writer.setnchannels(2)
        writer.setsampwidth(2)
        writer.setframerate(48000)
        writer.writeframes(np.repeat(tone, 2).tobytes())
    plain = write_wav(tmp_path / "b.wav", pcm_of(1234, 3200))
    source = WavTurns([stereo48, plain], lead_in=0)
    source.start()
    source.turn_started()
    first = collect(source, 52)
    assert first[:32000] == read_wav_16k_mono(stereo48)            # 1 s at 16 kHz
    assert first[32000:] == bytes(len(first) - 32000)
    source.turn_started()
    assert collect(source, 10)[:6400] == pcm_of(1234, 3200)


def test_wav_turns_name_a_broken_file(tmp_path):
    bad = tmp_path / "bad.wav"
    bad.write_text("not audio")
    with pytest.raises(AudioFileError, match="bad.wav"):
        WavTurns([bad])


# -- the real microphone (PulseAudio monitor of the virtual sink) ------------------------------------------------

def capture_while_playing(mic: Microphone, wav, seconds: float) -> bytes:
    assert mic.wait_until_live(3.0), "no audio callback arrived"
    for _ in range(5):                                              # discard what was queued before playback
        mic.read_block(0.0)
    player = subprocess.Popen(["paplay", "--latency-msec=20", "-d", "vsink", str(wav)])
    captured = bytearray()
    deadline = time.monotonic() + seconds + 5.0
    finished_at = None
    while time.monotonic() < deadline and (finished_at is None or time.monotonic() < finished_at + 0.5):
        block = mic.read_block(0.5)
        if block is not None:
            assert len(block) == BLOCK
            captured += block
        if finished_at is None and player.poll() is not None:
            finished_at = time.monotonic()                          # keep recording a little past the end
    assert player.wait(timeout=5) == 0
    return bytes(captured)


@pytest.mark.audio
def test_microphone_captures_an_utterance_bit_exact(isolated_pulse, tmp_path):
    wav = espeak_wav("Let us take a slow breath together.", tmp_path / "utterance.wav")
    source = samples_of(read_wav_16k_mono(wav))
    with Microphone() as mic:
        captured = capture_while_playing(mic, wav, seconds=len(source) / 16000 + 0.8)
        assert mic.overflows == 0
    pieces = piecewise_alignment(samples_of(captured), source)
    exact = [lag for lag, correlation in pieces if correlation > 0.999]     # the monitor path is bit-exact
    # A player underrun on a loaded machine puts silence into the sink and spoils the piece it falls in; anything
    # lost or changed on mend's side of the device spoils pieces too, so nearly all must arrive exact and in order.
    assert len(exact) >= 0.9 * len(pieces), (len(exact), len(pieces), len(captured) // 2, len(source))
    assert exact == sorted(exact) and exact[0] > 0


@pytest.mark.audio
def test_microphone_resamples_when_capturing_at_another_rate(isolated_pulse, tmp_path):
    wav = espeak_wav("Notice where you feel it.", tmp_path / "utterance.wav")
    source = samples_of(read_wav_16k_mono(wav))
    with Microphone(capture_rate=48000) as mic:
        assert mic.device_rate == 48000
        captured = capture_while_playing(mic, wav, seconds=len(source) / 16000 + 0.8)
    pieces = piecewise_alignment(samples_of(captured), source)
    close = [lag for lag, correlation in pieces if correlation > 0.95]   # resampled twice: close, not exact
    assert len(close) >= 0.9 * len(pieces) and close == sorted(close), pieces


@pytest.mark.audio
def test_pause_capture_discards_audio_but_keeps_the_stream_alive(isolated_pulse):
    with Microphone(stall_after=0.5) as mic:
        assert mic.wait_until_live(3.0)
        mic.pause_capture(True)
        started = time.monotonic()
        assert mic.read_block(0.8) is None                          # nothing queued, yet no DeviceError
        assert time.monotonic() - started >= 0.75
        mic.pause_capture(False)
        assert len(mic.read_block(1.0)) == BLOCK


@pytest.mark.audio
def test_unknown_microphone_name_is_a_device_error(isolated_pulse):
    with pytest.raises(DeviceError) as caught:
        Microphone(device="no such microphone").start()
    assert "no such microphone" in caught.value.message
    assert "pulse" in caught.value.hint


def test_read_before_start_is_a_clear_error():
    with pytest.raises(DeviceError, match="not open"):
        Microphone().read_block(0.01)


@pytest.mark.audio
def test_microphone_reports_a_dead_sound_server(pulse, tmp_path):
    """Kill the server under a running microphone: read_block raises DeviceError instead of hanging."""
    server = PrivatePulse(tmp_path)
    script = textwrap.dedent("""
        import time
        from mend.audio.errors import DeviceError
        from mend.audio.sources import Microphone
        mic = Microphone(stall_after=1.0)
        mic.start()
        print("live", mic.wait_until_live(3.0), flush=True)
        while True:
            try:
                mic.read_block(0.2)
            except DeviceError as exc:
                print("DeviceError:", exc.message, flush=True)
                break
    """)
    try:
        child = subprocess.Popen([sys.executable, "-c", script], env=server.env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "live True"
        server.kill()
        killed = time.monotonic()
        out, err = child.communicate(timeout=15)
    finally:
        server.kill()
    assert time.monotonic() - killed < 3.0
    assert "DeviceError: the microphone stopped sending audio" in out
    assert "Traceback" not in err
