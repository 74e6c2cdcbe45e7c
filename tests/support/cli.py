"""Run the real `mend` command in a subprocess, the way a person or a script would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def mend(*args: str, replies: list[str] | None = None, home: Path | None = None, timeout: float = 120,
         env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m mend.assistant.cli ARGS` with replies piped one per line; MEND_HOME isolates its files."""
    full_env = dict(os.environ)
    if home is not None:
        full_env["MEND_HOME"] = str(home)
    full_env.update(env or {})
    stdin = "".join(line + "\n" for line in replies) if replies is not None else ""
    return subprocess.run(
        [sys.executable, "-m", "mend.assistant.cli", *args],
        input=stdin, capture_output=True, text=True, timeout=timeout, cwd=REPO, env=full_env,
    )


def text_session(home: Path, replies: list[str], *extra: str, flow: str = "repair") -> tuple[subprocess.CompletedProcess, dict]:
    summary = home / "summary.json"
    result = mend("session", "--text", "--no-pauses", "--flow", flow, "--summary-json", str(summary), *extra,
                  replies=replies, home=home)
    outcome = json.loads(summary.read_text()) if summary.exists() else {}
    return result, outcome


# Replies that walk the whole repair flow, one per question, in order.
REPAIR_REPLIES = [
    "",  # welcome: a statement, any reply (or none) goes on
    "my girlfriend",  # who
    "we argued about the dishes and I said something sharp",  # what happened
    "about a six",  # activation before
    "I went quiet and then kept saying sorry",  # first reaction
    "",  # reflection on the default response
    "next",  # breathing
    "",  # noticing the body
    "3",  # activation after
    "yes",  # feels safe with them
    "no",  # they have not asked for space
    "tired, and I need some quiet",  # own feelings and needs
    "she felt brushed aside",  # impact
    "I raised my voice",  # own part
    "what was going on for her that evening",  # curiosity
    "a conversation",  # gesture
    "yes",  # keep the drafted opening line
    "no thanks",  # practise saying it once?
    "tomorrow evening",  # when
    "",  # closing summary
    "yes",  # keep a note
]

CALM_REPLIES = ["", "eight", "", "", "five", "", "no"]
