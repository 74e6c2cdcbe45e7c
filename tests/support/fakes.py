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
