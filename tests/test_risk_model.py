"""The risk model: the second reading of a reply, for wordings no frame knows. It can only ask, never stop (its
question's answer is read by the frames alone); it is trained from the tuning data alone (retrained here and
compared with the committed weights); short answers and figures of speech are left to the frames."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mend.assistant.lines import say as line
from mend.assistant.safety.risk_model import MIN_WORDS, MODEL_MATCH, features, model_concern, model_text, risk_model
from mend.assistant.safety.unsure import check_in_question
from tests.support.cli import text_session

REPO = Path(__file__).resolve().parents[1]

# written for this test, in none of the statement sets: indirect, with no word a frame is built on
UNSEEN_CONCERNS = [
    "ive started working out who should get my guitar and my records when im not around to play them",
    "i keep a bag packed by the door in case he comes home in one of his moods",
    "honestly the kids would have a calmer house without me in it",
]
ORDINARY = [
    "we argued about whose turn it was to cook and i went quiet for the evening",
    "he said sorry and we laughed about it afterwards",
    "I think I kept apologising even after she said it was fine",
]


@pytest.mark.parametrize("text", UNSEEN_CONCERNS)
def test_an_unseen_indirect_concern_gets_a_question_never_a_stop(text):
    concern = model_concern(text)
    assert concern is not None and not concern.certain and concern.matched == MODEL_MATCH
    assert check_in_question(concern) == line("check_in.any")


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_replies_are_left_alone(text):
    assert model_concern(text) is None


def test_short_answers_are_never_read_as_a_whole():
    for text in ["he gets me", "not really", "about a seven", "i am fine"]:
        assert len(model_text(text).split()) < MIN_WORDS and model_concern(text) is None
    for text in ["i don't know", "i'm not sure really", "could you say that again", "yes i think so"]:
        assert model_concern(text) is None  # long enough to be read, and among the answers it learnt are ordinary


def test_features_are_stable_hashes_and_the_threshold_comes_with_the_weights():
    assert features("he said") == features("he said") and all(0 <= f < 2 ** 18 for f in features("he said"))
    assert 0.5 <= risk_model().threshold < 1


@pytest.mark.parametrize("no", ["no", "no, nobody is hurting me and I'm not going to hurt anyone",
                                "no he does not hit me"])
def test_a_typed_session_asks_the_broad_question_and_a_clear_no_goes_on(tmp_path, no):
    # the answer to the question is read by the frames only: a no that names what it denies is still a no
    replies = ["", "my partner", "we argued about the dishes", UNSEEN_CONCERNS[1], no]
    result, outcome = text_session(tmp_path, replies)
    assert "Traceback" not in result.stderr
    assert line("check_in.any") in result.stdout
    assert line("session.check_in_thanks") in result.stdout
    assert outcome.get("ended") != "safety" and not outcome.get("safety_flag")


@pytest.mark.slow
def test_the_committed_weights_are_what_the_training_data_gives():
    result = subprocess.run([sys.executable, "-m", "benchmarks.train_safety_model", "--check"], cwd=REPO,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "the committed weights match the training data" in result.stdout
