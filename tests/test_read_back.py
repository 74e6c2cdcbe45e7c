"""Reading back spoken answers a draft or the plan is built from when the recognizer was unsure of their words:
the decision (`understanding.heard_back`), and the session asking, keeping on a yes and asking again on a no."""

from __future__ import annotations

import pytest

from mend.assistant.config import Settings
from mend.assistant.lines import say as line
from mend.assistant.session.loop import Session
from mend.assistant.understanding.heard_back import COMPOSED_FROM, SAY_AGAIN, read_back_phrase, unsure_words
from mend.audio.turns import Heard
from mend.flows import load_flow
from tests.support.fakes import RecordingSpeaker, ScriptedListener
from tests.support.real_voices import VOICES
from tests.support.voice import is_read_back

BELOW = Settings().listening.read_back_below


def spoken(*words: tuple[str, float]) -> Heard:
    text = " ".join(word for word, _ in words)
    return Heard(text, confidence=min(c for _, c in words), words=list(words))


def phrase(slot, heard: Heard, value=None):
    return read_back_phrase(slot, heard.text, heard.words, heard.text if value is None else value, BELOW)


def test_an_unsure_word_in_an_answer_a_line_is_built_from_is_read_back_whole_when_short():
    heard = spoken(("call", 1.0), ("her", 1.0), ("to", 0.7), ("hide", 0.35))
    for slot in ("when", "opening_line", "own_part", "impact", "curiosity", "hurt_felt", "hurt_need"):
        assert phrase(slot, heard) == "call her to hide"


def test_nothing_is_read_back_for_sure_words_fillers_other_slots_or_a_kept_draft():
    sure = spoken(("after", 1.0), ("work", 0.95), ("on", 1.0), ("friday", 0.9))
    assert phrase("when", sure) is None
    assert phrase("when", spoken(("um", 0.2), ("after", 1.0), ("the", 0.3), ("weekend", 1.0))) is None
    unsure = spoken(("after", 1.0), ("work", 0.3))
    assert phrase("relationship", unsure) is None and phrase("what_happened", unsure) is None
    assert phrase(None, unsure) is None
    assert phrase("opening_line", unsure, value="I'm sorry about last night.") is None  # the draft, not a hearing
    assert phrase("when", Heard("after work", 1.0, words=[])) is None  # typed: no hearing to doubt
    assert "what_happened" not in COMPOSED_FROM and {"when", "opening_line"} <= COMPOSED_FROM


def test_a_long_answer_is_read_back_around_its_unsure_words_only():
    words = [(w, 1.0) for w in "i think i could say that i am sorry i got so sharp with you over the dishes".split()]
    words[12] = ("sharks", 0.3)
    heard = spoken(*words)
    assert unsure_words(heard.words, BELOW) == [12]
    assert phrase("opening_line", heard) == "i got so sharks with you over"  # three words either side
    words[2], words[17] = ("eye", 0.2), ("fishes", 0.4)
    said = phrase("opening_line", spoken(*words))
    assert said == "i think eye could say that \u2026 i got so sharks with you over the fishes"  # every unsure word


def test_unsure_words_all_through_a_long_answer_are_asked_for_again():
    words = [(w, 1.0) for w in ("i would start by saying that i am really sorry for how sharp i was with you on "
                                "sunday after the dinner at your parents house").split()]
    for index in (0, 9, 17, 25):
        words[index] = (words[index][0], 0.3)
    assert phrase("opening_line", spoken(*words)) == SAY_AGAIN
    session, speaker = _session([spoken(*words), spoken(("tonight", 1.0)), ""])
    outcome = session.run()
    assert set(speaker.said) & {line("read_back.say_again", turn) for turn in range(4)}, speaker.said
    assert outcome.plan.when == "tonight" and not any(map(is_read_back, speaker.said))


def _session(replies):
    settings = Settings()
    settings.session.pauses = False
    speaker = RecordingSpeaker()
    flow = load_flow(VOICES / "plan_when.toml")
    return Session(flow, ScriptedListener(replies), speaker, settings, save="never", voice=True), speaker


def test_a_yes_keeps_the_words_read_back():
    session, speaker = _session([spoken(("call", 1.0), ("her", 1.0), ("on", 1.0), ("sunday", 0.4)), "yes", ""])
    outcome = session.run()
    assert line("read_back.ask", 0, heard="call her on sunday") in speaker.said \
        or line("read_back.ask", 1, heard="call her on sunday") in speaker.said
    assert outcome.plan.when == "call her on sunday"


@pytest.mark.parametrize("answer", ["no", "say it again", ""])
def test_anything_but_yes_asks_again_and_the_new_answer_is_kept(answer):
    unsure = spoken(("to", 0.5), ("hide", 0.3))
    session, speaker = _session([unsure, answer, spoken(("tonight", 1.0)), ""])
    outcome = session.run()
    assert sum(map(is_read_back, speaker.said)) == 1
    assert any(said in speaker.said for said in (line("read_back.again", 0), line("read_back.again", 1)))
    assert outcome.plan.when == "tonight"


def test_text_mode_never_reads_back():
    settings = Settings()
    settings.session.pauses = False
    speaker = RecordingSpeaker()
    heard = spoken(("call", 1.0), ("her", 1.0), ("on", 1.0), ("sunday", 0.4))
    session = Session(load_flow(VOICES / "plan_when.toml"), ScriptedListener([heard, ""]), speaker, settings,
                      save="never", voice=False)
    assert session.run().plan.when == "call her on sunday"
    assert not any(map(is_read_back, speaker.said))
