"""The person in the person's own words, plurals included: "my parents" is "your parents", and a verb beside them
agrees ("Have your parents asked you for space?", never "Has your parents"); "yourself" never becomes "they"."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from mend.assistant.session.clarify import use_own_words
from mend.assistant.understanding.people import is_plural
from mend.assistant.understanding.reading import read_reply
from mend.audio.turns import Heard
from mend.flows import FlowRunner, builtin_flow, builtin_flow_names
from mend.flows.render import PLURAL_VERBS, placeholders
from tests.support.cli import text_session
from tests.support.flows import realistic_slots

PEOPLE = [  # what the person says, how mend says it, whether it names more than one
    ("my dad", "your dad", False), ("my manager", "your manager", False), ("my parents", "your parents", True),
    ("my kids", "your kids", True), ("my in-laws", "your in-laws", True), ("my friends", "your friends", True),
    ("my mum and dad", "your mum and dad", True), ("my mom and my sister", "your mom and your sister", True),
    ("my two brothers", "your two brothers", True), ("my children", "your children", True),
    ("my folks", "your folks", True), ("my parents in law", "your parents-in-law", True),
    ("my mother-in-law", "your mother-in-law", False), ("my boss", "your boss", False),
    ("my flatmates", "your flatmates", True), ("my colleagues", "your colleagues", True),
    ("my team", "your team", False), ("my older sister", "your older sister", False),
    ("my grandparents", "your grandparents", True), ("my best friends", "your best friends", True),
    ("myself", "yourself", False), ("my girlfriend", "your girlfriend", False),
]
SINGULAR = {plural: singular for singular, plural in PLURAL_VERBS.items()}
VERBS = "|".join(sorted({*PLURAL_VERBS, *PLURAL_VERBS.values()}, key=len, reverse=True))


def _said_for(text: str) -> tuple[FlowRunner, str]:
    """A runner as a session leaves it after the "who" answer, with every other slot filled realistically."""
    flow = builtin_flow("repair")
    reading = read_reply(flow.steps["who"], Heard(text))
    runner = FlowRunner(flow)
    runner.slots.update(realistic_slots(relationship=reading.value))
    use_own_words(SimpleNamespace(runner=runner), reading.value, reading.extracted["relationship_words"])
    return runner, reading.extracted["relationship_words"]


@pytest.mark.parametrize(("text", "words", "plural"), PEOPLE)
def test_the_person_is_said_in_their_own_words_and_number(text, words, plural):
    reading = read_reply(builtin_flow("repair").steps["who"], Heard(text))
    assert reading.extracted["relationship_words"] == words
    assert is_plural(words) is plural


@pytest.mark.parametrize(("text", "words", "plural"), PEOPLE)
def test_every_line_about_the_person_agrees_with_them(text, words, plural):
    runner, said = _said_for(text)
    beside = re.compile(rf"\b({VERBS}) {re.escape(said)}\b|\b{re.escape(said)} ({VERBS})\b", re.IGNORECASE)
    lines_with_them = 0
    for step in runner.flow.steps.values():
        texts = [*step.prompts, *step.reprompt_silence, *step.reprompt_unclear, *step.dont_know, step.help]
        texts += [line for lead in step.leads for line in lead.text]
        for template in texts:
            line = runner.fill_lines([template])
            if not line or said not in line[0]:
                continue
            lines_with_them += 1
            for match in beside.finditer(line[0]):
                verb = (match.group(1) or match.group(2)).lower()
                assert (verb in PLURAL_VERBS.values()) is plural, (step.id, line[0])
            if said == "yourself" and "{relationship}" in template:
                assert not re.search(r"\b(they|them|their|both of you)\b", line[0], re.IGNORECASE), line[0]
    assert lines_with_them or said == "yourself"


@pytest.mark.parametrize("name", builtin_flow_names())
def test_a_verb_beside_the_person_is_written_singular_so_it_can_agree(name):
    """Templates name the verb in its singular form ("Has {relationship}"); the renderer makes it plural when the
    person's words are. A plural written into a template ("Have {relationship}") could not be made singular."""
    flow = builtin_flow(name)
    for step in flow.steps.values():
        texts = [*step.prompts, *step.reprompt_silence, *step.reprompt_unclear, *step.dont_know, step.help]
        for template in texts + [line for lead in step.leads for line in lead.text]:
            for slot in set(placeholders(template)):
                near = re.findall(rf"\b([A-Za-z']+) \{{{slot}\}}|\{{{slot}\}} ([A-Za-z']+)", template)
                for before, after in near:
                    verb = (before or after).lower()
                    assert verb not in SINGULAR, (step.id, template)


def test_a_session_about_parents_says_have_your_parents(tmp_path):
    replies = ["", "my parents", "we argued about money at dinner", "about a six", "I went quiet", "", "next", "",
               "3", "yes", "no", "tired", "they felt shut out", "I snapped at them", "what they were worried about",
               "a conversation", "yes", "no thanks", "tomorrow evening", "", "no"]
    seen_space_question = False
    for seed in ("1", "2", "3"):
        result, outcome = text_session(tmp_path / seed, replies, "--seed", seed)
        out = result.stdout
        assert result.returncode == 0, result.stderr
        assert outcome["ended"] == "completed" and outcome["relationship"] == "family"
        assert "your parents" in out and "with someone in your family" not in out
        assert not re.search(r"\b(has|is|was|does) your parents\b|\byour parents (has|is|was|does)\b", out, re.I)
        seen_space_question |= "Have your parents asked you for space" in out
    assert seen_space_question or "Have they asked you for space" in out
