"""`mend journal trends`, `mend journal export --format csv` and `mend followup`, through the real command on
generated journals (plain and protected), with the charts opened as a person's tools would open them."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import stat
import struct
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mend.assistant.journal.book import Journal
from mend.assistant.journal.entry import FollowUp
from mend.assistant.journal.trends import BLOCKS
from tests.support.cli import REPO, mend
from tests.support.journal import file_bytes, generated_entries, sample_entry

SECRET = "heron-lantern-5520"
PASS = {"MEND_PASSPHRASE": "quiet-harbour-81"}


def build(home: Path, count: int = 120, passphrase: str | None = None, **kwargs) -> list:
    entries = generated_entries(count, **kwargs)
    with Journal(home / "journal.sqlite3") as journal:
        if passphrase:
            journal.protect(passphrase)
        journal.add_many(entries)
        return journal.list()


def on_a_terminal(home: Path, *args: str) -> str:
    """Run mend with its stdout on a pseudo-terminal (as in a real terminal window) and return what it printed."""
    master, slave = pty.openpty()
    env = {**os.environ, "MEND_HOME": str(home)}
    process = subprocess.Popen([sys.executable, "-m", "mend.assistant.cli", *args], stdout=slave, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, cwd=REPO, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert process.wait(timeout=60) == 0, process.stderr.read()
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


# -- trends ---------------------------------------------------------------------------------------------------------
def test_trends_table_counts_what_the_journal_holds(mend_home):
    entries = build(mend_home, 300)
    result = mend("journal", "trends", home=mend_home)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Trends over 300 journal entries, 2024-01-01 to ")
    for heading in ("Default responses noticed, by who it was with", "Activation before and after slowing down",
                    "Planned repairs"):
        assert heading in out
    plans = [e for e in entries if e.has_plan()]
    lines = dict(line.rsplit(None, 1) for line in out.split("Planned repairs\n")[1].splitlines() if line.strip())
    assert int(lines["plans made"]) == len(plans)
    outcomes = Counter(e.followup.outcome for e in plans if e.followup)
    assert int(lines["carried out"]) == sum(n for key, n in outcomes.items() if key != "not_yet")
    assert int(lines["not yet"]) == outcomes["not_yet"]
    assert int(lines["not told yet"]) == sum(1 for e in plans if e.followup is None)
    partner_row = next(line for line in out.splitlines() if line.startswith("pulling away"))
    assert int(partner_row.split()[-1]) == sum("withdrawing" in e.patterns for e in entries)
    # piped output: the activation series as numbers, no block characters
    assert "before, oldest first, one a month (- for none): " in out and not set(BLOCKS) & set(out) and "\x1b[" not in out


def test_trends_draw_a_sparkline_on_a_terminal_and_numbers_with_plain(mend_home):
    build(mend_home, 200, days=300)
    shown = on_a_terminal(mend_home, "journal", "trends")
    spark = [line for line in shown.splitlines() if line.startswith(("before  ", "after   "))]
    assert len(spark) == 2 and all(set(line[8:].strip()) <= set(BLOCKS) for line in spark)
    months = [line for line in shown.splitlines() if line[:4] == "2024"]
    assert len(spark[0][8:]) == len(months) == 10  # one block a month, 300 days
    plain = on_a_terminal(mend_home, "journal", "trends", "--plain")
    assert not set(BLOCKS) & set(plain) and "after, oldest first: " in plain


def test_trends_json_is_the_same_figures_for_a_program(mend_home):
    entries = build(mend_home, 150, days=40)
    result = mend("journal", "trends", "--json", home=mend_home)
    data = json.loads(result.stdout)
    assert data["format"] == "mend-trends" and data["entries"] == 150
    assert data["activation"]["period"] == "week"
    assert sum(p["entries"] for p in data["activation"]["points"]) == 150
    counts = data["patterns_by_relationship"]["counts"]
    with_partner = sum("self_blame" in e.patterns for e in entries if e.relationship == "partner")
    assert counts["self_blame"]["partner"] == with_partner
    first = data["activation"]["points"][0]
    week = [e for e in entries if e.created_at.isocalendar()[:2] == (2024, 1)]
    befores = [e.activation_before for e in week]
    assert first["period"] == "2024-W01" and first["before"] == round(sum(befores) / len(befores), 1)
    assert data["plans"]["made"] == sum(e.has_plan() for e in entries)


def test_trends_and_followup_on_a_protected_journal(mend_home):
    build(mend_home, 60, passphrase=PASS["MEND_PASSPHRASE"])
    locked = mend("journal", "trends", home=mend_home)
    assert locked.returncode == 1 and locked.stderr.startswith("Error: the journal is protected by a passphrase")
    assert "Hint:" in locked.stderr
    result = mend("journal", "trends", "--json", home=mend_home, env=PASS)
    assert result.returncode == 0 and json.loads(result.stdout)["entries"] == 60
    told = mend("followup", "--text", replies=["went well"], home=mend_home, env=PASS)
    assert told.returncode == 0 and "I'm glad it went well" in " ".join(told.stdout.split())
    assert mend("followup", "--text", replies=["1"], home=mend_home).returncode == 1


def test_nothing_yet_is_said_plainly(mend_home):
    for args, words in ((("journal", "trends"), "The journal is empty, so there are no trends yet."),
                        (("followup",), "The journal is empty, so there is no plan to follow up yet.")):
        result = mend(*args, home=mend_home)
        assert result.returncode == 0 and result.stdout.startswith(words) and not result.stderr
    with Journal() as journal:
        journal.add(sample_entry(gesture=None, opening_line=None, when=None))
    result = mend("followup", home=mend_home)
    assert result.returncode == 0 and "has a repair plan yet" in result.stdout


# -- charts ---------------------------------------------------------------------------------------------------------
def test_png_chart_is_a_real_image(mend_home, tmp_path):
    build(mend_home, 100)
    target = tmp_path / "trends.png"
    result = mend("journal", "trends", "--png", str(target), home=mend_home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote the PNG chart to {target}."
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (900, 1000)
    image = pytest.importorskip("matplotlib.image").imread(target)
    assert image.shape[:2] == (1000, 900) and image.std() > 0.05  # drawn, not blank


def test_png_without_matplotlib_says_how_to_get_it(mend_home, tmp_path):
    build(mend_home, 10)
    shadow = tmp_path / "shadow" / "matplotlib"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError(\"No module named 'matplotlib'\")\n")
    path = os.pathsep.join(filter(None, [str(shadow.parent), os.environ.get("PYTHONPATH")]))
    target = tmp_path / "chart.png"
    result = mend("journal", "trends", "--png", str(target), home=mend_home, env={"PYTHONPATH": path})
    assert result.returncode == 1 and not target.exists()
    assert result.stderr.splitlines() == [
        "Error: drawing a PNG chart needs matplotlib, which is not installed",
        "Hint: pip install 'mend-voice[plots]'",
    ]
    html = tmp_path / "chart.html"  # the HTML chart needs nothing extra
    assert mend("journal", "trends", "--html", str(html), home=mend_home, env={"PYTHONPATH": path}).returncode == 0


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        self.links += [value for name, value in attrs if name in ("src", "href") and value]

    def handle_data(self, data):
        self.text.append(data)


def test_html_chart_is_self_contained(mend_home, tmp_path):
    build(mend_home, 100, days=200)
    target = tmp_path / "trends.html"
    result = mend("journal", "trends", "--html", str(target), home=mend_home)
    assert result.returncode == 0 and stat.S_IMODE(target.stat().st_mode) == 0o600
    text = target.read_text()
    page = _Page()
    page.feed(text)
    assert page.tags["svg"] == 1 and page.tags["polyline"] == 2 and page.tags["table"] == 3
    assert page.tags["script"] == 0 and page.links == [] and "@import" not in text and "url(" not in text
    assert "default-src 'none'" in text
    data = json.loads(mend("journal", "trends", "--json", home=mend_home).stdout)
    cells = " ".join(page.text)
    assert all(point["period"] in cells for point in data["activation"]["points"])


# -- csv ------------------------------------------------------------------------------------------------------------
def test_csv_export_is_one_row_per_entry(mend_home, tmp_path):
    entries = build(mend_home, 50)
    with Journal() as journal:
        odd = journal.add(sample_entry(summary="=HYPERLINK(\"http://x\")\nsecond line, with a comma",
                                       opening_line="-well, I was wrong", relationship=None, patterns=[]))
        journal.add_followup(odd, FollowUp(outcome="not_yet", note="+ I keep putting it off"))
    result = mend("journal", "export", "--format", "csv", "-o", "-", home=mend_home)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(entries) + 1 and result.stdout.count("\n") == len(rows) + 1
    first = entries[0]
    assert rows[0]["id"] == str(first.id) and rows[0]["patterns"] == ";".join(first.patterns)
    assert rows[0]["activation_before"] == str(first.activation_before)
    last = rows[-1]
    assert last["summary"] == "'=HYPERLINK(\"http://x\") second line, with a comma"
    assert last["opening_line"] == "'-well, I was wrong" and last["relationship"] == "" and last["patterns"] == ""
    assert (last["followup"], last["followup_note"]) == ("not_yet", "'+ I keep putting it off")
    target = tmp_path / "journal.csv"
    saved = mend("journal", "export", "--format", "csv", "-o", str(target), home=mend_home)
    assert saved.stdout.strip() == f"Exported {len(rows)} entries to {target}."
    assert target.read_text() == result.stdout and stat.S_IMODE(target.stat().st_mode) == 0o600


# -- follow-up ------------------------------------------------------------------------------------------------------
OUTCOME_REPLIES = {
    "went_well": ("1", "I'm glad it went well"),
    "partly": ("sort of", "Part of the way is still real progress"),
    "not_yet": ("not yet", "What's in the way right now"),
    "not_ready": ("they weren't ready", "A repair is an offer, not something they owe you"),
    "went_badly": ("it went badly", "mend session --flow calm"),
}


@pytest.mark.parametrize("outcome", list(OUTCOME_REPLIES))
def test_followup_answers_each_outcome_and_keeps_it(mend_home, outcome):
    with Journal() as journal:
        older = journal.add(sample_entry(when="tomorrow evening"))
        latest = journal.add(sample_entry(when="on Saturday", relationship="friend", gesture="small_act"))
    reply, words = OUTCOME_REPLIES[outcome]
    result = mend("followup", "--text", replies=[reply, SECRET], home=mend_home)
    assert result.returncode == 0, result.stderr
    said = " ".join(result.stdout.split())  # lines are wrapped for the terminal
    assert "Last time (1 May 2024) you planned to offer a small act of care with your friend, on Saturday" in said
    assert "How did it go?\n  1. went well\n" in result.stdout and words in said
    assert f"Kept with journal entry {latest}" in said
    if outcome == "went_badly":
        assert "mend help crisis" in said
    if outcome == "not_ready":
        assert "giving them space" in said and "look after yourself" in said
    with Journal() as journal:
        kept = journal.get(latest)
        assert kept.followup.outcome == outcome and journal.get(older).followup is None
        assert kept.followup.note == (SECRET if outcome == "not_yet" else None)
    if outcome == "not_yet":  # shown with the note, and exported
        shown = mend("journal", "show", str(latest), home=mend_home).stdout
        assert "Follow-up:" in shown and "not yet (told " in shown and f"; in the way: {SECRET}" in shown
        exported = json.loads(mend("journal", "export", "--format", "json", home=mend_home).stdout)
        assert [e["followup"]["outcome"] for e in exported["entries"] if e["followup"]] == [outcome]
    trends = json.loads(mend("journal", "trends", "--json", home=mend_home).stdout)
    assert trends["plans"]["outcomes"][outcome] == 1
    assert trends["plans"]["carried_out"] == (0 if outcome == "not_yet" else 1)


def test_followup_without_an_answer_keeps_nothing(mend_home):
    with Journal() as journal:
        entry_id = journal.add(sample_entry())
    result = mend("followup", "--text", replies=["maybe", "hmm", "pizza"], home=mend_home)
    assert result.returncode == 0 and result.stdout.count("I didn't catch which one") == 2
    assert "Nothing was recorded." in result.stdout
    given = mend("followup", "--entry", str(entry_id), "--outcome", "partly", home=mend_home)
    assert given.returncode == 0 and "Part of the way" in " ".join(given.stdout.split())
    with Journal() as journal:
        assert journal.get(entry_id).followup.outcome == "partly"
    missing = mend("followup", "--entry", "99", home=mend_home)
    assert missing.returncode == 1 and missing.stderr.startswith("Error: there is no journal entry 99")


def test_followup_text_is_sealed_on_a_protected_journal(mend_home):
    db = mend_home / "journal.sqlite3"
    with Journal(db) as journal:
        entry_id = journal.add(sample_entry())
    assert mend("followup", "--text", replies=["not yet", SECRET], home=mend_home).returncode == 0
    assert SECRET.encode() in file_bytes(db)
    with Journal(db) as journal:
        journal.protect(PASS["MEND_PASSPHRASE"])
    assert SECRET.encode() not in file_bytes(db)
    with Journal(db, PASS["MEND_PASSPHRASE"]) as journal:
        assert journal.get(entry_id).followup.note == SECRET
        journal.add_followup(entry_id, journal.get(entry_id).followup.model_copy(update={"note": SECRET + "2"}))
        assert journal.get(entry_id).followup.note == SECRET + "2"
    assert (SECRET + "2").encode() not in file_bytes(db)


def test_tonight_is_judged_by_the_local_date_not_utc(mend_home):
    """In a zone twelve hours behind UTC the two calendars disagree for half of every day. A plan for "tonight" is
    due at the end of the person's own evening: the follow-up asks about it exactly when that has passed."""
    from datetime import datetime, timedelta, timezone
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Etc/GMT+12")  # UTC-12 (POSIX names run backwards)
    now = datetime.now(timezone.utc)
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    # after noon UTC: made at 1 am UTC, the evening before by the local clock, so already due there, not in UTC;
    # before noon UTC: made at 3 pm UTC yesterday, early that same local day, so due in UTC but not locally yet
    made = today + timedelta(hours=1) if now.hour >= 12 else today - timedelta(hours=9)
    local_due = datetime.combine(made.astimezone(zone).date() + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    utc_due = datetime.combine(made.date() + timedelta(days=1), datetime.min.time(), tzinfo=timezone.utc)
    assert (local_due <= now) != (utc_due <= now), "the case must tell the two calendars apart"
    with Journal() as journal:
        older = journal.add(sample_entry(when="tomorrow evening"))  # long due
        tonight = journal.add(sample_entry(created_at=made, when="tonight", relationship="friend"))
    result = mend("followup", "--text", replies=["partly"], home=mend_home, env={"TZ": "Etc/GMT+12"})
    assert result.returncode == 0, result.stderr
    said = " ".join(result.stdout.split())
    asked_about = tonight if local_due <= now else older
    assert f"Kept with journal entry {asked_about}" in said
    if asked_about == tonight:  # and the day it names is the local one
        local_day = made.astimezone(zone)
        assert f"Last time ({local_day.day} {local_day:%B}) you planned to have a conversation with your friend" in said
