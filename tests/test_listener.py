"""The voice listener end to end: espeak-ng speech through a block source, mend's endpointing and the real model.

Positions are counted in blocks handed out by the source, never in wall time, so the timing assertions hold on
a slow machine too.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest

from mend.assistant.understanding.reading import concern_in
from mend.audio.endpointing import EndpointSettings
from mend.audio.listener import BARGE_IN_PHRASES, PAUSE_DECODED_MAX, Heard, ListenRequest, VoiceListener
from mend.audio.recognizer import ModelLoader
from tests.support.speech import BytesSource, have_espeak, noise, room, speech, trim, with_noise

pytestmark = [pytest.mark.model, pytest.mark.skipif(not have_espeak(), reason="espeak-ng is not installed")]

OPTIONS = ["yes", "no", "maybe", "seven", "three", "partner", "colleague", "friend", "family", "not sure"]
BLOCK = 0.02


@pytest.fixture(scope="module")
def recognizer(test_model):
    return ModelLoader(test_model).start().recognizer(timeout=60)


def seconds(samples: np.ndarray) -> float:
    return len(samples) / 16000


def test_a_mid_sentence_pause_shorter_than_trailing_silence_does_not_cut_off(recognizer):
    first, second = speech("I want to talk"), speech("about when you left the room")
    source = BytesSource(room(noise(0.6, 0), first, noise(1.0, 0), second))
    listener = VoiceListener(source, recognizer)
    heard = listener.listen(ListenRequest(None, trailing_silence=1.5, no_speech_timeout=5.0, max_utterance=30.0))
    words = heard.text.split()
    assert "talk" in words and "room" in words
    assert not heard.silent and heard.command_during_speech is None
    turn = listener.last_turn
    assert turn.outcome == "end"
    speech_end = 0.6 + seconds(first) + 1.0 + seconds(second)
    assert turn.speech_end == pytest.approx(speech_end, abs=0.1)
    assert turn.decided_position >= speech_end + 1.5 - 0.05


def test_the_long_middle_of_a_pause_is_not_decoded_and_the_words_after_it_are_heard_whole(recognizer):
    first, second = speech("I want to talk"), speech("about when you left the room")
    audio = room(noise(0.6, 0), first, noise(2.0, 0), second)
    heard_all = VoiceListener(BytesSource(audio), recognizer, settings=EndpointSettings(pause_decoded=0))
    whole = heard_all.listen(ListenRequest(None, trailing_silence=2.5, no_speech_timeout=5.0, max_utterance=30.0))
    listener = VoiceListener(BytesSource(audio), recognizer)
    heard = listener.listen(ListenRequest(None, trailing_silence=2.5, no_speech_timeout=5.0, max_utterance=30.0))
    # the words on both sides survive (over 160 answers with 0.4-1.2 s pauses the word error rate was the same,
    # 23.4 % decoding every pause, 23.2 % skipping; single words may still differ, as with any change to the audio)
    assert {"talk", "left", "room"} <= set(heard.text.split()) and {"talk", "left", "room"} <= set(whole.text.split())
    # of the 2.0 s pause and the 2.5 s that end the turn, each is decoded up to Vosk's own endpoint (at most
    # PAUSE_DECODED_MAX) plus the pre-roll
    kept, skipped = heard_all.last_turn.frames_recognized, listener.last_turn.frames_recognized
    assert kept - skipped >= round((2.0 + 2.5 - 2 * (PAUSE_DECODED_MAX + 0.3)) / 0.02) - 10
    assert listener.last_turn.speech_end == pytest.approx(heard_all.last_turn.speech_end, abs=0.02)


def test_closed_question_ends_within_trailing_silence_after_speech(recognizer):
    said = speech("seven")
    lead = 0.8
    source = BytesSource(room(noise(lead, 0), said))
    listener = VoiceListener(source, recognizer)
    heard = listener.listen(ListenRequest(OPTIONS, trailing_silence=0.8, no_speech_timeout=5.0, max_utterance=15.0))
    assert heard.text == "seven"
    assert [w for w, _ in heard.words] == ["seven"] and heard.confidence - 1e-6 <= heard.words[0][1] <= 1.0
    decided = source.blocks_read * BLOCK  # the position of the last block the listener needed
    spoken_until = lead + seconds(said)
    assert 0.8 - 0.05 <= decided - spoken_until <= 0.8 + 0.3
    turn = listener.last_turn
    assert turn.endpoint_delay == pytest.approx(0.8, abs=0.03)
    assert turn.finish_seconds < 1.0


def test_silence_returns_silent_after_the_timeout_without_feeding_the_recognizer(recognizer):
    source = BytesSource(room(noise(0.2, 0)))
    listener = VoiceListener(source, recognizer)
    heard = listener.listen(ListenRequest(["yes", "no"], trailing_silence=1.0, no_speech_timeout=2.0, max_utterance=10.0))
    assert heard == Heard(text="", confidence=0.0, silent=True)
    assert source.blocks_read * BLOCK == pytest.approx(2.0)
    assert listener.last_turn.frames_recognized == 0
    assert source.turns_started == 1


def test_speech_over_steady_noise_still_ends_on_silence_not_max_length(recognizer):
    said = speech("yes")
    quiet = np.zeros(16000, np.int16)
    audio = with_noise(np.concatenate([quiet, said, quiet, quiet, quiet]), snr_db=20, seed=5)
    assert np.std(audio[:16000]) > 150  # webrtcvad alone calls noise this loud speech
    source = BytesSource(audio)
    listener = VoiceListener(source, recognizer)
    heard = listener.listen(ListenRequest(OPTIONS, trailing_silence=0.8, no_speech_timeout=5.0, max_utterance=8.0))
    assert listener.last_turn.outcome == "end"
    assert source.blocks_read * BLOCK < seconds(audio)  # decided inside the noisy stretch
    assert heard.text == "yes"


def test_max_utterance_closes_a_long_answer_and_keeps_its_text(recognizer):
    said = speech("I want to talk about when you left the room and how I felt about it")
    source = BytesSource(room(noise(0.3, 0), said))
    listener = VoiceListener(source, recognizer)
    heard = listener.listen(ListenRequest(None, trailing_silence=1.0, no_speech_timeout=5.0, max_utterance=1.5))
    assert listener.last_turn.outcome == "max_utterance"
    assert "talk" in heard.text.split()
    assert "room" not in heard.text.split()


class SpeakingSource(BytesSource):
    """Holds `speaking` set for the first `speaking_blocks` blocks, as mend's speaker would while a prompt plays."""

    def __init__(self, samples, speaking: threading.Event, speaking_blocks: int) -> None:
        super().__init__(samples)
        self.speaking = speaking
        self.speaking_blocks = speaking_blocks
        speaking.set()

    def read_block(self, timeout: float):
        block = super().read_block(timeout)
        if self.blocks_read >= self.speaking_blocks:
            self.speaking.clear()
        return block


def test_audio_heard_while_mend_speaks_is_discarded(recognizer):
    speaking = threading.Event()
    said = speech("yes")
    source = SpeakingSource(room(noise(0.3, 0), said, noise(0.5, 0)), speaking, speaking_blocks=60)
    listener = VoiceListener(source, recognizer, speaking=speaking)
    heard = listener.listen(ListenRequest(OPTIONS, trailing_silence=0.8, no_speech_timeout=1.5, max_utterance=10.0))
    assert heard.silent and heard.text == ""
    assert listener.last_turn.blocks_discarded == 60


def test_barge_in_hears_stop_while_mend_speaks_then_takes_the_answer(recognizer):
    speaking = threading.Event()
    commands: list[str] = []
    stop, answer = speech("stop"), speech("no")
    audio = room(noise(0.3, 0), stop, noise(0.6, 0), noise(0.4, 0), answer)
    speaking_blocks = int((0.3 + seconds(stop) + 0.6) / BLOCK)
    source = SpeakingSource(audio, speaking, speaking_blocks)
    listener = VoiceListener(source, recognizer, speaking=speaking, barge_in=True, on_barge_in=commands.append)
    heard = listener.listen(ListenRequest(OPTIONS, trailing_silence=0.8, no_speech_timeout=5.0, max_utterance=10.0))
    assert commands == ["stop"]
    assert heard.command_during_speech == "stop"
    assert heard.text == "no"
    assert "stop" in BARGE_IN_PHRASES


def test_30ms_blocks_work_the_same(recognizer):
    class ThirtyMs(BytesSource):
        def __init__(self, samples):
            super().__init__(samples)
            raw = b"".join(self._blocks)
            self._blocks = [raw[i : i + 960] for i in range(0, len(raw), 960)]

    source = ThirtyMs(room(noise(0.5, 0), speech("colleague")))
    listener = VoiceListener(source, recognizer)
    heard = listener.listen(ListenRequest(OPTIONS, trailing_silence=0.8, no_speech_timeout=5.0, max_utterance=10.0))
    assert heard.text == "colleague"
    assert listener.last_turn.endpoint_delay == pytest.approx(0.8, abs=0.03)


def test_a_stalled_source_cannot_hold_the_turn_open(recognizer):
    source = BytesSource(room(noise(0.2, 0)), then_silence=False)
    listener = VoiceListener(source, recognizer, read_timeout=0.01)
    heard = listener.listen(ListenRequest(["yes", "no"], trailing_silence=0.5, no_speech_timeout=0.4, max_utterance=5.0))
    assert heard.silent


def test_a_closed_answer_is_finalised_during_the_trailing_silence(recognizer):
    said = speech("seven")
    source = BytesSource(room(noise(0.6, 0), said))
    listener = VoiceListener(source, recognizer)
    heard = listener.listen(ListenRequest(OPTIONS, trailing_silence=0.8, no_speech_timeout=5.0, max_utterance=15.0))
    turn = listener.last_turn
    assert heard.text == "seven"
    assert heard.words and heard.words[0][0] == "seven" and 0.0 < heard.words[0][1] <= 1.0  # for "Did you say"
    assert turn.finalised_early and turn.resumed_after_early == 0
    assert turn.finish_seconds < 0.005  # the result was ready when the turn was decided: no FinalResult left
    assert turn.endpoint_delay == pytest.approx(0.8, abs=0.03)  # the turn still waits for the whole silence


def test_early_finalisation_gives_the_same_result_as_finishing_after_the_decision(recognizer):

    audio = room(noise(0.6, 0), speech("about a seven"))
    request = ListenRequest(["about a seven", "seven", "about a three", "three", "yes", "no"], trailing_silence=0.8,
                            no_speech_timeout=5.0, max_utterance=15.0)
    early = VoiceListener(BytesSource(audio), recognizer).listen(request)
    late_listener = VoiceListener(BytesSource(audio), recognizer, settings=EndpointSettings(early_final=0))
    late = late_listener.listen(request)
    assert not late_listener.last_turn.finalised_early
    assert early.text == late.text == "about a seven"
    assert early.words == late.words


def test_speech_resuming_after_a_short_pause_is_heard_whole(recognizer):
    first, second = trim(speech("maybe")), trim(speech("seven"))
    source = BytesSource(room(noise(0.6, 0), first, noise(0.3, 0), second))
    listener = VoiceListener(source, recognizer)
    heard = listener.listen(ListenRequest(["maybe seven", *OPTIONS], trailing_silence=0.8, no_speech_timeout=5.0,
                                          max_utterance=15.0))
    turn = listener.last_turn
    assert turn.resumed_after_early == 1  # finalised in the pause, then started over when "seven" came
    assert heard.text == "maybe seven"
    assert [w for w, _ in heard.words] == ["maybe", "seven"]
    assert all(0.0 < c <= 1.0 for _, c in heard.words) and heard.confidence > 0.0
    assert turn.finalised_early and turn.finish_seconds < 0.005  # and finalised early again after "seven"
    speech_end = 0.6 + seconds(first) + 0.3 + seconds(second)
    assert turn.speech_end == pytest.approx(speech_end, abs=0.1)


def test_open_answers_are_decoded_to_the_end(recognizer):
    source = BytesSource(room(noise(0.5, 0), speech("we argued about the dishes")))
    listener = VoiceListener(source, recognizer)
    heard = listener.listen(ListenRequest(None, trailing_silence=1.0, no_speech_timeout=5.0, max_utterance=15.0))
    assert "dishes" in heard.text.split()
    assert not listener.last_turn.finalised_early and heard.alternatives == []


def test_the_spotter_returns_what_it_heard_when_the_full_model_heard_otherwise(recognizer):
    # the spotter can only say its phrases ("[unk]" for the rest), so what it heard differs from the full text
    audio = room(noise(0.3, 0), speech("i have been thinking about ending my life", voice="en-us+f3", rate=140),
                 noise(0.2, 0), seed=1)
    listener = VoiceListener(BytesSource(audio), recognizer, spotting=["ending my life", "he hits me", "suicide"])
    heard = listener.listen(ListenRequest(None, trailing_silence=1.5, no_speech_timeout=5.0, max_utterance=15.0))
    assert "thinking" in heard.text.split()  # the full model's transcript is still the answer
    assert heard.alternatives == ["ending my life"]


def test_the_spotter_also_listens_during_closed_questions(recognizer):
    # a closed question's grammar has no words for a crisis; the spotter beside it does
    phrases = ["i want to kill myself", "kill myself", "he hits me", "suicide"]
    listener = VoiceListener(BytesSource(room(noise(0.5, 0), speech("yes"))), recognizer, spotting=phrases)
    heard = listener.listen(ListenRequest(OPTIONS, trailing_silence=0.8, no_speech_timeout=5.0, max_utterance=15.0))
    assert heard.text == "yes"
    assert concern_in(heard.text, heard.alternatives) is None  # loose words it strings together raise nothing
    crisis = room(noise(0.5, 0), speech("i want to kill myself"), noise(0.2, 0))
    listener = VoiceListener(BytesSource(crisis), recognizer, spotting=phrases)
    heard = listener.listen(ListenRequest(OPTIONS, trailing_silence=0.8, no_speech_timeout=5.0, max_utterance=15.0))
    assert "kill" not in heard.text.split()  # the grammar cannot say it ...
    assert any("kill myself" in alternative for alternative in heard.alternatives)  # ... the spotter can
    assert concern_in(heard.text, heard.alternatives).kind == "self_harm"
    # said in two parts: the pause finalises both recognizers early, speech coming back starts both over
    parts = room(noise(0.5, 0), speech("i want to"), noise(0.3, 0), speech("kill myself"), noise(0.2, 0))
    listener = VoiceListener(BytesSource(parts), recognizer, spotting=phrases)
    heard = listener.listen(ListenRequest(OPTIONS, trailing_silence=0.8, no_speech_timeout=5.0, max_utterance=15.0))
    assert listener.last_turn.resumed_after_early >= 1
    assert concern_in(heard.text, heard.alternatives).kind == "self_harm", heard.alternatives


def test_a_kept_recording_is_zeroed_when_the_next_turn_begins(recognizer):
    # whatever the session made of the turn (stored, a command, unclear), its speech does not outlive it
    source = BytesSource(room(noise(0.4, 0), speech("I am sorry I raised my voice"), noise(2.5, 0)))
    listener = VoiceListener(source, recognizer)
    kept = ListenRequest(None, trailing_silence=1.0, no_speech_timeout=5.0, max_utterance=30.0, keep_recording=True)
    heard = listener.listen(kept)
    recording = heard.recording
    assert recording is not None and any(recording.samples)
    view = recording.samples  # the one buffer the speech lives in
    listener.listen(ListenRequest(None, trailing_silence=1.0, no_speech_timeout=0.5, max_utterance=5.0))
    assert len(view) == 0 and not any(view)
