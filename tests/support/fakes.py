"""Stand-ins at the listener/speaker protocol boundary, for fast unit tests of the session loop.

Whole sessions with the real parts are in test_voice_sessions.py and test_cli_text_sessions.py; these only let a
test say exactly what was "heard", confidence included, which real speech cannot be made to produce on demand.
"""

from __future__ import annotations

from mend.audio.turns import EndOfInput, Heard, ListenRequest, Speaker


class ScriptedListener:
    def __init__(self, replies: list[Heard | str]) -> None:
        self.replies = [Heard(text=r, silent=not r) if isinstance(r, str) else r for r in replies]
        self.requests: list[ListenRequest] = []

    def listen(self, request: ListenRequest) -> Heard:
        self.requests.append(request)
        if not self.replies:
            raise EndOfInput()
        return self.replies.pop(0)


class RecordingSpeaker(Speaker):
    def __init__(self) -> None:
        self.said: list[str] = []
        self.rate_factors: list[float] = []

    def say(self, text: str) -> None:
        self.said.append(text)

    def set_rate_factor(self, factor: float) -> float:
        self.rate_factors.append(factor)
        return factor


class SideQuestionSession:
    """Just enough of a session for `session.listening.answer_yes_no` around a real listener: nothing is said aloud,
    safety is read elsewhere, and every hearing is kept (`heard`) for the caller to inspect."""

    def __init__(self, listener, settings=None) -> None:
        from mend.assistant.config import Settings

        self.listener, self.settings, self.heard = listener, settings or Settings(), []

    def say(self, text: str) -> None:
        pass

    def hear(self, request: ListenRequest) -> Heard:
        self.heard.append(self.listener.listen(request))
        return self.heard[-1]

    def check_safety(self, heard: Heard) -> None:
        pass
