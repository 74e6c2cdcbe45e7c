"""`mend session`: one guided reflection, spoken by default, typed with --text.

Text mode, voice mode and replay mode differ only in the listener and speaker handed to the same Session.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from mend.assistant.config import RATE_WPM, FirstRun, Settings, load_settings, set_value
from mend.assistant.errors import ConfigError, MendError
from mend.assistant.session.outcome import SessionOutcome
from mend.audio.errors import AudioError, HintedError
from mend.flows import DEFAULT_FLOW, builtin_flow_names


def add_session_parser(sub) -> None:
    p = sub.add_parser(
        "session",
        help="start a guided reflection (spoken; --text to type)",
        description="Start a guided reflection. Spoken by default; --text reads one reply per line from stdin.",
    )
    p.add_argument("--flow", default=DEFAULT_FLOW,
                   help=f"built-in flow name ({', '.join(builtin_flow_names())}) or a flow TOML file")
    add_session_options(p)
    p.set_defaults(handler=run_session)


def add_session_options(p) -> None:
    """The options `mend session` and `mend resume` share."""
    add_voice_options(p)
    p.add_argument("--no-save", action="store_true", help="never keep a journal note of this session")
    p.add_argument("--save", choices=["ask", "always", "never"], help="override the journal.save setting")
    p.add_argument("--keep-transcript", action="store_true", help="keep the transcript in the journal note")
    p.add_argument("--summary-json", type=Path, metavar="PATH",
                   help="write the session's outcome as JSON ('-' for standard output)")
    p.add_argument("--summary-schema", action="store_true", help="print the JSON schema of --summary-json and exit")
    p.add_argument("--no-pauses", action="store_true", help="skip timed waits (breathing) for scripted runs")
    p.add_argument("--break-minutes", type=float, metavar="N",
                   help="how long a break lasts when you take one (default 20, the session.break_minutes setting)")


def add_voice_options(p) -> None:
    """Speaking or typing, and how: the options of every command that talks with the person."""
    p.add_argument("--text", action="store_true", help="type instead of speaking (works piped, one reply per line)")
    p.add_argument("--model", help="Vosk model directory (else MEND_MODEL, VOSK_MODEL_PATH, mend's data directory)")
    p.add_argument("--input-device", help="microphone: index or part of its name (see `mend devices`)")
    p.add_argument("--output-device", help="speakers: index or part of its name (see `mend devices`)")
    p.add_argument("--barge-in", action="store_true", help="let 'stop', 'pause' or 'wait' interrupt mend (headphones)")
    p.add_argument("--rate", type=int, metavar="WPM", help="speaking rate in words per minute (80-320)")
    p.add_argument("--voice", help="espeak-ng voice name, e.g. en-us")
    p.add_argument("--seed", type=int, metavar="N", help="pick wording variants reproducibly (default: at random)")
    p.add_argument(
        "--audio-in", action="append", type=Path, metavar="WAV",
        help="replay mode: use this WAV as what you say at the next listening turn (repeatable)",
    )
    p.add_argument("--audio-out", type=Path, metavar="WAV", help="replay mode: write everything mend said to a WAV")


def settings_from_args(args) -> Settings:
    settings = load_settings()
    low, high = RATE_WPM
    if args.rate is not None and not low <= args.rate <= high:
        raise ConfigError(f"--rate {args.rate}: must be between {low} and {high} words per minute",
                          hint="Try --rate 150 for a calm pace, or say 'slower' and 'faster' during a session.")
    overrides = {
        "voice.rate_wpm": args.rate,
        "voice.voice": args.voice,
        "audio.model": args.model,
        "audio.input_device": args.input_device,
        "audio.output_device": args.output_device,
        "session.seed": getattr(args, "seed", None),
    }
    for key, value in overrides.items():
        if value is not None:
            set_value(settings, key, value)
    if args.barge_in:
        settings.listening.barge_in = True
    if getattr(args, "no_pauses", False):
        settings.session.pauses = False
    if getattr(args, "keep_transcript", False):
        settings.journal.keep_transcripts = True
    if getattr(args, "break_minutes", None) is not None:
        if not 0 < args.break_minutes <= 240:
            raise ConfigError(f"--break-minutes {args.break_minutes:g}: must be more than 0 and at most 240",
                              hint="About 20 minutes lets a body that is flooded settle: --break-minutes 20.")
        settings.session.break_minutes = args.break_minutes
    return settings


def load_flow_arg(name: str):
    from mend.flows import builtin_flow, load_flow

    candidate = Path(name)
    if candidate.suffix == ".toml" or candidate.exists():
        return load_flow(candidate)
    return builtin_flow(name)


def run_session(args, flow=None, prepare=None) -> int:
    """`prepare(session)` runs before the first turn (`mend resume` sets the session where it paused)."""
    if getattr(args, "summary_schema", False):
        print(json.dumps(SessionOutcome.model_json_schema(), indent=2))
        return 0
    settings = settings_from_args(args)
    flow = flow or load_flow_arg(args.flow)
    save = "never" if args.no_save else (args.save or settings.journal.save)
    fresh = prepare is None  # not a resumed reflection: a fresh one looks back first
    prepare = _with_flow_source(args, prepare)
    if fresh and save != "never":
        from mend.assistant.cli.lookback import looking_back

        prepare = looking_back(prepare)
    first_run = FirstRun()
    show_notice = first_run.needs_notice()
    replay = bool(args.audio_in or args.audio_out)
    if args.text and not replay:
        outcome = _run_text(flow, settings, save, show_notice, prepare)
    else:
        outcome = _run_voice_or_offer_text(args, flow, settings, save, show_notice, prepare)
        if outcome is None:
            return 1
    if show_notice:
        first_run.mark_shown()
    if args.summary_json and str(args.summary_json) == "-":
        sys.stdout.write(outcome.model_dump_json(indent=2) + "\n")
        sys.stdout.flush()
    elif args.summary_json:
        from mend.assistant.cli.output import write_private_text

        write_private_text(args.summary_json, outcome.model_dump_json(indent=2) + "\n")
    if outcome.ended == "interrupted":
        return 130
    return 1 if getattr(args, "failed", False) else 0


def _journal_opener():
    from mend.assistant.cli.journal import open_journal

    return open_journal()


def _journal_protected() -> bool:
    """Asked before the note offer; a journal that does not exist yet is not created by asking."""
    from mend.assistant.cli.journal import open_journal
    from mend.assistant.paths import journal_path

    if not journal_path().exists():
        return False
    with open_journal(need_passphrase=False) as journal:
        return journal.locked or journal.protected


def _with_flow_source(args, prepare):
    """A flow read from a file is found again by its path when the reflection is resumed."""
    source = getattr(args, "flow", None)
    if prepare is not None or not source or not (source.endswith(".toml") or Path(source).exists()):
        return prepare

    def remember(session) -> None:
        session.flow_source = str(Path(source).resolve())

    return remember


def _run_text(flow, settings: Settings, save: str, show_notice: bool, prepare=None) -> SessionOutcome:
    from mend.assistant.safety.resources import first_run_notice, resources_for_crisis
    from mend.assistant.session.loop import Session
    from mend.assistant.modes.text import TextListener, TextSpeaker

    speaker = TextSpeaker()
    if show_notice:
        speaker.say(first_run_notice(resources_for_crisis()))
    session = Session(flow, TextListener(), speaker, settings, save=save, journal_opener=_journal_opener,
                      journal_protected=_journal_protected)
    if prepare is not None:
        prepare(session)
    return session.run()


def _run_voice_or_offer_text(args, flow, settings: Settings, save: str, show_notice: bool,
                             prepare=None) -> SessionOutcome | None:
    from mend.assistant.cli.output import report_error
    from mend.assistant.modes.voice import run_voice_session

    failures: list[HintedError] = []
    if not (args.audio_in or args.audio_out) and sys.stdin.isatty():
        from mend.assistant.cli.model import offer_model_for_voice

        choice = offer_model_for_voice(settings.audio.model)
        if choice == "text":
            return _run_text(flow, settings, save, show_notice, prepare)
        if choice == "quit":
            return None

    def failed(exc: HintedError) -> None:
        failures.append(exc)
        report_error(exc)

    try:
        outcome = run_voice_session(
            flow, settings, save=save, show_notice=show_notice, journal_opener=_journal_opener,
            journal_protected=_journal_protected, prepare=prepare,
            audio_in=args.audio_in, audio_out=args.audio_out, on_failure=failed,
        )
        args.failed = bool(failures)
        return outcome
    except (AudioError, MendError) as exc:
        report_error(exc)
        if args.audio_in or args.audio_out or not sys.stdin.isatty():
            return None
        print("Continue in text mode instead? [Y/n] ", end="", flush=True)
        reply = sys.stdin.readline().strip().lower()
        if reply not in ("", "y", "yes"):
            return None
        return _run_text(flow, settings, save, show_notice, prepare)
