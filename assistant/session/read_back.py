"""Reading back a spoken answer mend is about to build a line from, when the recognizer was unsure of its words.

"I heard: 'call her on sunday'. Is that right?" A yes keeps the answer; a no, anything else or silence means it
was misheard, and the step asks again (`Session._run_step` treats it as not understood). Voice mode only: a
typed answer is what the person wrote. The decision is `understanding.heard_back.read_back_phrase`.
"""

from __future__ import annotations

from mend.assistant.lines import say as line
from mend.assistant.session.conversation import Conversation
from mend.assistant.understanding.heard_back import SAY_AGAIN, read_back_phrase
from mend.assistant.understanding.reading import Heard, Reading
from mend.flows import Step


def heard_right(session: Conversation, step: Step, heard: Heard, reading: Reading) -> bool:
    """True when the answer can be kept: nothing to read back, or the person said yes to the read-back."""
    if reading.kind != "answer":
        return True
    phrase = read_back_phrase(step.slot, heard.text, list(heard.words), reading.value,
                              session.settings.listening.read_back_below)
    if phrase is None:
        return True
    turn = len(session.transcript)  # the wording changes from one read-back to the next
    if phrase == SAY_AGAIN:
        session.say(line("read_back.say_again", turn))
        return False
    if session.ask_yes_no(line("read_back.ask", turn, heard=phrase)) is True:
        return True
    session.say(line("read_back.again", turn))
    return False
