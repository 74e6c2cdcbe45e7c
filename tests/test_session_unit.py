"""The session loop's rules, driven at the listener/speaker boundary."""

from __future__ import annotations

import pytest

from mend.assistant.config import Settings
from mend.assistant.lines import say as line
from mend.assistant.safety.resources import load_resources
from mend.assistant.session.loop import Session
from mend.audio.turns import Heard
from mend.flows import builtin_flow
from tests.support.fakes import RecordingSpeaker, ScriptedListener

CONFIRMING = line("session.confirm", value="").rstrip(" ?")  # "Did you say"


def _session(replies, voice=True):
    settings = Settings()
    settings.session.pauses = False
    speaker = RecordingSpeaker()
    listener = ScriptedListener(replies)
    session = Session(builtin_flow("calm"), listener, speaker, settings, save="never", voice=voice)
    return session, listener, speaker


def test_low_confidence_closed_answer_is_confirmed():
    replies = ["", Heard("seven", confidence=0.3), Heard("no", confidence=0.9), Heard("eight", confidence=0.95)]
    session, _, speaker = _session(replies)
    outcome = session.run()
    assert line("session.confirm", value="seven") in speaker.said
    assert outcome.activation_value("before") == 8


def test_confirmed_low_confidence_answer_is_kept():
    replies = ["", Heard("seven", confidence=0.3), Heard("yes", confidence=0.9)]
    session, _, speaker = _session(replies)
    outcome = session.run()
    assert line("session.confirm", value="seven") in speaker.said
    assert outcome.activation_value("before") == 7


@pytest.mark.parametrize("answer, kept", [("yes", 6), ("no", 8)])
def test_a_closed_answer_read_from_a_next_best_reading_is_always_confirmed(answer, kept):
    guessed = Heard("", confidence=0.0, words=[("x", 0.0)], next_best=["about a six"])
    replies = ["", guessed, Heard(answer, confidence=0.9), Heard("eight", confidence=0.95)]
    session, _, speaker = _session(replies)
    outcome = session.run()
    assert line("session.confirm", value="six") in speaker.said
    assert outcome.activation_value("before") == kept


def test_answers_said_back_and_denied_count_as_unclear_so_mend_moves_on_instead_of_asking_forever():
    unsure = Heard("seven", confidence=0.3)
    replies = ["", unsure, Heard("no", confidence=0.9), unsure, Heard("no", confidence=0.9), Heard("three", 0.95)]
    session, listener, speaker = _session(replies)
    outcome = session.run()
    assert speaker.said.count(line("session.confirm", value="seven")) == 2
    assert line("session.unclear_move_on") in speaker.said
    assert outcome.activation_value("before") is None


def test_confident_answers_are_not_confirmed_and_typed_ones_never_are():
    session, _, speaker = _session(["", Heard("seven", confidence=0.95)])
    session.run()
    assert not any(said.startswith(CONFIRMING) for said in speaker.said)
    session, _, speaker = _session(["", Heard("seven", confidence=0.1)], voice=False)
    assert session.run().activation_value("before") == 7
    assert not any(said.startswith(CONFIRMING) for said in speaker.said)


def test_closed_questions_listen_with_a_grammar_and_short_patience():
    session, listener, _ = _session(["", "seven"])
    session.run()
    number_request = listener.requests[1]
    assert number_request.phrases and "about a seven" in number_request.phrases and "repeat" in number_request.phrases
    assert number_request.trailing_silence == Settings().listening.closed_trailing_silence
    statement_request = listener.requests[0]
    assert statement_request.optional and statement_request.phrases is None


def test_slower_and_faster_change_the_rate_for_the_rest_of_the_session():
    session, _, speaker = _session(["", "slower", "slower", "faster"])
    session.run()
    assert speaker.rate_factors == [0.85, 0.85 * 0.85, 0.85 * 0.85 * 1.15]


def test_crisis_outranks_a_command_and_an_answer():
    session, _, speaker = _session(["", "stop, i want to end my life"])
    outcome = session.run()
    assert outcome.ended == "safety" and outcome.safety_flag
    assert any("988" in line for line in speaker.said)


def test_a_crisis_heard_only_by_the_safety_spotter_stops_the_exercise():
    garbled = Heard("i want to the myself", confidence=0.6, alternatives=["i want to hurt myself"])
    session, _, speaker = _session(["", garbled, Heard("seven", confidence=0.95)])
    outcome = session.run()
    assert outcome.ended == "safety" and outcome.safety_flag
    assert any("988" in line for line in speaker.said)


def test_the_spotter_text_is_used_for_safety_only():
    # loose words a spotting grammar strings together from ordinary speech must neither stop nor answer
    session, _, speaker = _session(["", Heard("seven", confidence=0.95, alternatives=["i end it all killing"])])
    outcome = session.run()
    assert not outcome.safety_flag
    assert outcome.activation_value("before") == 7
    assert not any("988" in line for line in speaker.said)


def test_a_crisis_heard_only_by_the_safety_pass_during_a_side_question_stops_the_exercise():
    replies = ["", Heard("seven", confidence=0.3),
               Heard("yes i want to the myself", confidence=0.6, alternatives=["i want to hurt myself"])]
    session, _, speaker = _session(replies)
    outcome = session.run()
    assert line("session.confirm", value="seven") in speaker.said
    assert outcome.ended == "safety" and outcome.safety_kind == "self_harm"


def test_a_crisis_said_when_asked_to_keep_a_note_is_recorded_as_the_ending():
    settings = Settings()
    settings.session.pauses = False
    replies = ["", "seven", "", "", "four", "", "honestly i want to kill myself", "yes"]
    speaker = RecordingSpeaker()
    session = Session(builtin_flow("calm"), ScriptedListener(replies), speaker, settings, save="ask",
                      journal_opener=lambda: pytest.fail("nothing may be kept"), voice=False)
    outcome = session.run()
    assert line("note.offer") in speaker.said
    assert outcome.ended == "safety" and outcome.safety_flag and not outcome.kept_in_journal


def _spoken(text: str, confidence: float = 0.6, alternatives: list[str] | None = None) -> Heard:
    return Heard(text, confidence=confidence, words=[(word, confidence) for word in text.split()],
                 alternatives=alternatives or [])


CHECK_IN = line("check_in.abuse")


@pytest.mark.parametrize("answer", ["yes", "maybe", ""])
def test_a_possible_concern_heard_unclearly_is_asked_about_and_anything_but_no_gives_help(answer):
    # "he hits me" is often heard as "he gets me" by the small model: mend asks rather than guesses
    session, _, speaker = _session(["", _spoken("he gets me when he is angry"), answer])
    outcome = session.run()
    assert CHECK_IN in speaker.said
    assert outcome.ended == "safety" and outcome.safety_kind == "abuse"
    assert any("Domestic Violence" in line for line in speaker.said)


def test_a_clear_no_to_the_safety_question_goes_on_with_the_same_step():
    session, _, speaker = _session(["", _spoken("she gets me when he is angry"), "no", _spoken("seven", 0.95)])
    outcome = session.run()
    assert CHECK_IN in speaker.said and line("session.check_in_thanks") in speaker.said
    assert not outcome.safety_flag and outcome.activation_value("before") == 7
    assert speaker.said.count(CHECK_IN) == 1


def _heard_again(grammar: str, full_model: str) -> Heard:
    """A spoken reply to a yes/no question: what its grammar heard, and what the full model hears when asked."""
    heard = _spoken(grammar, 0.9)
    heard.hear_openly = lambda: full_model
    return heard


@pytest.mark.parametrize("grammar, full_model", [
    ("no", "no not at the moment"), ("no", "not right now"), ("no", "i'd rather not say"), ("no", "not yet"),
    ("no", "no but he does get rough sometimes"), ("no", "no not today"), ("no", "he does"), ("no", "help me"),
    ("no", "no i'm afraid of my ex"),
    ("no", ""),  # the second hearing failed (it gives "" on a timeout): the no is not borne out
    ("not really", "no"),  # a hedge the grammar heard is not made plain by a full model that lost the hedge
])
def test_a_no_the_grammar_made_out_of_more_words_is_not_taken_as_a_clear_no(grammar, full_model):
    # the yes/no grammar holds only short answers: "no, not at the moment" comes out of it as a bare "no"
    session, _, speaker = _session(["", _spoken("she gets me when he is angry"), _heard_again(grammar, full_model)])
    outcome = session.run()
    assert CHECK_IN in speaker.said and line("session.check_in_thanks") not in speaker.said
    assert outcome.ended == "safety" and outcome.safety_kind == "abuse"


@pytest.mark.parametrize("full_model", ["no", "no i'm fine", "the law", "nope"])
def test_a_no_the_full_model_bears_out_or_only_mangled_goes_on(full_model):
    # "the law" is how the full model hears a lone Scottish "no": two words with nothing in them but sound
    replies = ["", _spoken("she gets me when he is angry"), _heard_again("no", full_model), _spoken("seven", 0.95)]
    session, _, speaker = _session(replies)
    outcome = session.run()
    assert line("session.check_in_thanks") in speaker.said and not outcome.safety_flag
    assert outcome.activation_value("before") == 7


CRISIS_WORDS = load_resources().message


@pytest.mark.parametrize("full_model, back", [("i'm safe", True), ("i'm not safe", False), ("", False)])
def test_by_voice_i_am_safe_goes_back_only_when_the_full_model_heard_it_too(full_model, back):
    # the choices' grammar can make "i'm safe" out of "I'm not safe": "Are you safe right now?" is asked (yes or
    # no), and the answer here is the same mishearing ("yes" heard, the full model's words as before)
    replies = ["", "i want to kill myself", _heard_again("i'm safe", full_model), _heard_again("yes", full_model)]
    session, _, speaker = _session(replies)
    outcome = session.run()
    assert (CRISIS_WORDS.back in speaker.said) is back and (CRISIS_WORDS.safe_now in speaker.said) is not back
    assert (CRISIS_WORDS.goodbye in speaker.said) is not back
    assert (outcome.ended == "safety") is not back


@pytest.mark.parametrize("full_model", ["save me", "got the pills", "he is back", "i am dead", "i am sad", "i am gone"])
def test_by_voice_a_few_other_words_never_bear_out_i_am_safe(full_model):
    # a grammar "safe" stands on a full model that heard other words only when they sound almost the same
    replies = ["", "i want to kill myself", _heard_again("i'm safe", full_model), _heard_again("i'm safe", full_model)]
    session, _, speaker = _session(replies)
    outcome = session.run()
    assert CRISIS_WORDS.back not in speaker.said and outcome.ended == "safety"


def test_typed_i_am_safe_beside_other_words_is_asked_once_more_then_taken():
    replies = ["", "i want to kill myself", "i'm safe but he's still here", "i'm safe", "seven"]
    session, _, speaker = _session(replies, voice=False)
    outcome = session.run()
    assert speaker.said.count(CRISIS_WORDS.safe_unsure) == 1 and CRISIS_WORDS.back in speaker.said
    assert speaker.said.count(CRISIS_WORDS.choices) == 1  # asked once more in place of the choices, not beside them
    assert not outcome.safety_flag


def test_a_no_to_an_ordinary_side_question_is_heard_once():
    def never() -> str:
        raise AssertionError("an ordinary no is not heard again")
    reply = _spoken("no", 0.9)
    reply.hear_openly = never
    session, _, _ = _session([reply])
    assert session.ask_yes_no("Shall I keep a note?") is False


THREAT_CHECK_IN = line("check_in.harm_others")


def test_a_spoken_threat_only_the_full_model_heard_is_asked_about_and_a_no_goes_on():
    # heard out of "i could have handled that better"
    replies = ["", _spoken("i killed them pendleton of murder"), "no", _spoken("seven", 0.95)]
    session, _, speaker = _session(replies)
    outcome = session.run()
    assert THREAT_CHECK_IN in speaker.said and speaker.said.count(THREAT_CHECK_IN) == 1
    assert not outcome.safety_flag and outcome.activation_value("before") == 7


@pytest.mark.parametrize("answer", ["yes", ""])
def test_a_spoken_threat_asked_about_gives_help_unless_the_answer_is_no(answer):
    session, _, speaker = _session(["", _spoken("i could kill him"), answer])
    outcome = session.run()
    assert THREAT_CHECK_IN in speaker.said
    assert outcome.ended == "safety" and outcome.safety_kind == "harm_others"


def test_what_the_spotter_alone_takes_for_abuse_is_asked_about_not_acted_on():
    session, _, speaker = _session(["", _spoken("she gets me", alternatives=["she beats me"]), "no",
                                    _spoken("seven", 0.95)])
    outcome = session.run()
    assert CHECK_IN in speaker.said and not outcome.safety_flag


def test_typed_words_are_taken_as_written_and_never_asked_about_as_a_mishearing():
    session, _, speaker = _session(["", "she gets me, she always has", "seven"], voice=False)
    outcome = session.run()
    assert CHECK_IN not in speaker.said and not outcome.safety_flag
    assert outcome.activation_value("before") == 7


def test_a_typed_reply_that_reads_like_a_concern_as_a_whole_gets_the_broad_question_not_the_sound_alike_one():
    # no frame matches and typed words are not misheard, but the reply as a whole reads like someone being hurt
    session, _, speaker = _session(["", "he gets me when he is angry", "no", "seven"], voice=False)
    outcome = session.run()
    assert CHECK_IN not in speaker.said and line("check_in.any") in speaker.said
    assert line("session.check_in_thanks") in speaker.said and not outcome.safety_flag
    assert outcome.activation_value("before") == 7


def test_a_possible_concern_said_in_answer_to_a_side_question_is_asked_about_too():
    # "Did you say seven?" answered with something the spotter took for abuse
    replies = ["", _spoken("seven", 0.3), _spoken("he gets me", alternatives=["he hits me"]), "yes"]
    session, _, speaker = _session(replies)
    outcome = session.run()
    assert line("session.confirm", value="seven") in speaker.said and CHECK_IN in speaker.said
    assert outcome.ended == "safety" and outcome.safety_kind == "abuse"


def test_an_unsure_answer_to_the_safety_question_itself_gives_help_without_asking_again():
    replies = ["", _spoken("he gets me when he is angry"), _spoken("she gets me", alternatives=["she beats me"])]
    session, _, speaker = _session(replies)
    outcome = session.run()
    assert speaker.said.count(CHECK_IN) == 1
    assert outcome.ended == "safety"


@pytest.mark.parametrize("voice", [True, False])
def test_a_quiet_pause_is_listened_through_by_voice_and_waited_out_in_text(voice):
    """By voice the body step's quiet is part of its listening turn (speech begun in it or just after it is the
    answer, and the wait for one starts when the quiet ends); typed, it is a plain wait before reading a line."""
    settings = Settings()
    listener = ScriptedListener(["", "six", "", "", "my jaw is tight", "three", ""])
    session = Session(builtin_flow("calm"), listener, RecordingSpeaker(), settings, save="never", voice=voice)
    slept: list[float] = []
    session._sleep = slept.append
    outcome = session.run()
    quiet = builtin_flow("calm").steps["body"].pause_seconds
    statement = settings.listening.statement_timeout
    through_quiet = [r for r in listener.requests if r.no_speech_timeout == pytest.approx(statement + quiet)]
    assert len(through_quiet) == (1 if voice else 0)
    assert all(r.optional and r.phrases is None for r in through_quiet)
    assert (quiet in slept) is not voice
    assert outcome.activation_value("after") == 3  # "my jaw is tight" was the body step's reply, in both modes
