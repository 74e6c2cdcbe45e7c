"""Giving a rehearsed line back to the person who said it.

In the rehearsal the person says their first words aloud. By voice, mend plays their own recording back: it was
kept in memory for this one turn only (`ListenRequest.keep_recording`), is never written anywhere, and is wiped
once played. In text mode, or when the speaker cannot play sound (captions only, speech written to a file), mend
reads the words back instead.
"""

from __future__ import annotations

from mend.assistant.lines import say as line
from mend.assistant.session.conversation import Conversation
from mend.audio.turns import Heard


def give_back(session: Conversation, heard: Heard) -> None:
    """Play the answer's recording, or read its words back; the recording is discarded either way."""
    recording, heard.recording = heard.recording, None
    turn = len(session.transcript)  # the wording changes from one session to the next
    try:
        if recording is not None and recording.samples:
            session.say(line("rehearsal.playing", turn))
            if session.speaker.play(recording):
                return
        if heard.text:
            session.say(line("rehearsal.read_back", turn, words=heard.text))
    finally:
        if recording is not None:
            recording.discard()
