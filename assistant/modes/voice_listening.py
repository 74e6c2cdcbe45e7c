"""How mend listens in voice mode, and what it does when listening fails.

The model is waited for at the first turn (it loads in the background while the greeting is spoken). A lost
microphone pauses the session at its step until the device is back, or until the person types instead; a model
that cannot load ends the session cleanly with the reason, or continues by typing when a terminal is there.
"""

from __future__ import annotations

import sys
import time

from mend.assistant.config import Settings
from mend.assistant.events import emit
from mend.assistant.lines import say as line
from mend.assistant.modes.text import TextListener
from mend.assistant.modes.voice_speaking import HalfDuplexSpeaker, caption
from mend.audio.errors import AudioError, DeviceError, ModelError
from mend.audio.turns import EndOfInput, Heard, ListenRequest


class LazyVoiceListener:
    """Waits for the background model load at the first turn, then listens; replay ends when turns run out."""

    def __init__(self, loader, source, settings: Settings, speaker: HalfDuplexSpeaker) -> None:
        self.loader = loader
        self.source = source
        self.settings = settings
        self.speaker = speaker
        self.listener = None
        self.text_fallback = None
        self.failure: AudioError | None = None
        self.reconnect_every = 1.0

    def ensure_ready(self):
        if self.listener is None:
            from mend.assistant.safety.rules import safety_phrases
            from mend.audio.endpointing import EndpointSettings
            from mend.audio.listener import VoiceListener

            recognizer = self.loader.recognizer()
            self.listener = VoiceListener(
                self.source, recognizer,
                settings=EndpointSettings(vad_aggressiveness=self.settings.listening.vad_aggressiveness),
                speaking=self.speaker.inner.speaking,
                barge_in=self.settings.listening.barge_in,
                on_barge_in=self._interrupt_speech,
                spotting=safety_phrases(),
            )
        return self.listener

    def _interrupt_speech(self, command: str) -> None:
        """Barge-in: stop mend's voice the moment the command is heard, not when the prompt would have ended."""
        self.speaker.inner.stop()

    def listen(self, request: ListenRequest) -> Heard:
        if self.text_fallback is not None:
            return self.text_fallback.listen(request)
        if self.speaker.pending_command:
            command, self.speaker.pending_command = self.speaker.pending_command, None
            return Heard(text=command, command_during_speech=_barge_command(command))
        if getattr(self.source, "finished", False):
            raise EndOfInput()
        try:
            listener = self.ensure_ready()
        except ModelError as exc:
            return self._without_model(exc, request)
        emit("listen", phrases=request.phrases is not None, optional=request.optional)
        try:
            heard = listener.listen(request)
        except DeviceError as exc:
            return self._microphone_lost(exc, request)
        timing = listener.last_turn
        emit(
            "heard", text=heard.text, silent=heard.silent, confidence=heard.confidence,
            speech_end=getattr(timing, "speech_end", None), decided_at=getattr(timing, "decided_at", None),
            started_at=getattr(timing, "started_at", None),
        )
        return heard

    def _without_model(self, exc: ModelError, request: ListenRequest) -> Heard:
        """The model could not be loaded (removed or damaged): offer typing, or end cleanly with the reason."""
        emit("model_failed", reason=exc.message)
        caption(line("voice.cant_listen", reason=exc.message.rstrip(".")))
        if not _can_type():
            self.failure = exc
            raise EndOfInput()
        caption(line("voice.can_type"))
        self.text_fallback = TextListener()
        return self.text_fallback.listen(request)

    def _microphone_lost(self, exc: DeviceError, request: ListenRequest) -> Heard:
        """Pause at this step until the microphone is back, then ask for the question again; typing a reply
        instead switches the rest of the session to text mode."""
        caption(line("voice.microphone_lost", reason=exc.message))
        if _can_type():
            caption(line("voice.or_type"))
        self.speaker.say(line("voice.microphone_wait"))
        emit("microphone_lost", reason=exc.message)
        while True:
            typed = _typed_line(self.reconnect_every)
            if typed is not None:
                self.text_fallback = TextListener()
                return Heard(text=typed, silent=not typed)
            if self._reopen_microphone():
                emit("microphone_back")
                self.speaker.say(line("voice.microphone_back"))
                return Heard(text="repeat", command_during_speech="repeat")

    def _reopen_microphone(self) -> bool:
        from mend.audio.sources import Microphone

        try:
            self.source.close()
        except Exception:  # the old stream belongs to a device that is gone
            pass
        microphone = Microphone(self.settings.audio.input_device)
        try:
            microphone.start()
            if not microphone.wait_until_live(2.0):
                microphone.close()
                return False
        except AudioError:
            return False
        self.source = microphone
        self.speaker.source = microphone
        self.speaker.muted_because = None  # the sound server is back: try speaking again
        if self.listener is not None:
            self.listener.source = microphone
        return True


def _can_type() -> bool:
    return bool(getattr(sys.stdin, "isatty", lambda: False)())


def _typed_line(wait: float) -> str | None:
    """A line typed within `wait` seconds, or None (also None when stdin is not a terminal)."""
    if not _can_type():
        time.sleep(wait)
        return None
    import select

    ready, _, _ = select.select([sys.stdin], [], [], wait)
    if not ready:
        return None
    return sys.stdin.readline().strip()


def _barge_command(word: str) -> str:
    return {"wait": "pause"}.get(word, word)


