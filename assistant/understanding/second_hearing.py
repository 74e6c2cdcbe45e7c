"""A reply to a closed question, read a second time from the full model's hearing of it.

A closed question (yes or no, a rating, a choice, who it was with) is heard through a grammar that holds its
answers and the bare commands, because that hears "seven" or "my sister" far better than the full model does. But
people answer in their own words: "er, back one", "can we skip this one?", "a friend, actually my sister", "my
oldest friend". The grammar can only force such a reply onto its own phrases ("a one", "can we skip slower", "a
friend my sister", "my own best friend") or make nothing of it.

So the full model's hearing is read too: a long reply is heard by it as it comes (`Heard.open_text`); a short
one only when the grammar's reading is in doubt (nothing understood, or an answer that would be said back
first), by calling `Heard.hear_openly`. Its reading is taken over the grammar's when it is something the grammar
cannot say:

- a command in a sentence ("could you say that one more time?") where the grammar heard no command (never
  "stop": ending the session is left to what the grammar itself heard);
- an answer where the grammar understood none (said back first, as a guessed answer is);
- a self-correction ("no wait", "actually") that ends on another answer (said back first);
- the same person in fuller words ("your oldest friend" for "your best friend").

Everything else stays with the grammar, whose confirmation rules still apply (`reading.needs_confirming`). The
full model's hearing goes through the safety rules first, whatever the grammar heard.

At an open step the full model is the only hearing, and a short spoken command it heard a little wrong ("killed
you slow down a bit please" for "could you slow down a bit please") is read allowing for such slips
(`commands.heard_command`); typed text is read as written.
"""

from __future__ import annotations

from mend.assistant.understanding.commands import heard_command
from mend.assistant.understanding.people import corrected
from mend.assistant.understanding.reading import (
    CLOSED_KINDS, Heard, Reading, answer_confidence, read_reply, safety_reading,
)
from mend.flows import Step

# steps whose answer is words the person means to say to someone: a command there is a quotation ("maybe you stop")
QUOTED = frozenset({"opening_line", "their_first_words", "listening_reply", "rehearsal"})
_FLAGS = ("no_contact", "hurt_by_them")  # never lost because the grammar's words were fewer ("my ex" heard "my")
DOUBT = 0.6  # an answer the grammar gave with less confidence than this is heard again (the confirm threshold)
_FINAL = ("silence", "crisis", "check_in")  # readings a second hearing never replaces


class _Typed:
    """The full model's words, read like a typed reply: no grammar, no other readings."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.confidence = 1.0
        self.silent = False
        self.words: list = []
        self.command_during_speech = None
        self.alternatives: list = []
        self.next_best: list = []
        self.next_best_shares: list = []
        self.unknown_words = 0
        self.open_text = ""


def read_heard(step: Step, heard: Heard, *, check_in: bool = True) -> Reading:
    """`read_reply`, with the full model's hearing as a second reading of a reply to a closed question."""
    reading = read_reply(step, heard, check_in=check_in)
    if reading.kind in _FINAL:
        return reading
    if step.expects not in CLOSED_KINDS:  # the full model heard it already; allow for its usual slips in commands
        quoted = step.slot in QUOTED or step.understand == "listening_reply" or step.play_back
        command = heard_command(heard.text) if reading.kind == "answer" and heard.words and not quoted else None
        return Reading("command", command=command) if command else reading
    open_text = (heard.open_text or "").strip()
    if not open_text and _in_doubt(step, heard, reading):
        open_text = hear_again(heard)
        if open_text:
            safety = safety_reading(heard, check_in=check_in)  # now with the full model's words in it
            if safety is not None:
                return safety
    elif not open_text and hasattr(getattr(heard, "hear_openly", None), "drop"):
        heard.hear_openly.drop()  # a sure answer: its speech is not kept for a second hearing
    if not open_text or open_text == (heard.text or "").strip():
        return reading
    return _better_of(step, reading, read_reply(step, _Typed(open_text), check_in=False), open_text)


def _in_doubt(step: Step, heard: Heard, reading: Reading) -> bool:
    if reading.kind in ("unclear", "dont_know"):
        return True
    if reading.value == "self" and step.slot == "relationship":
        return True  # it takes the whole session down the path for oneself: "my older brother" heard as "myself"
    return reading.kind == "answer" and (reading.guessed or answer_confidence(step, heard, reading.value) < DOUBT)


def hear_again(heard: Heard) -> str:
    """The full model's words for the reply ("" when there is nothing to hear again), kept on `heard` so the
    safety rules and the confirmation rules read them too."""
    later = getattr(heard, "hear_openly", None)
    if later is None:
        return ""
    text = later().strip()
    if text:
        try:
            heard.open_text = text  # type: ignore[misc]  (the listener's Heard is a plain dataclass)
        except AttributeError:
            return ""
    return text


def _better_of(step: Step, grammar: Reading, other: Reading, open_text: str) -> Reading:
    if other.kind == "command" and grammar.kind != "command" and other.command != "stop":
        return other  # (ending the session is left to what the grammar itself heard)
    if other.kind == "answer":  # what the fuller words tell about contact, whichever reading stands
        grammar.extracted.update({key: True for key in _FLAGS if other.extracted.get(key)})
    if grammar.kind == "command" or other.kind != "answer" or (other.value is None and other.ask is None):
        return grammar
    if grammar.kind != "answer" or (corrected(open_text) != open_text and other.value != grammar.value):
        other.guessed = other.ask is None  # said back before it is kept, unless its own question settles it
        return other
    fuller = other.extracted.get("relationship_words")
    if other.value == grammar.value and fuller and fuller != grammar.extracted.get("relationship_words"):
        if len(str(fuller).split()) > len(str(grammar.extracted.get("relationship_words") or "").split()):
            grammar.extracted["relationship_words"] = fuller
            if other.ask is not None:
                grammar.ask = other.ask
    return grammar
