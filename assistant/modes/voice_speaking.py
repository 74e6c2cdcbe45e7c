"""How mend speaks in voice mode: half-duplex around the real speaker, captions for every line, and a
captions-only fallback when speech output fails.

While mend speaks, the microphone's audio is dropped, so mend never answers itself; with barge-in, "stop",
"pause" or "wait" said over mend's voice interrupts it at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from mend.assistant.events import emit
from mend.assistant.lines import say as line
from mend.audio.errors import AudioError, DeviceError, SynthesisError
from mend.audio.turns import Recording, Speaker

ECHO_TAIL = 0.15  # seconds of capture dropped after playback ends: the device's output latency


def caption(text: str) -> None:
    print(text, flush=True)


class CaptionOnlySpeaker(Speaker):
    """Used when speech synthesis is unavailable: the session goes on with captions, said once why."""

    def __init__(self) -> None:
        self.speaking = threading.Event()

    def say(self, text: str) -> None:
        caption(text)

    def set_rate_factor(self, factor: float) -> float:
        return factor


class HalfDuplexSpeaker(Speaker):
    """Pauses capture while speaking; with barge-in, listens for a command over its own voice."""

    def __init__(self, inner: Speaker, source, listener_ref: Callable[[], object | None], barge_in: bool,
                 echo_tail: float = ECHO_TAIL) -> None:
        """`echo_tail` 0 for replay: a WAV file has no output latency, so there is no echo to drop."""
        self.inner = inner
        self.echo_tail = echo_tail
        self.source = source
        self.listener_ref = listener_ref
        self.barge_in = barge_in
        self.pending_command: str | None = None
        self.muted_because: str | None = None
        self._speech_error: AudioError | None = None

    def _lost_voice(self, exc: AudioError, text: str) -> None:
        """Speech output failed: say so once, then carry on with captions (the text was already captioned)."""
        self.muted_because = exc.message
        caption(line("voice.lost_voice", reason=exc.message))
        if not self.inner.on_caption:
            caption(text)

    def say(self, text: str) -> None:
        emit("speak", text=text)
        if self.muted_because is not None or self.pending_command is not None:
            caption(text)  # muted, or interrupted: the command is acted on before anything more is said aloud
            return
        listener = self.listener_ref() if self.barge_in else None
        try:
            if listener is None:
                self.source.pause_capture(True)
                try:
                    self.inner.say(text)
                finally:
                    time.sleep(self.echo_tail)
                    self.source.pause_capture(False)
            else:
                self._say_with_barge_in(text, listener)
        except (DeviceError, SynthesisError) as exc:
            self._lost_voice(exc, text)
            return
        timing = self.inner.last_timing
        emit("spoken", text=text, first_sample=getattr(timing, "first_sample", None), ended=getattr(timing, "ended", None),
             audio_seconds=getattr(timing, "audio_seconds", None), interrupted=getattr(timing, "interrupted", None))

    def _say_with_barge_in(self, text: str, listener) -> None:
        self.inner.speaking.set()  # set before the thread starts so the watcher cannot miss it
        worker = threading.Thread(target=self._speak_then_clear, args=(text,), daemon=True)
        worker.start()
        command, _ = listener._while_speaking()
        if command is not None:
            self.inner.stop()
            self.pending_command = command
        worker.join()
        if self._speech_error is not None:  # raised on the worker thread; handled like any speech failure
            error, self._speech_error = self._speech_error, None
            raise error

    def _speak_then_clear(self, text: str) -> None:
        try:
            self.inner.say(text)
        except (DeviceError, SynthesisError) as exc:
            self._speech_error = exc
        finally:
            self.inner.speaking.clear()

    def caption(self, text: str) -> None:
        caption(text)

    def chime(self) -> None:
        """The end-of-break chime, half-duplex like speech; captioned whether or not it could be played."""
        if self.muted_because is not None:
            caption("(chime)")
            return
        if not self.inner.on_caption:
            caption("(chime)")
        self.source.pause_capture(True)
        try:
            self.inner.chime()
        except AudioError:
            pass  # a chime that cannot be played was still shown
        finally:
            time.sleep(self.echo_tail)
            self.source.pause_capture(False)

    def play(self, recording: Recording) -> bool:
        """The person's own words played back, half-duplex like speech; False when sound cannot be played (muted,
        or a device that fails), so the words are read back instead."""
        if self.muted_because is not None or self.pending_command is not None:
            return False
        emit("play", seconds=round(recording.seconds, 2))
        self.source.pause_capture(True)
        try:
            played = self.inner.play(recording)
        except AudioError:
            played = False
        finally:
            time.sleep(self.echo_tail)
            self.source.pause_capture(False)
        timing = self.inner.last_timing
        emit("played", played=played, first_sample=getattr(timing, "first_sample", None),
             ended=getattr(timing, "ended", None))
        return played

    def set_rate_factor(self, factor: float) -> float | None:
        return self.inner.set_rate_factor(factor)

    def stop(self) -> None:
        self.inner.stop()

    def close(self) -> None:
        self.inner.close()


