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
from assistant.textio import TextListener
from audio.errors import AudioError, DeviceError, ModelError, SynthesisError
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

    def __init__(self, inner, source, listener_ref: Callable[[], object | None], barge_in: bool,
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
        caption(f"(I can't speak right now: {exc.message}. I'll carry on with captions only.)")
        if not getattr(self.inner, "on_caption", None):
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
        timing = getattr(self.inner, "last_timing", None)
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
        self.text_fallback = None
        self.failure: AudioError | None = None
        self.reconnect_every = 1.0

    def ensure_ready(self):
        if self.listener is None:
            from assistant.safety import safety_phrases
            from audio.endpointing import EndpointSettings
            from audio.listener import VoiceListener

            recognizer = self.loader.recognizer()
            self.listener = VoiceListener(
                self.source, recognizer,
                settings=EndpointSettings(vad_aggressiveness=self.settings.listening.vad_aggressiveness),
                speaking=getattr(self.speaker.inner, "speaking", None),
                barge_in=self.settings.listening.barge_in,
                on_barge_in=self._interrupt_speech,
                spotting=safety_phrases(),
            )
        return self.listener

    def _interrupt_speech(self, command: str) -> None:
        """Barge-in: stop mend's voice the moment the command is heard, not when the prompt would have ended."""
        stop = getattr(self.speaker.inner, "stop", None)
        if stop is not None:
            stop()

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
        caption(f"I can't listen: {exc.message.rstrip('.')}.")
        if not _can_type():
            self.failure = exc
            raise EndOfInput()
        caption("You can type your answers instead; press Enter after each one.")
        self.text_fallback = TextListener()
        return self.text_fallback.listen(request)

    def _microphone_lost(self, exc: DeviceError, request: ListenRequest) -> Heard:
        """Pause at this step until the microphone is back, then ask for the question again; typing a reply
        instead switches the rest of the session to text mode."""
        caption(f"I can't hear you any more: {exc.message}. I'll wait here until the microphone is back.")
        if _can_type():
            caption("Or type your answer and press Enter to carry on in text mode.")
        self.speaker.say("I can't hear you right now, so I'll wait until the microphone is back.")
        emit("microphone_lost", reason=exc.message)
        while True:
            typed = _typed_line(self.reconnect_every)
            if typed is not None:
                self.text_fallback = TextListener()
                return Heard(text=typed, silent=not typed)
            if self._reopen_microphone():
                emit("microphone_back")
                self.speaker.say("The microphone is back. Let me ask again.")
                return Heard(text="repeat", command_during_speech="repeat")

    def _reopen_microphone(self) -> bool:
        from audio.sources import Microphone

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


def run_voice_session(
    flow: Flow,
    settings: Settings,
    *,
    save: str,
    show_notice: bool,
    journal_opener,
    audio_in: list[Path] | None = None,
    audio_out: Path | None = None,
    on_failure: Callable[[AudioError], None] | None = None,
    loader=None,
) -> SessionOutcome:
    """One spoken session. `loader` (a started ModelLoader) lets a caller running many sessions in one process
    reuse a loaded model instead of loading it again each time."""
    from assistant.cli import NOTICE
    from assistant.paths import data_dir
    from assistant.session import Session
    from audio.models import find_model
    from audio.recognizer import ModelLoader

    replay = bool(audio_in or audio_out)
    if loader is None:
        model_path = find_model(settings.audio.model, data_dir())
        source = _open_source(settings, audio_in, replay)  # before the load starts: a missing device fails fast
        emit("model_loading", path=str(model_path))
        loader = ModelLoader(model_path).start()
    else:
        source = _open_source(settings, audio_in, replay)
    speaker: HalfDuplexSpeaker | None = None
    inner = None
    holder: dict[str, LazyVoiceListener] = {}
    try:
        inner = _open_speaker(settings, audio_out, replay)
        speaker = HalfDuplexSpeaker(
            inner, source, lambda: holder["listener"].ensure_ready() if "listener" in holder else None,
            settings.listening.barge_in, echo_tail=0.0 if replay else ECHO_TAIL,
        )
        listener = LazyVoiceListener(loader, source, settings, speaker)
        holder["listener"] = listener
        if show_notice:  # said before the prefetch is queued: on a first run the cache is empty
            speaker.say(NOTICE)
        _prefetch(inner, flow)
        session = Session(
            flow, listener, speaker, settings, save=save, journal_opener=journal_opener, voice=True,
        )
        outcome = session.run()
        if listener.failure is not None and on_failure is not None:
            on_failure(listener.failure)  # reported by the CLI; the outcome so far is still returned
        return outcome
    finally:
        live_source = holder["listener"].source if "listener" in holder else source  # it may have been reopened
        overflows = getattr(live_source, "overflows", 0)
        if overflows:
            print(f"Note: the microphone dropped audio {overflows} time(s) (input overflow); if answers were "
                  "misheard, close other programs using the microphone.", file=sys.stderr)
        synth = getattr(inner, "synth", None)   # closing it deletes the session's temporary speech files
        for closer in (getattr(live_source, "close", None), getattr(speaker or inner, "close", None),
                       getattr(synth, "close", None)):
            try:
                if closer:
                    closer()
            except Exception:  # closing must never turn a finished session into a crash
                pass
        _settle(loader)


def _settle(loader) -> None:
    """Let a background model load finish before the process may exit: the engine crashes if the interpreter
    shuts down under it."""
    try:
        loader.wait(60)
    except AudioError:
        pass


def _open_source(settings: Settings, audio_in: list[Path] | None, replay: bool):
    from audio.sources import Microphone, WavTurns

    if replay:
        return WavTurns(audio_in or [], realtime=False)
    microphone = Microphone(settings.audio.input_device)
    microphone.start()
    return microphone


def _open_speaker(settings: Settings, audio_out: Path | None, replay: bool):
    from audio.speaker import FileSpeaker, Speaker
    from audio.synth import Synthesizer

    voice = settings.voice
    try:
        # the default cache folder, shared with `mend doctor`; only texts declared known (see _prefetch) are kept
        synth = Synthesizer(voice.voice, voice.rate_wpm, voice.volume)
        synth.check()
    except SynthesisError as exc:
        caption(f"Speech synthesis is not available ({exc.message}); I'll show captions only.")
        return CaptionOnlySpeaker()
    if replay:
        if audio_out is None:
            return CaptionOnlySpeaker()
        return FileSpeaker(synth, audio_out, on_caption=caption, simulate=True)
    return Speaker(synth, settings.audio.output_device, on_caption=caption)


def fixed_prompt_sentences(flow: Flow) -> tuple[list[str], list[str]]:
    """The sentences mend may say in this flow that are known in advance, as (prompts, other fixed lines).

    Only these may be cached on disk: everything else (lines with a {placeholder}, drafts and summaries built from
    the person's words) is synthesised into a temporary file and deleted once spoken. Prompts and re-prompts are
    synthesised ahead of time; the other fixed lines (help, "don't know" replies, leads, breathing cues, the
    notice) are cached the first time they are said.
    """
    from assistant.cli import NOTICE
    from audio.speaker import split_sentences
    from flows import breathing_cues, placeholders

    def fixed(texts) -> list[str]:
        return [s for text in texts if not placeholders(text) for s in split_sentences(text)]

    prompts: list[str] = []
    others: list[str] = fixed([NOTICE])
    for step in flow.steps.values():
        prompts.extend(fixed([*step.prompts, *step.reprompt_silence, *step.reprompt_unclear]))
        others.extend(fixed([*step.dont_know, step.help, *(line for lead in step.leads for line in lead.text)]))
        if step.breathing is not None:
            others.extend(fixed(words for words, _ in breathing_cues(step.breathing)))
    return prompts, others


def _prefetch(speaker, flow: Flow) -> None:
    """Declare the flow's fixed sentences as known (cacheable) and synthesise its prompts in the background so
    they play the moment they are needed."""
    synth = getattr(speaker, "synth", None)
    if synth is None:
        return
    prompts, others = fixed_prompt_sentences(flow)
    try:
        synth.remember(others)
        synth.prefetch(prompts)
    except AudioError:
        pass  # ahead-of-time synthesis is an optimisation; each prompt is synthesised on demand anyway
