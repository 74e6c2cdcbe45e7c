"""Voice mode: wires a microphone (or replayed WAVs), the recognizer and the speaker into a Session.

The model loads in the background while the greeting is spoken; prompts known in advance are synthesised ahead of
time. Half-duplex: the microphone's audio is dropped while mend speaks, so mend never answers itself; with
barge-in, "stop", "pause" or "wait" said over mend's voice interrupts it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from mend.assistant.config import Settings
from mend.assistant.events import emit
from mend.assistant.lines import say as line
from mend.assistant.safety.resources import first_run_notice, resources_for_crisis
from mend.assistant.session.outcome import SessionOutcome
from mend.assistant.modes.voice_listening import LazyVoiceListener
from mend.assistant.modes.voice_speaking import ECHO_TAIL, CaptionOnlySpeaker, HalfDuplexSpeaker, caption
from mend.audio.errors import AudioError, SynthesisError
from mend.flows import Flow


def run_voice_session(
    flow: Flow,
    settings: Settings,
    *,
    save: str,
    show_notice: bool,
    journal_opener,
    journal_protected=None,
    audio_in: list[Path] | None = None,
    audio_out: Path | None = None,
    on_failure: Callable[[AudioError], None] | None = None,
    prepare: Callable[[object], None] | None = None,
    loader=None,
    talk: Callable[[object], object] | None = None,
) -> SessionOutcome:
    """One spoken session. `loader` (a started ModelLoader) lets a caller running many sessions in one process
    reuse a loaded model instead of loading it again each time. With `talk`, the session's speaking and listening
    are lent to `talk(session)` (a short conversation such as `mend followup`) instead of walking the flow, and
    its result is returned."""
    from mend.assistant.paths import data_dir
    from mend.assistant.session.loop import Session
    from mend.audio.models import find_model
    from mend.audio.recognizer import ModelLoader

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
        session = Session(
            flow, listener, speaker, settings, save=save, journal_opener=journal_opener,
            journal_protected=journal_protected, voice=True,
        )
        if show_notice:  # said before the prefetch is queued: on a first run the cache is empty
            try:
                speaker.say(first_run_notice(resources_for_crisis()))
            except KeyboardInterrupt:  # Ctrl-C or SIGTERM this early still leaves an outcome to report
                return session.end_now("interrupted")
        if talk is not None:
            outcome = talk(session)
        else:
            _prefetch(inner, flow)
            if prepare is not None:
                prepare(session)
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
        closing = speaker or inner
        for closer in (getattr(live_source, "close", None), closing.close if closing is not None else None,
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
    from mend.audio.sources import Microphone, WavTurns

    if replay:
        return WavTurns(audio_in or [], realtime=False)
    microphone = Microphone(settings.audio.input_device)
    microphone.start()
    return microphone


def _open_speaker(settings: Settings, audio_out: Path | None, replay: bool):
    from mend.audio.speaker import FileSpeaker, Speaker
    from mend.audio.synth import Synthesizer

    voice = settings.voice
    try:
        # the default cache folder, shared with `mend doctor`; only texts declared known (see _prefetch) are kept
        synth = Synthesizer(voice.voice, voice.rate_wpm, voice.volume)
        synth.check()
    except SynthesisError as exc:
        caption(line("voice.no_synthesis", reason=exc.message))
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
    from mend.assistant.session.breathing import spoken_cues
    from mend.audio.speaker import split_sentences
    from mend.flows import placeholders

    def fixed(texts) -> list[str]:
        return [s for text in texts if not placeholders(text) for s in split_sentences(text)]

    prompts: list[str] = []
    others: list[str] = fixed([first_run_notice(resources_for_crisis())])
    for step in flow.steps.values():
        prompts.extend(fixed([*step.prompts, *step.reprompt_silence, *step.reprompt_unclear]))
        others.extend(fixed([*step.dont_know, step.help, *(text for lead in step.leads for text in lead.text)]))
        if step.breathing is not None:
            others.extend(fixed(words for words, _ in spoken_cues(step.breathing)))
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
