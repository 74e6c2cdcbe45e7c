"""`mend journal ...` run in-process (and as a real process for the no-terminal cases) on a real journal file.

Terminal input is the only thing stood in for: a StringIO that says it is a TTY, and getpass answering from a list.
"""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys

import pytest

from mend.assistant.cli import journal as cli_journal
from mend.assistant.journal.book import Journal
from tests.support.journal import REPO, file_bytes, sample_entry

SECRET = "pelican-sonata-4412"


class Terminal(io.StringIO):
    """Typed answers, on something that reports itself as a terminal."""

    def isatty(self) -> bool:
        return True


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli_journal.main(["journal", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def no_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


@pytest.fixture
def typed(monkeypatch):
    def answer(text: str = "", passphrases: tuple[str, ...] = ()) -> list[str]:
        monkeypatch.setattr(sys, "stdin", Terminal(text))
        remaining = list(passphrases)
        monkeypatch.setattr(cli_journal, "getpass", lambda prompt="": remaining.pop(0))
        return remaining

    return answer


@pytest.fixture
def two_entries(mend_home):
    with Journal() as journal:
        first = journal.add(sample_entry(summary="Talked about the dishes, calmly. " * 4))
        second = journal.add(sample_entry(flow="calm", ended="ended_early", summary=f"short {SECRET}"))
    return first, second


def entry_ids() -> list[int]:
    with Journal() as journal:
        return [entry.id for entry in journal.list()]


def test_list_empty_and_with_entries(capsys, no_terminal, mend_home):
    assert run(capsys, "list") == (0, "The journal is empty.\n", "")
    with Journal() as journal:
        first = journal.add(sample_entry(summary="Talked about the dishes, calmly. " * 4))
    code, out, _ = run(capsys, "list")
    header, row = out.splitlines()
    assert code == 0 and header.split() == ["ID", "Date", "(UTC)", "Flow", "Ended", "Summary"]
    assert row.split()[:5] == [str(first), "2024-05-01", "14:03", "repair", "completed"]
    assert row.endswith("…") and len(row) < 120
    assert "\x1b[" not in out


def test_show_prints_one_entry_and_explains_a_missing_one(capsys, no_terminal, two_entries):
    first, second = two_entries
    code, out, _ = run(capsys, "show", str(second))
    heading = f"Entry {second} — 2024-05-01 14:03 UTC"
    assert code == 0 and out.splitlines()[:2] == [heading, "=" * len(heading)]
    assert f"short {SECRET}" in out and "How it ended:" in out and "ended early" in out
    code, out, err = run(capsys, "show", "99")
    assert (code, out) == (1, "")
    assert err.splitlines() == ["Error: there is no journal entry 99", "Hint: `mend journal list` shows the entries and their ids."]


def test_show_is_plain_wrapped_text_and_markdown_is_left_to_export(capsys, no_terminal, mend_home, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    said = "# not a heading " + "and a long answer that goes on " * 6
    with Journal() as journal:
        entry = journal.add(sample_entry(summary="Talked about the dishes, calmly. " * 6,
                                         transcript=[{"speaker": "you", "text": said}]))
    code, out, _ = run(capsys, "show", str(entry))
    lines = out.splitlines()
    assert code == 0 and all(len(line) <= 60 for line in lines), out
    assert not any(line.startswith(("## ", "- **", "### ")) for line in lines) and "**" not in out
    assert "Transcript" in lines and "you: # not a heading and a long answer" in out
    assert [line.split(":")[0] for line in lines if line.startswith(("Flow", "With"))] == ["Flow", "With"]
    flow, ended = (next(l for l in lines if l.startswith(label)) for label in ("Flow:", "How it ended:"))
    assert flow.index("repair") == ended.index("completed")  # the values line up in one column
    code, exported, _ = run(capsys, "export", str(entry))
    assert code == 0 and exported.startswith("# mend journal") and f"## Entry {entry} — " in exported
    assert "- **How it ended:** completed" in exported


def test_an_id_must_be_a_positive_number(capsys, no_terminal):
    with pytest.raises(SystemExit) as exited:
        cli_journal.main(["journal", "show", "first"])
    assert exited.value.code == 2
    assert "'first' is not an entry id" in capsys.readouterr().err


def test_export_to_stdout_and_to_a_private_file(capsys, no_terminal, two_entries, tmp_path):
    first, second = two_entries
    code, out, _ = run(capsys, "export")
    assert code == 0 and out.startswith("# mend journal") and f"## Entry {first}" in out and f"## Entry {second}" in out
    target = tmp_path / "out" / "journal.json"
    code, out, _ = run(capsys, "export", "--format", "json", "--output", str(target))
    assert code == 0 and out == f"Exported 2 entries to {target}.\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    data = json.loads(target.read_text())
    assert [entry["id"] for entry in data["entries"]] == [first, second]
    code, out, _ = run(capsys, "export", str(second), "--format", "json")
    assert [entry["summary"] for entry in json.loads(out)["entries"]] == [f"short {SECRET}"]


def test_export_to_an_unwritable_place_is_a_clear_error(capsys, no_terminal, two_entries, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, _, err = run(capsys, "export", "--output", str(blocker / "inside.md"))
    assert code == 1 and err.startswith(f"Error: could not write {blocker / 'inside.md'}: ")
    assert "Hint: Choose a file in a directory you can write to." in err


def test_delete_asks_on_a_terminal(capsys, typed, two_entries):
    first, second = two_entries
    typed("n\n")
    code, out, _ = run(capsys, "delete", str(first))
    assert code == 0 and "Delete entry" in out and out.endswith("Nothing was deleted.\n")
    assert entry_ids() == [first, second]
    typed("yes\n")
    code, out, _ = run(capsys, "delete", str(first))
    assert code == 0 and out.endswith(f"Deleted entry {first}.\n")
    assert entry_ids() == [second]


def test_delete_without_a_terminal_needs_yes(capsys, no_terminal, two_entries):
    first, second = two_entries
    code, _, err = run(capsys, "delete", str(first))
    assert code == 1
    assert err.splitlines() == [
        "Error: refusing to delete without confirmation: there is no terminal to ask",
        f"Hint: Add --yes to confirm, e.g. `mend journal delete {first} --yes`.",
    ]
    assert entry_ids() == [first, second]
    assert run(capsys, "delete", str(first), "--yes")[0] == 0
    assert entry_ids() == [second]


def test_forget_needs_all_and_confirmation(capsys, no_terminal, typed, two_entries, mend_home):
    code, _, err = run(capsys, "forget")
    assert code == 1 and "Error: `forget` deletes every entry, so it needs --all" in err
    code, _, err = run(capsys, "forget", "--all")
    assert code == 1 and "Hint: Add --yes to confirm, e.g. `mend journal forget --all --yes`." in err
    assert len(entry_ids()) == 2
    typed("\n")
    assert run(capsys, "forget", "--all")[1].endswith("Nothing was deleted.\n")
    typed("y\n")
    code, out, _ = run(capsys, "forget", "--all")
    assert code == 0 and out.endswith("Forgot 2 entries; the journal file was scrubbed.\n")
    assert entry_ids() == []
    assert SECRET.encode() not in file_bytes(mend_home / "journal.sqlite3")


def test_protect_with_environment_passphrases(capsys, no_terminal, two_entries, monkeypatch, mend_home):
    monkeypatch.setenv("MEND_PASSPHRASE", "first secret")
    code, out, _ = run(capsys, "protect")
    assert code == 0 and out.startswith("The journal is now protected by a passphrase.")
    assert SECRET.encode() not in file_bytes(mend_home / "journal.sqlite3")
    monkeypatch.delenv("MEND_PASSPHRASE")
    code, _, err = run(capsys, "list")
    assert code == 1 and err.startswith("Error: the journal is protected by a passphrase\nHint: Give the journal passphrase")
    monkeypatch.setenv("MEND_PASSPHRASE", "first secret")
    code, _, err = run(capsys, "protect")
    assert code == 1 and "Error: no new passphrase given" in err and "MEND_NEW_PASSPHRASE" in err
    monkeypatch.setenv("MEND_NEW_PASSPHRASE", "second secret")
    code, out, _ = run(capsys, "protect")
    assert code == 0 and out.startswith("The passphrase was changed.")
    code, _, err = run(capsys, "list")
    assert code == 1 and "Error: wrong passphrase" in err
    monkeypatch.setenv("MEND_PASSPHRASE", "second secret")
    code, out, _ = run(capsys, "list")
    assert code == 0 and f"short {SECRET}" in out


def test_forget_works_without_the_passphrase(capsys, no_terminal, two_entries, monkeypatch):
    monkeypatch.setenv("MEND_PASSPHRASE", "soon forgotten")
    assert run(capsys, "protect")[0] == 0
    monkeypatch.delenv("MEND_PASSPHRASE")
    code, out, err = run(capsys, "forget", "--all", "--yes")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Forgot 2 entries; the journal file was scrubbed.",
        "The passphrase was removed with the entries; `mend journal protect` sets a new one.",
    ]
    assert run(capsys, "list") == (0, "The journal is empty.\n", "")


def test_protect_and_unlock_on_a_terminal(capsys, typed, two_entries):
    typed(passphrases=("one", "two"))
    code, _, err = run(capsys, "protect")
    assert code == 1 and "Error: the two passphrases differ" in err
    typed(passphrases=("tea kettle", "tea kettle"))
    assert run(capsys, "protect")[0] == 0
    left = typed(passphrases=("coffee pot", "tea kettle"))
    code, out, err = run(capsys, "list")
    assert code == 0 and f"short {SECRET}" in out
    assert "That passphrase did not match; try again." in err and left == []
    typed(passphrases=("a", "b", "c"))
    code, _, err = run(capsys, "show", "1")
    assert code == 1 and "Error: wrong passphrase" in err


def test_as_a_real_process_without_a_terminal(mend_home, two_entries):
    env = {**os.environ, "MEND_HOME": str(mend_home)}
    command = [sys.executable, "-m", "mend.assistant.cli.journal", "journal"]
    listed = subprocess.run([*command, "list"], cwd=REPO, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert listed.returncode == 0 and "\x1b[" not in listed.stdout and len(listed.stdout.splitlines()) == 3
    refused = subprocess.run([*command, "forget", "--all"], cwd=REPO, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.startswith("Error: refusing to delete without confirmation")
    assert len(entry_ids()) == 2
