"""Voice mode: wires a microphone (or replayed WAVs), the recognizer and the speaker into a Session.

The model loads in the background while the greeting is spoken; prompts known in advance are synthesised ahead of
time. Half-duplex: the microphone's audio is dropped while mend speaks, so mend never answers itself; with
barge-in, "stop", "pause" or "wait" said over mend's voice interrupts it.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from assistant.config import Settings
from assistant.events import emit
from assistant.outcome import SessionOutcome
from audio.errors import AudioError, DeviceError, SynthesisError
from audio.turns import EndOfInput, Heard, ListenRequest
from flows import Flow

ECHO_TAIL = 0.15  # seconds of capture dropped after playback ends: the device's output latency


def caption(text: str) -> None:
    print(text, flush=True)


class CaptionOnlySpeaker:
    """Used when speech synthesis is unavailable: the session goes on with captions, said once why."""

    def __init__(self) -> None:
        self.speaking = threading.Event()

    def say(self, text: str) -> None:
        caption(text)

    def set_rate_factor(self, factor: float) -> float:
        return factor

    def stop(self) -> None:
        return None

    def close(self) -> None:
        return None


class HalfDuplexSpeaker:
    """Pauses capture while speaking; with barge-in, listens for a command over its own voice."""

    def __init__(self, inner, source, listener_ref: Callable[[], object | None], barge_in: bool) -> None:
        self.inner = inner
        self.source = source
        self.listener_ref = listener_ref
        self.barge_in = barge_in
        self.pending_command: str | None = None

    def say(self, text: str) -> None:
        emit("speak", text=text)
        listener = self.listener_ref() if self.barge_in else None
        if listener is None:
            self.source.pause_capture(True)
            try:
                self.inner.say(text)
            finally:
                time.sleep(ECHO_TAIL)
                self.source.pause_capture(False)
        else:
            self._say_with_barge_in(text, listener)
        timing = getattr(self.inner, "last_timing", None)
        emit("spoken", text=text, first_sample=getattr(timing, "first_sample", None), ended=getattr(timing, "ended", None))

    def _say_with_barge_in(self, text: str, listener) -> None:
        self.inner.speaking.set()  # set before the thread starts so the watcher cannot miss it
        worker = threading.Thread(target=self._speak_then_clear, args=(text,), daemon=True)
        worker.start()
        command, _ = listener._while_speaking()
        if command is not None:
            self.inner.stop()
            self.pending_command = command
        worker.join()

    def _speak_then_clear(self, text: str) -> None:
        try:
            self.inner.say(text)
        finally:
            self.inner.speaking.clear()

    def set_rate_factor(self, factor: float) -> float:
        return self.inner.set_rate_factor(factor)

    def close(self) -> None:
        self.inner.close()


class LazyVoiceListener:
    """Waits for the background model load at the first turn, then listens; replay ends when turns run out."""

    def __init__(self, loader, source, settings: Settings, speaker: HalfDuplexSpeaker) -> None:
        self.loader = loader
        self.source = source
        self.settings = settings
        self.speaker = speaker
        self.listener = None

    def ensure_ready(self):
        if self.listener is None:
            from audio.endpointing import EndpointSettings
            from audio.listener import VoiceListener

            recognizer = self.loader.recognizer()
            self.listener = VoiceListener(
                self.source, recognizer,
                settings=EndpointSettings(vad_aggressiveness=self.settings.listening.vad_aggressiveness),
                speaking=getattr(self.speaker.inner, "speaking", None),
                barge_in=self.settings.listening.barge_in,
            )
        return self.listener

    def listen(self, request: ListenRequest) -> Heard:
        if self.speaker.pending_command:
            command, self.speaker.pending_command = self.speaker.pending_command, None
            return Heard(text=command, command_during_speech=_barge_command(command))
        if getattr(self.source, "finished", False):
            raise EndOfInput()
        listener = self.ensure_ready()
        emit("listen", phrases=request.phrases is not None, optional=request.optional)
        heard = listener.listen(request)
        timing = listener.last_turn
        emit(
            "heard", text=heard.text, silent=heard.silent, confidence=heard.confidence,
            speech_end=getattr(timing, "speech_end", None), decided_at=getattr(timing, "decided_at", None),
            started_at=getattr(timing, "started_at", None),
        )
        return heard


def _barge_command(word: str) -> str:
    return {"wait": "pause"}.get(word, word)


def run_voice_session(
    flow: Flow,
    settings: Settings,
    *,
    save: str,
    show_notice: bool,
    journal_opener,
    audio_in: list[Path] | None = None,
    audio_out: Path | None = None,
) -> SessionOutcome:
    from assistant.cli import NOTICE
    from assistant.paths import data_dir
    from assistant.session import Session
    from audio.models import find_model
    from audio.recognizer import ModelLoader

    model_path = find_model(settings.audio.model, data_dir())
    loader = ModelLoader(model_path).start()
    replay = bool(audio_in or audio_out)
    source = _open_source(settings, audio_in, replay)
    inner = _open_speaker(settings, audio_out, replay)
    speaker: HalfDuplexSpeaker | None = None
    try:
        holder: dict[str, LazyVoiceListener] = {}
        speaker = HalfDuplexSpeaker(
            inner, source, lambda: holder["listener"].ensure_ready() if "listener" in holder else None,
            settings.listening.barge_in,
        )
        listener = LazyVoiceListener(loader, source, settings, speaker)
        holder["listener"] = listener
        _prefetch(inner, flow)
        if show_notice:
            speaker.say(NOTICE)
        session = Session(
            flow, listener, speaker, settings, save=save, journal_opener=journal_opener, voice=True,
        )
        return session.run()
    finally:
        for closer in (getattr(source, "close", None), getattr(speaker or inner, "close", None)):
            try:
                if closer:
                    closer()
            except Exception:  # closing must never turn a finished session into a crash
                pass


def _open_source(settings: Settings, audio_in: list[Path] | None, replay: bool):
    from audio.sources import Microphone, WavTurns

    if replay:
        return WavTurns(audio_in or [], realtime=False)
    microphone = Microphone(settings.audio.input_device)
    microphone.start()
    return microphone


def _open_speaker(settings: Settings, audio_out: Path | None, replay: bool):
    from assistant.paths import data_dir
    from audio.speaker import FileSpeaker, Speaker
    from audio.synth import Synthesizer

    voice = settings.voice
    try:
        synth = Synthesizer(voice.voice, voice.rate_wpm, voice.volume, cache_dir=data_dir() / "speech-cache")
        synth.check()
    except SynthesisError as exc:
        caption(f"Speech synthesis is not available ({exc.message}); I'll show captions only.")
        return CaptionOnlySpeaker()
    if replay:
        if audio_out is None:
            return CaptionOnlySpeaker()
        return FileSpeaker(synth, audio_out, on_caption=caption, simulate=True)
    return Speaker(synth, settings.audio.output_device, on_caption=caption)


def _prefetch(speaker, flow: Flow) -> None:
    """Synthesise the flow's fixed prompts in the background so they play the moment they are needed."""
    synth = getattr(speaker, "synth", None)
    if synth is None:
        return
    from audio.speaker import split_sentences
    from flows import placeholders

    texts = []
    for step in flow.steps.values():
        for text in [*step.prompts, *step.reprompt_silence, *step.reprompt_unclear]:
            if not placeholders(text):
                texts.extend(split_sentences(text))  # the speaker synthesises sentence by sentence
    try:
        synth.prefetch(texts)
    except AudioError:
        pass  # ahead-of-time synthesis is an optimisation; each prompt is synthesised on demand anyway
