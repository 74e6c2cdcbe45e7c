"""Benchmark 6g: natural phrasings by voice, through the same path as 6a/6b.

The messy phrasings mend understands when typed (a default response said as what was done, a command inside a
sentence or asked as a question, a self-correction, who it was with in the person's own words) are drawn from
two places, each paired with the flow step it answers:

- the simulated people (`data/simulated_people.toml`): each person's replies are put through a text session of the
  repair flow in this process, and every reply the session reads as the answer to a step is kept with that step;
  the "tuning" people are what the understanding was tuned on, the "held_out" people never were;
- the phrase tables of the understanding tests (`tests/test_understanding_actions.py`), group "tables" (tuned on).

A fixed, seeded sample of them is spoken by espeak-ng (quick: one voice, one rate, clean; full: every condition of
6a), heard by VoiceListener with the request a session makes for that step (the step's grammar, or the full model
for an open answer) and read by `read_reply(step, heard)`. Correct = the same reading as the words typed: the
same answer value, command, set of default responses and own words for the other person.
"""

from __future__ import annotations

import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import Figure  # noqa: E402

KINDS = {"reaction": "paraphrased reaction", "command": "command in a sentence", "correction": "self-correction",
         "relationship": "relationship / own words"}
GROUPS = ("tuning", "held_out", "tables")
TABLES = [  # (kind, step, phrase) from the understanding tests' own tables
    ("reaction", "first_reaction", "locked myself in the bathroom till she went to bed"),
    ("reaction", "first_reaction", "fired off an email justifying every decision"),
    ("reaction", "first_reaction", "muted the group chat"),
    ("reaction", "first_reaction", "kept apologising even after she said it was fine"),
    ("command", "what_happened", "hang on, could you say that again?"),
    ("command", "activation_before", "er, back one"),
    ("command", "what_happened", "sorry, what do I say here?"),
    ("command", "gesture", "can we skip this one?"),
    ("correction", "gesture", "the second one, no wait, the first"),
    ("correction", "activation_before", "about a six, no, a seven"),
    ("correction", "who", "a friend, actually my sister"),
    ("correction", "safe_check", "no, wait, yes"),
    ("relationship", "who", "my dad"),
    ("relationship", "who", "um it's my older brother"),
    ("relationship", "who", "my manager"),
    ("relationship", "who", "someone I've been dating for a few weeks"),
]
PER_KIND = 6  # drawn from each group of people for each kind
SEED = 6


def meaning(step, reading) -> tuple:
    """What has to come out the same, typed and spoken: the command, or the answer value, the default responses
    and the person's own words (an open answer's value is its words, which a recognizer never gives back exactly)."""
    from mend.flows import AnswerKind

    if reading.kind == "command":
        return ("command", reading.command)
    if reading.kind != "answer":
        return (reading.kind,)
    value = None if step.expects == AnswerKind.FREE else reading.value
    return ("answer", value, tuple(sorted(reading.extracted.get("patterns", []))),
            reading.extracted.get("relationship_words"), reading.ask is not None)


def kind_of(step, text: str, reading) -> str | None:
    """Which natural phrasing a typed reply is, or None for a plain answer (or one not understood)."""
    from mend.assistant.understanding.people import corrected
    from mend.assistant.understanding.vocabulary import COMMAND_WORDS
    from mend.assistant.understanding.matching import normalize

    if reading.kind == "command":
        return None if normalize(text) in COMMAND_WORDS else "command"
    if reading.kind != "answer":
        return None
    if corrected(text) != text and understood(step, _before_correction(text)) and understood(step, text):
        return "correction"
    if step.understand == "patterns" and reading.extracted.get("patterns"):
        return "reaction"
    if step.slot == "relationship" and (reading.value is not None or reading.ask is not None):
        return "relationship"
    return None


def understood(step, text: str) -> bool:
    """Whether typed words answer the step with something: a value, a default response or own words."""
    from mend.assistant.understanding.reading import read_reply
    from mend.audio.turns import Heard

    reading = read_reply(step, Heard(text=text))
    return reading.kind == "answer" and any(part not in (None, (), False) for part in meaning(step, reading)[1:])


def _before_correction(text: str) -> str:
    from mend.assistant.understanding.matching import normalize
    from mend.assistant.understanding.people import corrected

    said, last = normalize(text), corrected(text)
    head = said[:said.rfind(last)].strip() if last in said else ""
    return re.sub(r"[\s,.]*\b(?:wait|actually|sorry|i mean|or)$", "", head)  # "no, wait" -> "no"


def step_replies(person: dict, flow) -> list[tuple[object, str]]:
    """(step, reply) for every reply a text session of the repair flow reads as the answer to a step (side
    questions, the either/or ones and the note offer, are left out: their request is not the step's)."""
    from mend.assistant.config import Settings
    from mend.assistant.session.loop import Session
    from mend.audio.turns import EndOfInput, Heard
    from tests.support.fakes import RecordingSpeaker

    settings = Settings()
    settings.session.pauses = False
    pairs: list[tuple[object, str]] = []
    replies = list(person["replies"])

    class Typed:
        def listen(self, request):
            if not replies:
                raise EndOfInput()
            text = replies.pop(0)
            step = session.runner.step
            if step is not None and text and request == session.request_for(step, optional=request.optional):
                pairs.append((step, text))
            return Heard(text=text, silent=not text)

    session = Session(flow, Typed(), RecordingSpeaker(), settings, save="never", voice=False)
    session.run()
    return pairs


def items(quick: bool = True) -> list[dict]:
    """The fixed sample: for each group of people and each kind, PER_KIND phrasings drawn with a fixed seed (one
    of each distinct phrase), and the tables' phrasings; each with its step, kind, group and typed meaning."""
    from benchmarks.simulated_people import load
    from mend.assistant.understanding.reading import read_reply
    from mend.audio.turns import Heard
    from mend.flows import builtin_flow

    flow = builtin_flow("repair")
    pools: dict[tuple[str, str], dict[str, dict]] = defaultdict(dict)
    sources = [(person["group"], None, step, text) for person in load() for step, text in step_replies(person, flow)]
    sources += [("tables", kind, flow.steps[step_id], text) for kind, step_id, text in TABLES]
    for group, given, step, text in sources:
        reading = read_reply(step, Heard(text=text))
        kind = given or kind_of(step, text, reading)
        if kind is not None:
            pools[(group, kind)].setdefault(text.lower(), {
                "group": group, "kind": kind, "step": step, "text": text, "typed": meaning(step, reading)})
    rng = random.Random(SEED)
    chosen = []
    for (group, kind), pool in sorted(pools.items()):
        entries = [pool[key] for key in sorted(pool)]
        chosen += entries if group == "tables" else rng.sample(entries, min(PER_KIND, len(entries)))
    return chosen


QUICK = [("en-us", 140, None)]  # one voice, one rate, clean


def run(quick: bool) -> list[Figure]:
    from benchmarks.common import model_path
    from benchmarks.understanding import _conditions
    from mend.audio.recognizer import Recognizer, load_model

    recognizer = Recognizer(load_model(model_path()))
    recognizer.warm_up()
    started = time.monotonic()
    sample = items(quick)
    conditions = QUICK if quick else _conditions(False)
    results = spoken(recognizer, sample, conditions)
    report(results, started)
    return figures(results, len(sample), len(conditions))


def spoken(recognizer, sample: list[dict], conditions) -> list[dict]:
    """Each phrase of the sample in each condition, heard with the request a session makes for its step and read
    by `read_heard` (the session's reading: the grammar's, and the full model's where it is in doubt): the item with the spoken meaning, what was heard and whether it is the typed one."""
    from benchmarks.understanding import _speak
    from mend.assistant.config import Settings
    from mend.assistant.safety.rules import safety_phrases
    from mend.assistant.session.listening import step_request
    from mend.assistant.understanding.reading import read_reply
    from mend.assistant.understanding.second_hearing import read_heard
    from mend.audio.listener import VoiceListener
    from tests.support.speech import BytesSource

    listening = Settings().listening
    results = []
    for voice, rate, snr in conditions:
        for index, item in enumerate(sample):
            step = item["step"]
            listener = VoiceListener(BytesSource(_speak(item["text"], voice, rate, snr, index)), recognizer,
                                     spotting=safety_phrases())
            heard = listener.listen(step_request(listening, step))
            alone = meaning(step, read_reply(step, heard))  # the grammar's (or full model's) first hearing only
            reading = read_heard(step, heard)
            said = meaning(step, reading)
            results.append({**item, "spoken": said, "said_back": reading.guessed, "right_alone": alone == item["typed"], "heard": heard.text + (f" | {heard.open_text}" if heard.open_text else ""), "right": said == item["typed"],
                            "condition": f"{voice}/{rate}/{'clean' if snr is None else f'{snr:.0f}dB'}"})
    return results


def tally(results: list[dict], key: str) -> dict[str, tuple[int, int]]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for result in results:
        counts[result[key]][0] += result["right"]
        counts[result[key]][1] += 1
    return {name: (right, total) for name, (right, total) in counts.items()}


def report(results: list[dict], started: float) -> None:
    """The confusions behind the figures, on stderr."""
    print(f"natural phrasings: {len(results)} utterances in {time.monotonic() - started:.0f} s", file=sys.stderr)
    confusions = Counter(f"[{r['group']}/{r['kind']}] {r['step'].id}: '{r['text']}' typed {r['typed']}, spoken "
                         f"{r['spoken']} ('{r['heard']}')" for r in results if not r["right"])
    for line, count in confusions.most_common():
        print(f"  {count}x {line}", file=sys.stderr)


def shown(counts: dict[str, tuple[int, int]], names) -> str:
    return ", ".join(f"{name} {counts[name][0]}/{counts[name][1]}" for name in names if name in counts)


def figures(results: list[dict], phrases: int, conditions: int) -> list[Figure]:
    right = sum(r["right"] for r in results)
    by_kind, by_group = tally(results, "kind"), tally(results, "group")
    held = by_group.get("held_out", (0, 0))
    rate = 100.0 * right / len(results) if results else None
    held_rate = 100.0 * held[0] / held[1] if held[1] else None
    without = [{**r, "right": r["right_alone"]} for r in results]
    alone = sum(r["right"] for r in without)
    alone_rate = 100.0 * alone / len(results) if results else None
    said_back = sum(r["said_back"] and r["right"] for r in results)
    worst = "; ".join(f"'{r['text']}' heard '{r['heard']}'" for r in results if not r["right"])
    return [
        Figure("6g", "natural phrasings: same reading by voice as typed", rate, "%", "", None,
               f"{right}/{len(results)} ({phrases} phrases x {conditions} conditions); by kind: "
               f"{shown(by_kind, KINDS)}; by group: {shown(by_group, GROUPS)} (tuning and tables tuned on, held_out "
               f"never); missed: {worst[:400]}"),
        Figure("6g.1", "natural phrasings of held-out people, same reading by voice", held_rate, "%", "", None,
               f"{held[0]}/{held[1]}; by kind: {shown(tally([r for r in results if r['group'] == 'held_out'], 'kind'), KINDS)}"),
        Figure("6g.2", "the same, without the second hearing (the first hearing's reading alone)", alone_rate, "%", "",
               None, f"{alone}/{len(results)}; by kind: {shown(tally(without, 'kind'), KINDS)}; held-out people: "
               f"{shown(tally([r for r in without if r['group'] == 'held_out'], 'kind'), KINDS)}; answers the "
               f"second hearing gave that are said back first: {said_back}"),
    ]


if __name__ == "__main__":
    from benchmarks.common import main_for

    main_for(run)
