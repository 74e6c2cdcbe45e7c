"""Real human voices (tests/data/voices): the recordings and their attribution, turn ending and recognition when
they are played over the virtual microphone through mend's listening path, word confidences on real recognizer
results, and a spoken answer heard with low confidence being read back in a live session.

The figures (beside the same sentences spoken by espeak-ng) are printed by benchmarks/real_voices.py; these tests
hold loose floors only.
"""

from __future__ import annotations

import wave

import numpy as np
import pytest

from mend.assistant.config import Settings
from mend.assistant.session.listening import step_request
from mend.assistant.understanding.heard_back import read_back_phrase
from mend.audio.listener import ListenRequest, VoiceListener
from mend.audio.wavio import write_wav
from mend.flows import Step
from tests.support.audio import isolated_pulse  # noqa: F401 (a fixture: a private sound server per module)
from tests.support.real_voices import LEAD, VOICES, over_microphone, playable, quiet_tail, voices, word_errors
from tests.support.speech import BytesSource, room, silence, with_noise
from tests.support.voice import LiveSession, answer_wavs, is_read_back

WHEN = Step.model_validate({"id": "when", "prompts": ["?"], "expects": "free", "slot": "when",
                            "reprompt_silence": ["?"], "help": "?"})


def test_the_recordings_are_small_16k_mono_wavs_with_transcripts_and_attribution():
    recordings = voices()
    assert 3 <= len(recordings) <= 10
    readme = (VOICES / "README.md").read_text()
    total = 0
    for voice in recordings:
        with wave.open(str(voice.path), "rb") as wav:
            assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (16000, 1, 2), voice.id
            assert 1.0 < wav.getnframes() / 16000 < 15.0, voice.id
        assert np.abs(voice.samples()).max() > 3000, voice.id  # real audio, not a pointer or silence
        assert voice.transcript and voice.transcript == voice.transcript.lower()
        assert voice.path.name in readme and voice.licence in ("CC BY 4.0", "public domain")
        total += voice.path.stat().st_size
    assert total < 2_000_000
    assert "CC BY 4.0" in readme and "public domain" in readme


def test_word_errors_count_substitutions_deletions_and_insertions_after_normalising():
    assert word_errors("mister quilter is the apostle", "Mr. Quilter as the apostle") == (1, 5)
    assert word_errors("we are glad to welcome his gospel", "we're glad welcome his gospel too") == (2, 7)
    assert word_errors("experience proves this", "") == (3, 3)


def _heard_offline(recognizer, samples):
    listener = VoiceListener(BytesSource(room(silence(0.4), samples, silence(2.5))), recognizer)
    return listener.listen(ListenRequest(None, trailing_silence=1.5, no_speech_timeout=5.0, max_utterance=45.0))


@pytest.fixture(scope="module")
def recognizer(test_model):
    from mend.audio.recognizer import Recognizer, load_model

    warm = Recognizer(load_model(test_model))
    warm.warm_up()
    return warm


def test_real_recognizer_results_decide_the_read_back(recognizer):
    """The same real voice, clean and under noise: a clean answer is kept as heard; the noisy one, whose words the
    recognizer's guesses disagree on, is read back."""
    below = Settings().listening.read_back_below
    clean = voices()[0]  # "experience proves this"
    heard = _heard_offline(recognizer, clean.samples())
    assert heard.text == clean.transcript
    assert read_back_phrase("when", heard.text, heard.words, heard.text, below) is None
    noisy = _heard_offline(recognizer, with_noise(clean.samples(), 5, seed=3))
    assert min(c for _, c in noisy.words) < below, noisy.words
    assert read_back_phrase("when", noisy.text, noisy.words, noisy.text, below) == noisy.text
    assert read_back_phrase("relationship", noisy.text, noisy.words, noisy.text, below) is None


@pytest.mark.audio
def test_real_voices_over_the_virtual_microphone_end_their_turn_after_the_speech_and_are_understood(
        recognizer, isolated_pulse, tmp_path):
    request = step_request(Settings().listening, WHEN)
    errors = words = 0
    for index, voice in enumerate(voices()):
        samples = voice.samples()
        live = over_microphone(recognizer, playable(samples, tmp_path / f"{voice.id}.wav", seed=index), request,
                               tail=LEAD + quiet_tail(samples))
        wrong, count = word_errors(voice.transcript, live.heard.text)
        print(f"{voice.id}: {live.heard.text!r} WER {wrong}/{count}, end of speech -> turn end "
              f"{live.after_speech:.2f} s")
        assert live.timing.outcome == "end" and not live.cut_short, (voice.id, live.heard.text)
        assert 0.5 < live.after_speech < 4.0, voice.id
        assert wrong / count <= 0.5, (voice.id, live.heard.text)
        errors, words = errors + wrong, words + count
    assert errors / words <= 0.25


@pytest.mark.audio
def test_an_answer_heard_unsure_is_read_back_and_said_again_by_voice(tmp_path, test_model, isolated_pulse):
    """Over the virtual microphone, in a real session: an answer to "when" said by a real voice in heavy noise
    (3 dB SNR; offline, six placements of it all gave words under the threshold) is read back ("I heard: ...
    Is that right?"); after a spoken no mend asks again, and the clearly spoken time is what the plan keeps."""
    noisy = with_noise(voices()[1].samples(), 3, seed=3)
    for attempt in range(3):
        # On a loaded machine the noisy answer is now and then cut after its first word ("why"), which is then a
        # sure one-word answer with nothing to read back: the premise of this test, not what it checks. Such a
        # run is tried again (at most twice); every check below is made on a run whose whole answer was one turn.
        folder = tmp_path / f"run{attempt}"
        answers = folder / "answers"
        answers.mkdir(parents=True)
        first = write_wav(answers / "turn00.wav", room(silence(0.3), noisy, silence(0.3), seed=9).tobytes())
        rest = answer_wavs(answers, ["no", "after work on friday", ""])
        session = LiveSession(folder, test_model, [first, *rest], "--flow", str(VOICES / "plan_when.toml"),
                              "--save", "never", "--rate", "300")
        code, out, err, outcome, events = session.run(timeout=300)
        assert code == 0, err
        said = [e["text"] for e in events if e["event"] == "speak"]
        heard = [e["text"] for e in events if e["event"] == "heard"]
        if heard and len(heard[0].split()) >= 2:
            break
        print(f"the noisy answer was cut to {heard[:1]}: run {attempt + 1} again")
    read_backs = [s for s in said if is_read_back(s)]
    assert len(read_backs) == 1, (said, heard)
    assert heard[0] and heard[0] in read_backs[0]
    assert outcome["plan"]["when"] == "after work on friday", heard
