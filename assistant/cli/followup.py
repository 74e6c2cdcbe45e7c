"""`mend followup`: ask how the last planned repair went, answer with something fitting, and keep the outcome with
the journal entry the plan came from.

Spoken by default, like `mend session`: the question is said, the answer heard through the recogniser and the reply
said, with captions (assistant/session/opening.py holds the conversation, the same one a session starts with).
With --text it is typed: the question on stdout, one reply a line on stdin (a terminal or a pipe). The journal is
opened as every journal command opens it (MEND_PASSPHRASE or a hidden prompt when it is protected).
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from mend.assistant.journal.entry import FollowUp
from mend.assistant.lines import say as line
from mend.assistant.journal.followup import (
    OUTCOMES, choice_lines, day_words, parse_outcome, pick_plan, plan_sentence,
)

ATTEMPTS = 3
# on a screen, the commands a spoken reply names in words
COMMAND_HINTS = {"went_badly": "The calming routine: `mend session --flow calm`. Support: `mend help crisis`."}
EMPTY = ("The journal is empty, so there is no plan to follow up yet. After a session (`mend session`), keep a "
         "note of your plan and come back here once you have had the chance to try it.")
NO_PLAN = ("None of your journal entries has a repair plan yet, so there is nothing to follow up. A plan is kept "
           "when a session reaches the planning part and you keep a note at the end.")


def add_followup_parser(sub: argparse._SubParsersAction) -> None:
    from mend.assistant.cli.session import add_voice_options

    parser = sub.add_parser(
        "followup", help="tell how your last planned repair went; it is kept with that journal entry",
        description="Asks how the plan from your latest journal entry went (the latest whose time has passed, "
        "else the latest), answers, and keeps the outcome with that entry. Spoken by default; --text reads one "
        "answer a line from stdin.",
    )
    parser.add_argument("--entry", type=int, metavar="ID", help="follow up this entry's plan instead")
    parser.add_argument("--outcome", choices=tuple(OUTCOMES), help="give the outcome without being asked")
    add_voice_options(parser)
    parser.set_defaults(handler=run_followup)


def _say(text: str = "") -> None:
    print("\n".join(textwrap.wrap(text, 100)) if text else "", flush=True)


def _read_line(prompt: str) -> str | None:
    sys.stdout.write(prompt)
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line:
        print()
        return None
    return line.strip()


def _ask_outcome() -> str | None:
    for attempt in range(ATTEMPTS):
        answer = _read_line("> ")
        if answer is None or answer.lower() in ("", "stop", "quit", "q", "skip"):
            return None
        outcome = parse_outcome(answer)
        if outcome:
            return outcome
        if attempt < ATTEMPTS - 1:
            _say("I didn't catch which one that was. Type a number from 1 to 5, or a few words like \"not yet\".")
    return None


def run_followup(args: argparse.Namespace) -> int:
    from mend.assistant.cli.journal import open_journal

    path = getattr(args, "journal_path", None)
    with open_journal(Path(path) if path else None) as journal:
        if args.entry:
            entry = journal.get(args.entry)
        else:
            entries = journal.list()
            if not entries:
                _say(EMPTY)
                return 0
            entry = pick_plan(entries)
            if entry is None:
                _say(NO_PLAN)
                return 0
        if args.outcome is None and not (args.text and not (args.audio_in or args.audio_out)):
            return _by_voice(args, journal, entry)
        _say(plan_sentence(entry))
        if entry.followup is not None:
            from mend.assistant.journal.render import OUTCOME_WORDS

            _say(_told_before(entry))
        outcome = args.outcome
        if outcome is None:
            print("\n".join(choice_lines()), flush=True)
            outcome = _ask_outcome()
        if outcome is None:
            _say("Nothing was recorded. You can come back to this with `mend followup` any time.")
            return 0
        _say()
        _say(line(f"followup.{outcome}"))
        if outcome in COMMAND_HINTS:
            _say(COMMAND_HINTS[outcome])
        note = None
        if outcome == "not_yet":
            note = _read_line("What's in the way? (a few words, or Enter to skip) ") or None
        journal.add_followup(entry.id, FollowUp(outcome=outcome, note=note))
        _say()
        _say(_kept_note(entry.id))
    return 0


def _told_before(entry) -> str:
    from mend.assistant.journal.render import OUTCOME_WORDS

    told = day_words(entry.followup.recorded_at)
    return f"(You told me on {told} that it was: {OUTCOME_WORDS[entry.followup.outcome]}.)"


def _kept_note(entry_id: int) -> str:
    return (f"Kept with journal entry {entry_id} (`mend journal show {entry_id}` shows it; "
            "`mend journal trends` counts it).")


def _by_voice(args: argparse.Namespace, journal, entry) -> int:
    """The question said, the outcome heard and answered aloud, then kept with the entry; on screen the captions,
    and after them the commands a spoken reply could only name."""
    from mend.assistant.cli.output import report_error
    from mend.assistant.cli.session import settings_from_args
    from mend.assistant.journal.followup import spoken_plan
    from mend.assistant.modes.voice import run_voice_session
    from mend.assistant.session.loop import SafetyStop
    from mend.assistant.session.opening import DuePlan, talk_followup
    from mend.assistant.session.spoken_commands import SessionStopped
    from mend.audio.turns import EndOfInput
    from mend.flows import DEFAULT_FLOW, builtin_flow

    if entry.followup is not None:
        _say(_told_before(entry))
    due = DuePlan(entry_id=entry.id, plan=spoken_plan(entry))

    def record(entry_id: int, outcome: str, note: str | None) -> None:
        journal.add_followup(entry_id, FollowUp(outcome=outcome, note=note))

    def talk(session) -> str | None:
        try:
            return talk_followup(session, due, record, attempts=ATTEMPTS - 1, patient=True)
        except (SessionStopped, SafetyStop, EndOfInput, KeyboardInterrupt):
            return None

    outcome = run_voice_session(
        builtin_flow(DEFAULT_FLOW), settings_from_args(args), save="never", show_notice=False,
        journal_opener=None, audio_in=args.audio_in, audio_out=args.audio_out, on_failure=report_error, talk=talk,
    )
    if outcome is None:
        _say("Nothing was recorded. You can come back to this with `mend followup` any time.")
        return 0
    if outcome in COMMAND_HINTS:
        _say(COMMAND_HINTS[outcome])
    _say(_kept_note(entry.id))
    return 0
