"""The narrow seams between the rooms: the Speaker protocol's optional abilities, one ListenRequest factory, and
one hinted-error shape for the application's and the audio side's errors."""

from __future__ import annotations

import pytest

from mend.assistant.config import Settings
from mend.assistant.errors import ConfigError, JournalError, LinesError, MendError
from mend.assistant.session.listening import listen_request, step_request, yes_no_request
from mend.assistant.session.spoken_commands import change_rate
from mend.assistant.understanding.reading import YES_WORDS
from mend.audio.errors import AudioError, DeviceError, HintedError
from mend.audio.turns import Speaker
from mend.flows import builtin_flow


class OnlySays(Speaker):
    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)


def test_a_speaker_that_only_says_gets_the_optional_abilities_as_no_ops():
    speaker = OnlySays()
    assert speaker.set_rate_factor(1.2) is None and speaker.stop() is None and speaker.close() is None
    assert speaker.speaking is None and speaker.last_timing is None and speaker.on_caption is None


def test_slower_works_with_a_speaker_that_has_no_rate():
    class Conversation:
        settings = Settings()
        speaker = OnlySays()
        rate_factor = 1.0

        def say(self, text: str) -> None:
            self.speaker.say(text)

    talk = Conversation()
    change_rate(talk, "slower")
    assert talk.rate_factor < 1.0 and len(talk.speaker.said) == 1


def test_one_factory_builds_every_kind_of_turn_from_the_settings():
    listening = Settings().listening
    open_turn = step_request(listening, builtin_flow("repair").steps["what_happened"])
    assert open_turn.phrases is None and open_turn.trailing_silence == listening.open_trailing_silence
    closed = step_request(listening, builtin_flow("calm").steps["rate"])
    assert closed.phrases and closed.trailing_silence == listening.closed_trailing_silence
    yes_no = yes_no_request(listening)
    assert yes_no.phrases == [*YES_WORDS, "stop"] and yes_no.no_speech_timeout == listening.no_speech_timeout
    statement = listen_request(listening, None, optional=True)
    assert statement.optional and statement.no_speech_timeout == listening.statement_timeout
    patient = listen_request(listening, ["resume"], patience=60.0)
    assert patient.no_speech_timeout == 60.0 and patient.max_utterance == listening.max_utterance


@pytest.mark.parametrize("cls", [MendError, ConfigError, JournalError, LinesError, AudioError, DeviceError])
def test_every_typed_error_has_the_same_hinted_shape(cls):
    error = cls("something is wrong")
    assert isinstance(error, HintedError) and error.message == "something is wrong"
    assert error.hint == cls.default_hint and cls("x", hint="do this").hint == "do this"
