"""Every text a flow author writes for a step (prompts, re-prompts, "don't know" replies, help) is said with its
placeholders filled, the same way, so mend never speaks a `{slot}` as written."""

from __future__ import annotations

from mend.assistant.config import Settings
from mend.assistant.lines import say as line
from mend.assistant.session.loop import Session
from mend.flows import load_flow
from tests.support.cli import text_session
from tests.support.fakes import RecordingSpeaker, ScriptedListener
from tests.support.flows import write_flow

FLOW = """\
name = "fills"
title = "Fills"
description = "Placeholders in every kind of step text."
minutes = [1, 2]
start = "who"

[labels.relationship]
partner = "your partner"

[steps.who]
expects = "choice"
slot = "relationship"
options = [{ id = "partner", label = "partner" }, { id = "friend", label = "friend" }]
prompts = ["Who was it with: partner or friend?"]
reprompt_silence = ["Partner or friend?"]
reprompt_unclear = ["Just partner or friend."]
help = "Say partner or friend."
next = [{ to = "rate" }]

[steps.rate]
expects = "number"
slot = "level"
prompts = ["How stirred up are you, zero to ten?"]
reprompt_silence = ["Silence: take your time with {relationship}."]
reprompt_unclear = ["Unclear: a number for {relationship}, please."]
dont_know = ["Not knowing: guess how {relationship} feels."]
help = "Help: a number about {relationship}."
"""


def test_reprompts_dont_know_and_help_are_filled_in_a_real_text_session(tmp_path):
    flow = write_flow(tmp_path, FLOW, "fills.toml")
    replies = ["partner", "", "banana", "I don't know", "help", "5"]
    result, outcome = text_session(tmp_path, replies, "--no-save", flow=str(flow))
    assert result.returncode == 0, result.stderr
    for line in ("Silence: take your time with your partner.", "Unclear: a number for your partner, please.",
                 "Not knowing: guess how your partner feels.", "Help: a number about your partner."):
        assert line in result.stdout
    assert "{" not in result.stdout and "}" not in result.stdout
    assert outcome["relationship"] == "partner"


def test_a_text_whose_slot_is_still_empty_is_never_said_as_written(tmp_path):
    """Skipping the question that fills {relationship} leaves nothing to fill it with: mend asks again instead."""
    flow = load_flow(write_flow(tmp_path, FLOW, "fills.toml"))
    settings = Settings()
    settings.session.pauses = False
    speaker = RecordingSpeaker()
    session = Session(flow, ScriptedListener(["skip", "", "banana", "I don't know", "help", "5"]), speaker, settings,
                      save="never")
    outcome = session.run()
    assert outcome.ended == "completed" and outcome.relationship is None
    assert not any("{" in line or "}" in line for line in speaker.said)
    assert speaker.said.count("How stirred up are you, zero to ten?") == 5  # asked, then again for each of four
    assert line("commands.help") in speaker.said
