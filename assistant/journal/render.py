"""Turning journal entries into documents: Markdown for a person to read or print, JSON for a program, CSV for
a spreadsheet (one row per entry).

Kept apart from the storage so that what a note looks like can change without touching how it is kept. A note
holds the person's own words, so every line of theirs is flattened and escaped: nothing they said can become a
heading, a list or a quote that breaks the document around it, and no cell of the CSV can start a formula.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mend.assistant.journal.entry import JournalEntry

EXPORT_FORMAT = "mend-journal"

ENDING_WORDS = {
    "completed": "completed", "ended_early": "ended early", "safety": "paused for safety", "stopped": "stopped",
    "come_back_later": "to come back to later", "interrupted": "interrupted",
}

OUTCOME_WORDS = {
    "went_well": "went well", "partly": "partly", "not_yet": "not yet", "not_ready": "they weren't ready",
    "went_badly": "went badly",
}

CSV_COLUMNS = (
    "id", "created_at", "flow", "ended", "relationship", "patterns", "activation_before", "activation_after",
    "gesture", "opening_line", "when", "summary", "safety_flag", "followup", "followup_at", "followup_note",
    "their_first_words", "listening_reply",
)


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


def _escape_block(text: str) -> str:
    """Keep a person's line from turning into a heading, list or quote in the exported document."""
    return "\\" + text if text[0] in "#>-*+=|" or text.split(".", 1)[0].isdigit() else text


def _facts(entry: JournalEntry) -> list[tuple[str, str]]:
    """The labelled facts of a note, in reading order, each flattened onto one line; empty ones are left out."""
    readings = [str(value) for value in (entry.activation_before, entry.activation_after) if value is not None]
    activation = f"{' → '.join(readings)} (0 calm, 10 overwhelmed)" if readings else None
    facts = [
        ("Flow", entry.flow),
        ("How it ended", ENDING_WORDS.get(entry.ended, entry.ended)),
        ("With", entry.relationship),
        ("Default responses noticed", ", ".join(p.replace("_", " ") for p in entry.patterns)),
        ("Activation", activation),
        ("Repair gesture", entry.gesture),
        ("Opening line", f"\u201c{_one_line(entry.opening_line)}\u201d" if entry.opening_line else None),
        ("When", entry.when),
        ("If they say", f"\u201c{_one_line(entry.their_first_words)}\u201d" if entry.their_first_words else None),
        ("A reply that listens", f"\u201c{_one_line(entry.listening_reply)}\u201d" if entry.listening_reply else None),
        ("Follow-up", _followup_words(entry)),
        ("Safety", "the session stopped to share support resources" if entry.safety_flag else None),
    ]
    return [(label, _one_line(value)) for label, value in facts if value]


def _heading(entry: JournalEntry) -> str:
    return f"Entry {entry.id} \u2014 {entry.created_at:%Y-%m-%d %H:%M} UTC"


def render_markdown(entries: list[JournalEntry], title: str | None = "mend journal") -> str:
    """A plain document a person can read or print; user text is flattened so it cannot break the layout."""
    lines = [f"# {title}", ""] if title else []
    if not entries:
        lines += ["No entries.", ""]
    for entry in entries:
        lines += [f"## {_heading(entry)}", ""]
        lines += [f"- **{label}:** {value}" for label, value in _facts(entry)]
        for paragraph in filter(None, map(_one_line, entry.summary.splitlines())):
            lines += ["", _escape_block(paragraph)]
        if entry.transcript:
            lines += ["", "### Transcript", ""]
            lines += [f"- **{line['speaker']}:** {_one_line(line['text'])}" for line in entry.transcript]
        lines.append("")
    return "\n".join(lines)


def render_text(entry: JournalEntry, width: int = 100) -> str:
    """One note for the terminal (`mend journal show`): an underlined heading, aligned labels and lines wrapped to
    `width`, with no Markdown syntax. The person's words are printed as they are: nothing here is parsed again."""
    width = max(40, width)
    heading = _heading(entry)
    lines = [heading, "=" * len(heading), ""]
    facts = _facts(entry)
    column = max((len(label) for label, _ in facts), default=0) + 2
    for label, value in facts:
        lines += textwrap.wrap(value, width, initial_indent=f"{label + ':':<{column}}", subsequent_indent=" " * column,
                               break_on_hyphens=False, break_long_words=False)
    for paragraph in filter(None, map(_one_line, entry.summary.splitlines())):
        lines += ["", *textwrap.wrap(paragraph, width, break_on_hyphens=False, break_long_words=False)]
    if entry.transcript:
        lines += ["", "Transcript", "----------"]
        for line in entry.transcript:
            speaker = f"{line['speaker']}: "
            lines += textwrap.wrap(_one_line(line["text"]) or "...", width, initial_indent=speaker,
                                   subsequent_indent="    ", break_on_hyphens=False, break_long_words=False)
    return "\n".join(lines) + "\n"


def _followup_words(entry: JournalEntry) -> str | None:
    if entry.followup is None:
        return None
    told = f"{OUTCOME_WORDS[entry.followup.outcome]} (told {entry.followup.recorded_at:%Y-%m-%d})"
    return f"{told}; in the way: {entry.followup.note}" if entry.followup.note else told


def _cell(value: str | None) -> str:
    """A cell of the person's own words: on one line, and never read as a formula by a spreadsheet (a leading
    =, +, -, @, tab or carriage return gets a ' in front, as spreadsheets themselves do)."""
    if not value:
        return ""
    text = value if value.isprintable() else " ".join(value.split())  # only text with breaks or tabs is rejoined
    return "'" + text if text[:1] in ("=", "+", "-", "@") or value[:1] in ("\t", "\r") else text


def render_csv(entries: list[JournalEntry]) -> str:
    """One row per entry with the columns of CSV_COLUMNS (patterns joined by ';'; transcripts stay out)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        followup = e.followup
        writer.writerow((
            e.id, e.created_at.isoformat(), _cell(e.flow), e.ended, _cell(e.relationship), ";".join(e.patterns),
            e.activation_before, e.activation_after, _cell(e.gesture), _cell(e.opening_line), _cell(e.when),
            _cell(e.summary), "yes" if e.safety_flag else "no", followup.outcome if followup else None,
            followup.recorded_at.isoformat() if followup else None, _cell(followup.note) if followup else None,
            _cell(e.their_first_words), _cell(e.listening_reply),
        ))
    return out.getvalue()


def render_json(entries: list[JournalEntry], schema_version: int) -> str:
    """`{"format", "schema_version", "entries"}`: a program can tell what it reads and which format version."""
    items = [entry.model_dump(mode="json") for entry in entries]
    data = {"format": EXPORT_FORMAT, "schema_version": schema_version, "entries": items}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
