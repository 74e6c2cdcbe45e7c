"""The repair flow's care routes, typed through the real CLI: not safe, no contact, the one who was hurt, still
flooded, and drafts that are never built from a non-answer."""

from __future__ import annotations

from tests.support.cli import text_session

CALMING = ["about a six", "I went quiet", "", "next", ""]  # activation before .. body


def _session(tmp_path, who, happened, after, rest):
    replies = ["", who, happened, *CALMING, after, *rest]
    result, outcome = text_session(tmp_path, replies, "--no-save")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout, outcome


def test_not_safe_stops_the_planning_and_gives_abuse_support(tmp_path):
    out, outcome = _session(tmp_path, "my partner", "we had a fight about money", "4", ["no", ""])
    assert "do you feel safe with your partner?" in out.lower() or "do you feel safe around them?" in out.lower()
    assert "1-800-799-7233" in out and "START to 88788" in out and "thehotline.org" in out and "911" in out
    assert "safe to go" in out or "where you'd go" in out
    assert "possible start" not in out and "You might start" not in out and "first words" not in out
    assert outcome["care_route"] == "not_safe"
    assert set(outcome["plan"].values()) == {None}
    assert not {"impact", "own_part", "gesture", "opening_line", "when"} & set(outcome["steps_visited"])


def test_no_contact_means_repair_without_reaching_out(tmp_path):
    out, outcome = _session(tmp_path, "my ex", "she asked me not to contact her after I shouted", "3",
                            ["yes", "yes", "I am sorry I shouted", "notice sooner when I get loud", ""])
    assert "letter you'll never send" in out or "letter only you will read" in out
    assert "possible start" not in out and "You might start" not in out
    assert "small act of care" not in out and "reach out" not in out.split("asked you for space")[-1]
    assert outcome["care_route"] == "no_contact"
    assert outcome["plan"]["opening_line"] is None and outcome["plan"]["when"] is None
    assert not {"gesture", "opening_line", "when"} & set(outcome["steps_visited"])


def test_the_one_who_was_hurt_is_not_asked_to_own_a_part(tmp_path):
    out, outcome = _session(tmp_path, "my boyfriend", "he yelled at me and called me stupid", "3",
                            ["yes", "no", "small and scared", "I need him to speak to me calmly", "raise it", "yes",
                             "tomorrow evening", ""])
    assert "don't need to own a part or apologise" in out
    assert "feels like yours to own" not in out and "what was your part" not in out.lower()
    assert "I felt small and scared when that happened. I need you to speak to me calmly." in out
    assert outcome["care_route"] == "hurt"
    assert "own_part" not in outcome["steps_visited"] and "impact" not in outcome["steps_visited"]
    assert outcome["plan"]["opening_line"].startswith("I felt small and scared")
    assert "I'm sorry" not in outcome["plan"]["opening_line"]


def test_own_part_nothing_turns_to_what_they_felt_and_needed(tmp_path):
    out, outcome = _session(tmp_path, "a friend", "we had a falling out at the party", "3",
                            ["yes", "no", "a bit flat", "she was probably fine", "nothing, I didn't do anything", "ignored",
                             "an apology", "keep it for myself", ""])
    assert "hurt_felt" in outcome["steps_visited"]
    assert "I realise I was nothing" not in out and "The part you're owning" not in out
    assert "opening_line" not in outcome["steps_visited"]


def test_a_draft_is_never_built_from_nothing_or_i_dont_know(tmp_path):
    out, outcome = _session(tmp_path, "my partner", "we argued about the dishes", "3",
                            ["yes", "no", "shaky, I need a rest", "I don't know", "not sure", "I don't know", "no idea", "what she needed", "a conversation",
                             "yes", "tomorrow", ""])
    draft = outcome["plan"]["opening_line"]
    assert draft and "nothing" not in draft.lower() and "know" not in draft.lower()
    assert "I realise" not in draft and "can be repaired" not in out
    assert "The part you're owning" not in out


def test_still_flooded_gets_a_break_and_tonight_gets_a_question_about_waiting(tmp_path):
    out, outcome = _session(tmp_path, "my partner", "we argued about the dishes and I said something sharp", "9",
                            ["", "9", "no", "", "yes", "no", "raw", "she felt brushed aside", "I raised my voice",
                             "what was going on for her", "a conversation", "yes", "no", "tonight", "no", "tomorrow",
                             ""])
    assert "short break before planning" in out
    assert "Do you still want to do it tonight" in out or "keep that timing, even feeling this stirred up" in out
    assert "How about tomorrow" in out or "Would tomorrow work" in out
    assert outcome["plan"]["when"] == "tomorrow"
    assert outcome["plan"]["opening_line"].startswith("Thinking about") or "I'm sorry I raised my voice" in \
        outcome["plan"]["opening_line"]


def test_the_not_safe_route_names_help_from_the_persons_own_resources(tmp_path):
    """A flow never hard-codes one country's numbers: with a UK resources file the not-safe ending names it."""
    from pathlib import Path

    from tests.support.cli import mend

    config = Path(mend("config", "path", home=tmp_path).stdout.strip())
    config.parent.mkdir(parents=True, exist_ok=True)
    (config.parent / "resources.toml").write_text(
        'region = "UK"\n[[lines]]\nname = "Refuge"\ncontact = "call 0808 2000 247"\nconcerns = ["abuse"]\n'
        '[[lines]]\nname = "Emergency services"\ncontact = "call 999"\nurgent = true\n', encoding="utf-8")
    out, outcome = _session(tmp_path, "my partner", "we had a fight about money", "4", ["no", ""])
    assert "call 0808 2000 247, the Refuge" in out and "call 999" in out
    assert "1-800-799-7233" not in out and "911" not in out
    assert outcome["care_route"] == "not_safe"
