"""Safety: real crises are noticed however they are phrased or misheard, everyday figures of speech are not, and
the help offered comes from a resources file the person can replace."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mend.assistant.errors import MendError, ResourcesError
from mend.assistant.safety.resources import DEFAULT_RESOURCES, CrisisResources, crisis_message, load_resources
from mend.assistant.safety.rules import SafetyConcern, check_safety
from tests.support.phrases import CRISIS_PHRASES, ORDINARY_PHRASES


def test_tables_are_big_enough():
    assert len(CRISIS_PHRASES) >= 25 and len(ORDINARY_PHRASES) >= 25
    assert {kind for _, kind in CRISIS_PHRASES} == {"self_harm", "harm_others", "abuse"}


@pytest.mark.parametrize(("text", "kind"), CRISIS_PHRASES)
def test_crisis_phrasings_are_noticed(text, kind):
    concern = check_safety(text)
    assert concern is not None, text
    assert concern.kind == kind
    assert concern.matched


@pytest.mark.parametrize("text", [t.upper() + "!!!" for t, _ in CRISIS_PHRASES[:8]])
def test_crisis_noticed_in_shouted_punctuated_text(text):
    assert check_safety(text) is not None


@pytest.mark.parametrize("text", ORDINARY_PHRASES)
def test_ordinary_phrases_are_not_false_alarms(text):
    assert check_safety(text) is None


def test_self_harm_outranks_other_concerns():
    assert check_safety("he hits me and i want to kill myself").kind == "self_harm"
    assert check_safety("he hits me and i want to hurt him").kind == "abuse"


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=400))
def test_no_text_crashes_or_stalls(text):
    started = time.perf_counter()
    result = check_safety(text)
    assert time.perf_counter() - started < 0.5
    assert result is None or isinstance(result, SafetyConcern)


@pytest.mark.parametrize("text", ["i want to " * 20_000, "he " * 50_000, "\x00" * 100_000, "kill " * 20_000])
def test_huge_inputs_are_bounded(text):
    started = time.perf_counter()
    check_safety(text)
    assert time.perf_counter() - started < 0.5


# --- resources --------------------------------------------------------------------------------------------------

def test_default_resources_are_the_us_lines():
    resources = load_resources()
    assert resources.region == "US"
    text = " ".join(f"{line.name} {line.contact}" for line in resources.lines)
    text += " ".join(line.quiet for line in resources.lines)
    for needle in ("988", "911", "1-800-799-7233", "START to 88788", "HOME to 741741", "988lifeline.org",
                   "thehotline.org"):
        assert needle in text


def test_user_file_in_config_dir_replaces_the_default(mend_home: Path):
    (mend_home / "resources.toml").write_text(
        'region = "UK"\n[[lines]]\nname = "Samaritans"\ncontact = "call 116 123"\nwhen = "any time"\n',
        encoding="utf-8")
    resources = load_resources()
    assert resources.region == "UK"
    assert [line.name for line in resources.lines] == ["Samaritans"]
    first = crisis_message(SafetyConcern("abuse", "x"), resources)[0]
    assert "please call 116 123, the Samaritans, any time." in first


def test_explicit_path_wins(tmp_path: Path):
    path = tmp_path / "mine.toml"
    path.write_text('region = "NZ"\n[[lines]]\nname = "Need to talk"\ncontact = "text 1737"\n', encoding="utf-8")
    assert load_resources(path).region == "NZ"


@pytest.mark.parametrize(("content", "mentions"), [
    (b'region = "US"\n[[lines]\nname = "x"', "not valid TOML"),
    (b'region = "US"\n', "lines"),
    (b'region = "US"\nlines = []\n', "lines"),
    (b'region = "US"\n[[lines]]\nname = "x"\n', "lines.0.contact"),
    (b'region = "US"\n[[lines]]\nname = "x"\ncontact = "y"\nconcerns = ["weather"]\n', "weather"),
    (b'\xff\xfe\x00garbage', "not UTF-8"),
])
def test_malformed_user_file_names_the_file_and_the_problem(mend_home: Path, content: bytes, mentions: str):
    path = mend_home / "resources.toml"
    path.write_bytes(content)
    with pytest.raises(ResourcesError) as caught:
        load_resources()
    error = caught.value
    assert isinstance(error, MendError)
    assert str(path) in error.message and mentions in error.message
    assert "\n" not in error.message
    assert str(path) in error.hint


def test_unreadable_file_is_a_resources_error(mend_home: Path, monkeypatch):
    path = mend_home / "resources.toml"
    path.write_text('region = "US"\n', encoding="utf-8")
    real_read = Path.read_bytes

    def refuse(self):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(ResourcesError, match="cannot read crisis resources file .*Permission denied") as caught:
        load_resources()
    assert str(path) in caught.value.message


def test_directory_instead_of_file_is_a_resources_error(tmp_path: Path):
    with pytest.raises(ResourcesError, match=str(tmp_path)):
        load_resources(tmp_path)


def test_default_file_is_shipped_and_valid():
    assert DEFAULT_RESOURCES.is_file()
    assert isinstance(load_resources(DEFAULT_RESOURCES), CrisisResources)


# --- message ----------------------------------------------------------------------------------------------------

def test_abuse_message_names_the_domestic_violence_hotline_in_its_first_sentence():
    lines = crisis_message(SafetyConcern("abuse", "he hits me"), load_resources())
    assert "Domestic Violence Hotline" in lines[0] and "1-800-799-7233" in lines[0]
    assert "88788" in " ".join(lines) and "thehotline.org" in " ".join(lines)
    assert any("911" in line for line in lines)
    assert not any("988 " in line for line in lines)


def test_self_harm_message_works_by_ear():
    lines = crisis_message(SafetyConcern("self_harm", "kill myself"), load_resources())
    joined = " ".join(lines)
    first_sentence = lines[0]
    assert "988" in first_sentence and len(first_sentence.split("988")[0].split()) <= 40
    assert joined.count("988") >= 3  # said in the first sentence and once more at the end
    assert "If it isn't safe to talk, you can" in joined and "741741" in joined and "988lifeline.org" in joined
    assert "&" not in joined and "(US)" not in joined
    assert any("911" in line for line in lines)
    assert not any("Domestic Violence" in line for line in lines)
    assert all(line.strip() and "\n" not in line and len(line.split()) <= 40 for line in lines)
    assert len(lines) <= 8  # short enough to listen to, no lecture
    assert not any(word in joined.lower() for word in ("you should", "you must", "promise me"))


def test_crisis_choices_read_repeat_safe_and_stop():
    from mend.assistant.session.crisis import crisis_choice

    resources = load_resources()
    for text in ("repeat", "what was the number?", "can you say that again", "sorry, one more time"):
        assert crisis_choice(text, resources) == "repeat", text
    for text in ("I'm safe", "no, I'm okay, you misheard", "that was a figure of speech, go back", "false alarm"):
        assert crisis_choice(text, resources) == "safe", text
    for text in ("stop", "I'm not safe", "", "thank you", "I don't feel safe", "no, I'm not okay", "no i am not",
                 "I'm scared, can you help", "I'm fine, I just want to die", "not safe at all, go back"):
        assert crisis_choice(text, resources) is None, text
    for text in ("that's not what I meant", "no, you misheard, I'm safe", "you got it wrong", "that was a mistake"):
        assert crisis_choice(text, resources) == "safe", text
    # a misreading named beside a fear is still a fear; "wrong" and "mistake" about the person's own world are not
    # about what mend heard
    for text in ("you misheard, I'm not safe", "that's not what I meant, I need help", "something is wrong",
                 "I made a mistake", "everything went wrong", "what is wrong with me", "it was a mistake, I meant it"):
        assert crisis_choice(text, resources) is None, text


def test_harm_others_message_offers_the_crisis_line():
    lines = crisis_message(SafetyConcern("harm_others", "kill him"), load_resources())
    assert any("988" in line for line in lines)


def test_every_spotting_phrase_is_a_concern_on_its_own():
    from mend.assistant.safety.rules import check_spotted, safety_phrases

    phrases = safety_phrases()
    assert len(phrases) >= 20
    from mend.assistant.safety.unsure import possible_concern
    from mend.assistant.understanding.meanings import normalize

    for phrase in phrases:
        assert check_safety(phrase) is not None, phrase
        if len(normalize(phrase).split()) > 1:
            assert check_spotted(phrase) is not None, phrase
        else:  # a single spotted word ("suicide" out of a short "sure") is asked about, not acted on
            assert check_spotted(phrase) is None and possible_concern("", [phrase]) is not None, phrase
    assert {check_safety(p).kind for p in phrases} == {"self_harm", "harm_others", "abuse"}


def test_a_spotted_transcript_counts_only_when_it_is_mostly_whole_phrases():
    from mend.assistant.safety.rules import check_spotted

    assert check_spotted("ending my life").kind == "self_harm"
    assert check_spotted("he beats me").kind == "abuse"
    assert check_spotted("i want to hurt myself now").kind == "self_harm"  # one stray word in six
    # loose words of the grammar strung together from ordinary speech
    for text in ("i end it all", "i end it all killing to her", "he beats me want end him", "i kill end overdose",
                 "i am life kill me end killing myself", "", "   "):
        assert check_spotted(text) is None, text
    for text in ORDINARY_PHRASES:
        assert check_spotted(text) is None, text


def _open_step():
    """An open question, as the repair flow's "what happened" asks it."""
    from mend.flows import Step

    return Step.model_validate({"id": "what_happened", "prompts": ["?"], "expects": "free", "slot": "story",
                                "reprompt_silence": ["?"], "help": "?"})


@pytest.mark.model
def test_the_safety_pass_hears_a_spoken_crisis_the_full_model_garbles(test_model):
    from mend.assistant.understanding.reading import read_reply
    from mend.assistant.safety.rules import safety_phrases
    from mend.audio.recognizer import ModelLoader
    from tests.support.speech import have_espeak, hear_open_answer, noise, room, speech

    if not have_espeak():
        pytest.skip("espeak-ng is not installed")
    recognizer = ModelLoader(test_model).start().recognizer(timeout=60)
    audio = room(noise(0.3, 0), speech("i have been thinking about ending my life", voice="en-us+f3", rate=140),
                 noise(0.2, 0), seed=1)
    heard = hear_open_answer(recognizer, audio, spotting=safety_phrases())
    assert check_safety(heard.text) is None  # the full model alone would have missed it ...
    assert "ending my life" in heard.alternatives  # ... the safety pass returns the phrase ...
    reading = read_reply(_open_step(), heard)
    assert reading.kind == "crisis" and reading.concern.kind == "self_harm"  # ... and the session stops for it


@pytest.mark.parametrize(("text", "spotted", "asks"), [
    ("he gets me when he is angry", [], "abuse"),          # "he hits me when he is angry", as the model hears it
    ("my husband gave me", [], "abuse"),
    ("my dad gets me when he drinks", [], "abuse"),
    ("he gave me last night", ["he kicked me life to i it"], "abuse"),
    ("my first and kate sleep", ["my kicked me"], "abuse"),
    ("she gets me", ["she beats me"], "abuse"),            # harmless, but it cannot be told apart: asked, not acted on
    ("i am so angry i have kill him", ["i am kill him"], "harm_others"),  # "... i could kill him"
    ("sure", ["suicide"], "self_harm"),                    # one spotted word: asked about
    ("i want to hurt my l", ["i want to hurt my am"], "self_harm"),
    ("i am so angry i killed killed in", ["i am i could kill him"], "harm_others"),  # a whole sentence, loosely
    ("he gave me a look", [], None),
    ("she gave me a hug", [], None),
    ("he gets me every time", [], None),
    ("he got me a present", [], None),
    ("she gets meetings moved", [], None),
    ("he hit the wall", ["he hit"], None),
    ("cousin", ["kill him"], None),                        # the spotter's own "kill him" names no one who said it
    ("i'm so angry like have killed in", ["kill him"], "harm_others"),  # ... unless the full model heard a kill-word
    ("he to sleep when he demand breed", ["he hit"], "abuse"),  # "he hits me when he is angry": only a blow survived
    ("he kicked the door", ["he kicked"], None),           # the full model says what was kicked
    ("key key to that while", ["he hit not worth all"], None),  # a blow among loose words of the grammar
    ("i felt like such an of and blamed myself", ["i am life he they hit end myself"], None),
    ("i told her it did not matter", ["i choked me to be not my off"], None),
    ("we both said things we did not mean", ["he me"], None),
    ("i shut down and stopped talking", ["i end it all killing"], None),
])
def test_spoken_replies_that_may_hide_a_concern_are_asked_about(text, spotted, asks):
    from mend.assistant.safety.unsure import check_in_question, possible_concern

    concern = possible_concern(text, spotted)
    assert (concern.kind if concern else None) == asks, concern
    if concern:
        assert check_in_question(concern).endswith("?")


def test_speech_recognition_stutters_and_past_harm_are_still_read():
    assert check_safety("i am so angry i killed killed him").kind == "harm_others"
    assert check_safety("i have killed him").kind == "harm_others"
    assert check_safety("i killed it at work today") is None
    assert check_safety("sorry sorry sorry") is None


def test_abuse_heard_only_by_the_spotter_is_not_a_definite_concern_but_self_harm_is():
    from mend.assistant.understanding.reading import concern_in

    assert concern_in("she gets me", ["she beats me"]) is None
    assert concern_in("i want to the myself", ["i want to hurt myself"]).kind == "self_harm"
    assert concern_in("he hits me", []).kind == "abuse"  # what the full model heard clearly still stops at once


def test_a_spoken_threat_only_the_full_model_heard_is_asked_about_first():
    from mend.assistant.understanding.reading import read_reply
    from mend.audio.turns import Heard

    step = _open_step()
    words = [("i", 0.9)]
    # heard out of "i could have handled that better"
    misheard = Heard("i killed them pendleton of murder", 0.7, words=words, alternatives=[])
    assert read_reply(step, misheard).kind == "check_in"
    assert read_reply(step, misheard).concern.kind == "harm_others"
    assert read_reply(step, misheard, check_in=False).kind == "answer"  # the person said no to that question
    assert read_reply(step, Heard("i killed them pendleton of murder")).kind == "crisis"  # typed: as written
    both = Heard("i am so angry i could kill him", 0.9, words=words, alternatives=["i am i could kill him"])
    assert read_reply(step, both).kind == "crisis"  # both recognizers heard it
    for text in ("i want to kill myself", "he hits me"):  # self-harm and abuse are never held back
        assert read_reply(step, Heard(text, 0.9, words=words)).kind == "crisis", text


@pytest.mark.model
@pytest.mark.parametrize("voice", ["en-us", "en-gb", "en-us+m3"])
def test_a_spoken_he_hits_me_is_never_passed_over(test_model, voice):
    from mend.assistant.understanding.reading import read_reply
    from mend.assistant.safety.rules import safety_phrases
    from mend.audio.recognizer import ModelLoader
    from tests.support.speech import have_espeak, hear_open_answer, noise, room, speech

    if not have_espeak():
        pytest.skip("espeak-ng is not installed")
    recognizer = ModelLoader(test_model).start().recognizer(timeout=60)
    for line, wanted in (("he hits me when he is angry", {"crisis", "check_in"}), ("she gave me a hug", {"answer"})):
        audio = room(noise(0.3, 0), speech(line, voice=voice, rate=180), noise(0.2, 0), seed=2)
        heard = hear_open_answer(recognizer, audio, spotting=safety_phrases())
        reading = read_reply(_open_step(), heard)
        assert reading.kind in wanted, (line, heard.text, heard.alternatives)


def test_mend_help_crisis_prints_every_line_with_digits(tmp_path):
    from tests.support.cli import mend

    result = mend("help", "crisis", home=tmp_path)
    assert result.returncode == 0, result.stderr
    for needle in ("call or text 988", "988lifeline.org", "1-800-799-7233", "START to 88788", "HOME to 741741",
                   "call 911"):
        assert needle in result.stdout


@pytest.mark.parametrize("text", [
    "I am a nurse and I want to kill myself tonight",
    "I have all the signs of depression and I want to kill myself",
    "I did a module on self harm and I have been cutting again",
    "my husband was teasing me and then he choked me",
    "he hits me and calls it playful",
    "my partner threatened to kill me in a loving way",
    "my boyfriend hits me, he spoils the kids though",
])
def test_a_job_a_subject_or_play_beside_a_disclosure_never_softens_it(text):
    concern = check_safety(text)
    assert concern is not None and concern.certain, concern


@pytest.mark.parametrize("text", ["he was drunk after the football game and strangled me",
                                  "he plays mind games and then he hits me"])
def test_a_blow_beside_a_game_is_asked_about_not_dropped(text):
    concern = check_safety(text)
    assert concern is not None and concern.kind == "abuse"


@pytest.mark.parametrize("text", ["i'm writing an essay on domestic abuse for my sociology class",
                                  "we watched a documentary about suicide prevention at work"])
def test_a_harm_named_as_a_subject_of_study_is_not_a_concern(text):
    assert check_safety(text) is None


def test_a_concern_at_the_end_of_a_very_long_typed_reply_is_found():
    from mend.assistant.safety.rules import check_safety

    story = "We argued about the dishes again and then about whose turn it was to call her mother. " * 40
    assert len(story) > 3000 and check_safety(story) is None
    for ending in ("and honestly I want to kill myself", "and he hits me when he drinks"):
        concern = check_safety(story + ending)
        assert concern is not None and concern.certain, ending
    cut = story[:1990] + " I want to end my life. " + story  # across the first piece's end
    assert check_safety(cut) is not None


@pytest.mark.parametrize("text, kind, certain", [
    ("my brother who hits me", "abuse", True),  # as people answer "who is this about?"
    ("my partner who I'm scared of", "abuse", False),
    ("I want to end it", "self_harm", False),  # a relationship or a life: asked about
    ("I just want to end it", "self_harm", False),
    ("I'm ending it", "self_harm", False),
])
def test_who_clauses_and_ending_it_are_read(text, kind, certain):
    concern = check_safety(text)
    assert concern is not None and (concern.kind, concern.certain) == (kind, certain), concern


@pytest.mark.parametrize("text", ["I want to end it with her", "I'm ending it with him tonight", "we ended it last year",
                                  "my dad who always helps me", "my sister who hit me with a question"])
def test_ending_a_relationship_and_kind_relatives_are_not_concerns(text):
    assert check_safety(text) is None


def test_replies_to_the_crisis_choices_written_blind():
    """Replies written by someone who never saw `crisis_choice` (benchmarks/data/crisis_replies_blind.toml). First
    measured 18 of 25 safe replies going back and 2 of 25 unsafe ones taken as safe ("safe for now I guess", "I wish
    I was safe"); the misses were then fixed by kind (hedges and wishes are doubt; "nobody is hurting me" and "I'm
    not in any danger" are reassurance despite their words), so these are no longer unseen figures."""
    import tomllib
    from pathlib import Path

    from mend.assistant.session.crisis import crisis_choice

    resources = load_resources()
    data = tomllib.loads((Path(__file__).parent.parent / "benchmarks" / "data" / "crisis_replies_blind.toml")
                        .read_text(encoding="utf-8"))
    assert [text for text in data["safe_to_go_back"] if crisis_choice(text, resources) != "safe"] == []
    assert [text for text in data["not_safe"] if crisis_choice(text, resources) == "safe"] == []


@pytest.mark.parametrize("text, certain", [
    ("my niece kicks me all night when she sleeps over", False),
    ("my little brother punched my arm like he always does when he loses at cards", False),
    ("my friend shoved me into the pool at her birthday", False),
    ("he accidentally elbowed me in his sleep", False),
    ("my husband hits my little sister", True),  # a child hurt is not a child's blow
    ("my husband punched me in my sleep", True),  # asleep was the person, not the one who struck
    ("my baby daddy hits me", True),  # a child's parent is not a child
    ("my hubby slapped me", True),
    ("he strangled me in his sleep", True),  # never choking, strangling or rape, asleep or not
    ("he raped me in his sleep", True),
    ("he hits me when he's drunk, I only feel safe when he sleeps", True),  # the sleep is not the blow's
    ("my grandson hits me", True),  # grown relatives are not small children
    ("my little brother punched me in the face", True),
    ("my baby brother hits my kids", True),
    ("my niece kicks me when she sleeps over and my husband strangled me", True),  # the other blow still counts
    ("my baby watched him hit me", True),  # the child watched; the blow is his
    ("my son saw him hit me", True),
    ("my 30 year old grandson punches me", True),
    ("my bank card's gone again, he says I can't be trusted with it", True),  # "cards" alone is no game
])
def test_a_small_childs_blow_a_sleepers_or_a_games_is_asked_about_never_passed_over(text, certain):
    from benchmarks.safety_statements import read  # the whole typed reading: frames, then the risk model

    concern = read(text)
    assert concern is not None and concern.kind == "abuse" and concern.certain is certain


@pytest.mark.parametrize("text", [
    "nobody knows about my thoughts of ending it", "I never told anyone about the idea of ending it",
    "nothing helps with the thoughts of dying", "I do not want to have thoughts of dying anymore but I do"])
def test_thoughts_of_dying_denied_are_still_asked_about_and_otherwise_stop(text):
    concern = check_safety(text)
    assert concern is not None and concern.kind == "self_harm" and concern.certain
    for denied in ("honestly I've never had thoughts of ending it, I'm just really low this week",
                   "I've never had thoughts of ending it, until tonight"):  # a denial can turn: asked, not dropped
        concern = check_safety(denied)
        assert concern is not None and concern.kind == "self_harm" and not concern.certain


@pytest.mark.parametrize("text", [
    "all good, I've got the pills ready", "just venting, but I do have the rope", "I'm not afraid of dying",
    "I'm not scared of anyone, I'm going to end it tonight", "nobody is hurting me, I'm hurting myself",
    "I am not afraid of anyone. he's coming with a knife", "I just want to keep going until it's over",
    "he'll get back at me", "not literally, I'm just going to take all of them", "continue, I'm going to jump",
    "carry on, I've got the gun", "living was a mistake", "I'm safe but he's still here",
    "I'd be safe if I was dead", "I'm fine, I took the pills already", "am i safe", "is it safe", "get me safe",
    "i need to get safe", "safe? no.", "i am safe no", "i am fine i meant what i said", "i am okay, sorry for everything",
    "i am okay i got what i need", "i am fine let me go", "i am good to go", "get back at me", "yeah right i am safe"])
def test_a_safe_phrase_beside_anything_else_is_never_taken_as_safe_after_the_crisis_lines(text):
    from mend.assistant.session.crisis import crisis_choice

    assert crisis_choice(text, load_resources()) in ("unsure", None)


@pytest.mark.parametrize("text", [
    "yes I'm safe", "I'm safe, thank you", "sorry, false alarm, please continue", "I'm okay now, let's go back",
    "I'm all right", "it's fine", "we're good", "I'm safe, don't worry", "my bad, I'm fine", "I was only joking",
    "thanks for checking", "no, I'm fine", "you got it wrong, I'm okay", "no no I'm fine, it was a figure of speech"])
def test_a_reply_that_only_says_it_is_safe_goes_back(text):
    from mend.assistant.session.crisis import crisis_choice

    assert crisis_choice(text, load_resources()) == "safe"
