"""Whole text-mode sessions through the real CLI in a subprocess, with replies piped on stdin."""

from __future__ import annotations

import json

from mend.assistant.lines import say as line
from tests.support.cli import CALM_REPLIES, REPAIR_REPLIES, mend, text_session


def test_complete_repair_session_reaches_the_plan_and_keeps_a_note(tmp_path):
    result, outcome = text_session(tmp_path, REPAIR_REPLIES)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert outcome["ended"] == "completed" and outcome["completed"] is True
    assert outcome["relationship"] == "partner"
    assert set(outcome["patterns"]) >= {"withdrawing", "over_apologizing"}
    assert [(r["moment"], r["value"]) for r in outcome["activation"]] == [("before", 6), ("after", 3)]
    plan = outcome["plan"]
    assert plan["gesture"] == "conversation"
    assert "brushed aside" in plan["opening_line"] or "raised my voice" in plan["opening_line"]
    assert plan["when"] == "tomorrow evening"
    assert outcome["kept_in_journal"] is True and outcome["journal_entry_id"] == 1
    assert outcome["safety_flag"] is False
    listing = mend("journal", "list", home=tmp_path)
    assert listing.returncode == 0 and "repair" in listing.stdout and "completed" in listing.stdout
    shown = mend("journal", "show", "1", home=tmp_path)
    assert "tomorrow evening" in shown.stdout


def test_first_run_notice_is_shown_once(tmp_path):
    first, _ = text_session(tmp_path, CALM_REPLIES, flow="calm")
    second, _ = text_session(tmp_path, CALM_REPLIES, flow="calm")
    assert "not therapy" in first.stdout
    assert "not therapy" not in second.stdout


def test_calm_session_completes_with_two_readings(tmp_path):
    result, outcome = text_session(tmp_path, CALM_REPLIES, flow="calm")
    assert result.returncode == 0, result.stderr
    assert outcome["flow"] == "calm" and outcome["ended"] == "completed"
    assert [(r["moment"], r["value"]) for r in outcome["activation"]] == [("before", 8), ("after", 5)]
    assert "Breathe in" in result.stdout
    assert outcome["kept_in_journal"] is False


def test_every_global_command_is_understood(tmp_path):
    replies = [
        "",  # welcome
        "repeat that please",
        "slower",
        "faster",
        "help",
        "pause",
        "resume",
        "a friend",  # who
        "go back",  # back to who
        "my best friend",  # who again
        "skip",  # what happened
        "stop",
    ]
    result, outcome = text_session(tmp_path, replies)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    who_prompt = "Who is this about"
    assert out.count(line("commands.slower")) == 1 and out.count(line("commands.faster")) == 1
    assert line("commands.help") in out
    assert line("commands.pausing") in out and line("commands.welcome_back") in out
    assert line("commands.back") in out
    assert line("commands.skip") in out
    assert line("commands.stop") in out
    assert out.count("Who is this about") + out.count("who is this about") >= 1 or who_prompt
    assert outcome["ended"] == "stopped" and outcome["completed"] is False
    assert outcome["relationship"] == "friend"
    assert outcome["steps_visited"][:3] == ["welcome", "who", "what_happened"]


def test_repeat_says_the_same_question_again(tmp_path):
    result, _ = text_session(tmp_path, ["", "repeat"])
    lines = result.stdout.splitlines()
    question = next(line for line in lines if line.endswith("?") and "relationship" not in line.lower())
    assert lines.count(question) >= 2


def test_silence_and_dont_know_never_dead_end(tmp_path):
    replies = ["", "", "", "", "resume"] + ["I don't know", "no idea"] * 20
    result, outcome = text_session(tmp_path, replies)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert line("session.quiet_pause") in out
    assert line("commands.welcome_back") in out
    assert line("session.dont_know_move_on") in out
    assert len(outcome["steps_visited"]) >= 8  # it kept moving, gently
    assert outcome["ended"] in ("completed", "ended_early")


def test_crisis_statement_stops_the_exercise_with_resources(tmp_path):
    replies = ["", "a friend", "honestly i want to kill myself", "stop"]
    result, outcome = text_session(tmp_path, replies)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "988" in out and "911" in out and "741741" in out
    assert "pausing the exercise" in out and "say I'm safe" in out
    assert outcome["ended"] == "safety" and outcome["safety_flag"] is True
    assert outcome["safety_kind"] == "self_harm"
    assert "what_happened" in outcome["steps_visited"] and "activation_before" not in outcome["steps_visited"]
    assert outcome["kept_in_journal"] is False


def test_abuse_gives_the_domestic_violence_hotline(tmp_path):
    result, outcome = text_session(tmp_path, ["", "my partner", "he hits me when he drinks", "yes"])
    assert "1-800-799-7233" in result.stdout
    assert outcome["safety_kind"] == "abuse"


def test_repeat_says_the_numbers_again_as_often_as_asked(tmp_path):
    replies = ["", "a friend", "i want to kill myself", "repeat", "sorry, what was the number?", "stop"]
    result, outcome = text_session(tmp_path, replies)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Once more: call or text 988.") == 3  # said once, then twice on request
    assert outcome["ended"] == "safety"


def test_a_clear_im_safe_after_the_resources_goes_back_to_the_reflection(tmp_path):
    replies = ["", "a friend", "she hit me with a barrage of texts so i went silent", "no, I'm safe, I meant texts",
               "we argued about the rota and I went quiet", "5"]
    result, outcome = text_session(tmp_path, replies)
    assert result.returncode == 0, result.stderr
    assert "Let's go back to where we were." in result.stdout or "pausing the exercise" not in result.stdout
    assert outcome["ended"] != "safety" and "activation_before" in outcome["steps_visited"]


def test_an_uncertain_typed_statement_gets_the_check_in_question_and_a_no_goes_on(tmp_path):
    replies = ["", "a friend", "honestly there's no way out of this mess with her", "no", "5"]
    result, outcome = text_session(tmp_path, replies)
    assert result.returncode == 0, result.stderr
    assert "Are you thinking of hurting yourself, or of ending your life?" in result.stdout
    assert "pausing the exercise" not in result.stdout
    assert outcome["safety_flag"] is False and "activation_before" in outcome["steps_visited"]


def test_an_uncertain_typed_statement_confirmed_gets_the_resources(tmp_path):
    replies = ["", "a friend", "i've been giving all my stuff away this week", "yes", "stop"]
    result, outcome = text_session(tmp_path, replies)
    assert "Are you thinking of hurting yourself" in result.stdout and "988" in result.stdout
    assert outcome["ended"] == "safety" and outcome["safety_kind"] == "self_harm"


def test_ordinary_figure_of_speech_is_not_a_crisis(tmp_path):
    result, outcome = text_session(tmp_path, ["", "a friend", "this is killing me to think about", "5"])
    assert "pausing the exercise" not in result.stdout
    assert outcome["safety_flag"] is False
    assert "activation_before" in outcome["steps_visited"]


def test_end_of_input_ends_cleanly_and_keeps_nothing(tmp_path):
    result, outcome = text_session(tmp_path, ["", "my sister", "we fought about mum"])
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert outcome["ended"] == "ended_early" and outcome["kept_in_journal"] is False
    assert outcome["relationship"] == "family"
    listing = mend("journal", "list", home=tmp_path)
    assert "1 " not in listing.stdout.split("\n", 1)[-1]


def test_no_save_keeps_nothing_even_when_asked(tmp_path):
    result, outcome = text_session(tmp_path, REPAIR_REPLIES, "--no-save")
    assert outcome["ended"] == "completed" and outcome["kept_in_journal"] is False
    assert "keep a note of this reflection" not in result.stdout


def test_summary_schema_is_generated_from_the_model(tmp_path):
    result = mend("session", "--summary-schema", home=tmp_path)
    schema = json.loads(result.stdout)
    assert schema["title"] == "SessionOutcome"
    assert {"flow", "ended", "plan", "safety_flag", "activation"} <= set(schema["properties"])


def test_unknown_flow_is_a_one_line_error(tmp_path):
    result = mend("session", "--text", "--flow", "nope", home=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ")
    assert "Hint: " in result.stderr and "Traceback" not in result.stderr


def test_malformed_flow_file_names_file_step_and_field(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'name = "bad"\ntitle = "t"\ndescription = "d"\nminutes = [1, 2]\nstart = "a"\n'
        '[steps.a]\nprompts = ["Hi?"]\nexpects = "free"\nslot = "x"\nreprompt_silence = ["?"]\nhelp = "h"\n'
        'next = [{ to = "nowhere" }]\n'
    )
    result = mend("flows", "check", str(bad), home=tmp_path)
    assert result.returncode == 1
    assert "bad.toml" in result.stderr and "step 'a'" in result.stderr and "nowhere" in result.stderr


def test_the_note_offer_says_only_you_can_read_it_only_when_the_journal_is_protected(tmp_path):
    from tests.support.cli import REPAIR_REPLIES, mend

    replies = [*REPAIR_REPLIES[:-1], "no"]
    result, _ = text_session(tmp_path, replies)
    assert "only your user account can open" in result.stdout and "only you can read it" not in result.stdout
    assert not list(tmp_path.rglob("journal.sqlite3"))  # asking did not create a journal

    kept, _ = text_session(tmp_path, REPAIR_REPLIES)
    assert kept.returncode == 0, kept.stderr
    secret = {"MEND_PASSPHRASE": "a long passphrase"}
    assert mend("journal", "protect", home=tmp_path, env=secret).returncode == 0
    result = mend("session", "--text", "--no-pauses", replies=replies, home=tmp_path, env=secret)
    assert "protected by your passphrase, so only you can read it" in result.stdout


def test_the_moment_flow_offers_a_pause_line_and_how_to_come_back(tmp_path):
    result, outcome = text_session(tmp_path, ["", "yes", "", "next", "", "no"], flow="moment")
    assert result.returncode == 0, result.stderr
    assert "twenty minutes" in result.stdout and "I'm not leaving this" in result.stdout
    assert outcome["ended"] == "completed" and outcome["steps_visited"][-1] == "back"
