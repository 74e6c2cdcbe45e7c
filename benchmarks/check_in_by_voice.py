"""Answers to the safety check-in ("Is someone hurting you, or are you afraid of someone?") spoken aloud.

Only a plain no goes back to the exercise; anything else (a hedge, a no that turns, not answering, a yes) leads
to help. By voice the answer is heard through the grammar of yes and no, which can only force "no, not at the
moment" onto its own phrases ("no"), so a no is heard again by the full model and stands only when that hearing
bears it out (`safety.unsure.spoken_clear_no`).

The replies are the blind set's (`benchmarks/data/yes_no_blind.toml`: `safety_plain_no`, `safety_not_clear`,
written by someone who never saw the rules), spoken by espeak-ng in four voices over faint room noise and heard by
VoiceListener with the warm Recognizer and the safety spotter, as a session hears them. For each reply two
readings are counted from the same hearing: the grammar's alone (as before the full model was asked about a no)
and the session's (`answer_yes_no` with `settle=spoken_clear_no`).

After the crisis lines the person can say "I'm safe" to go back; that reply is heard through the grammar of the
crisis choices, which can make "safe" out of "I don't feel safe". The blind replies of
`benchmarks/data/crisis_replies_blind.toml` (`safe_to_go_back`, `not_safe`) are spoken the same way and read by the
grammar alone (`crisis_choice`) and as the session reads them (`spoken_choice`, both hearings). Where either
hearing leans towards safe without both agreeing, the session asks "Are you safe right now? Please say yes or no."; the person's answer comes
from `benchmarks/data/safe_now_blind.toml` (`safe` for those who are safe, `not_safe` for the rest, written blind)
and is read by `read_safe_now`: only a clear yes both hearings bear out goes back.

Usage: MEND_TEST_MODEL=/path/to/model python -m benchmarks.check_in_by_voice [--verbose]
"""

from __future__ import annotations

import sys
import time
import tomllib
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import REPO, Figure  # noqa: E402

VOICES = [("en-us", 150), ("en-gb", 170), ("en-us+f3", 140), ("en-gb-scotland", 160)]


def run(quick: bool, verbose: bool = False) -> list[Figure]:
    from mend.assistant.config import Settings
    from mend.assistant.safety.rules import safety_phrases
    from mend.assistant.safety.unsure import clear_no, spoken_clear_no
    from mend.assistant.session.listening import answer_yes_no
    from mend.audio.listener import VoiceListener
    from mend.audio.recognizer import Recognizer, load_model
    from benchmarks.common import model_path
    from tests.support.fakes import SideQuestionSession
    from tests.support.speech import BytesSource, room, silence, speech

    data = tomllib.loads((REPO / "benchmarks" / "data" / "yes_no_blind.toml").read_text(encoding="utf-8"))
    groups = {"plain no": data["safety_plain_no"], "not clear": data["safety_not_clear"]}
    recognizer = Recognizer(load_model(model_path()))
    recognizer.warm_up()
    settings = Settings()
    voices = VOICES[:2] if quick else VOICES
    # (group, "grammar" or "session") -> replies read as a clear no
    clear: dict[tuple[str, str], int] = {(g, r): 0 for g in groups for r in ("grammar", "session")}
    started, total = time.monotonic(), 0
    for v_index, (voice, rate) in enumerate(voices):
        for group, replies in groups.items():
            audio = [part for reply in replies for part in (speech(reply, voice=voice, rate=rate), silence(2.5))]
            listener = VoiceListener(BytesSource(room(silence(0.3), *audio, seed=v_index)), recognizer,
                                     spotting=safety_phrases())
            side = SideQuestionSession(listener, settings)
            for reply in replies:
                answer = answer_yes_no(side, "?", clear_no, settle=spoken_clear_no)
                heard = side.heard[-1]
                grammar = None if heard.silent else clear_no(heard.text)
                if grammar is None and heard.open_text:  # the old reading asked the full model only then
                    grammar = clear_no(heard.open_text)
                clear[(group, "grammar")] += grammar is False
                clear[(group, "session")] += answer is False
                total += 1
                wrong = (answer is False) != (group == "plain no")
                if verbose or wrong:
                    print(f"  {group:9} {voice:15} {reply!r:45} grammar={heard.text!r} "
                          f"full={heard.open_text!r} -> {answer}", file=sys.stderr)
    figures = _crisis_choices(recognizer, settings, voices, verbose)
    seconds = time.monotonic() - started
    n_plain = len(groups["plain no"]) * len(voices)
    n_other = len(groups["not clear"]) * len(voices)
    print(f"check-in by voice: {total} replies x 1 hearing in {seconds:.0f} s; plain noes kept: grammar "
          f"{clear[('plain no', 'grammar')]}, session {clear[('plain no', 'session')]} of {n_plain}; not-clear taken "
          f"as a no: grammar {clear[('not clear', 'grammar')]}, session {clear[('not clear', 'session')]} of "
          f"{n_other}", file=sys.stderr)
    return figures + [
        Figure("8g", "spoken not-clear check-in answers taken as a clear no", clear[("not clear", "session")],
               "count", "", None, f"of {n_other}; the grammar alone: {clear[('not clear', 'grammar')]}"),
        Figure("8h", "spoken plain noes to the check-in kept as a no", clear[("plain no", "session")], "count", "",
               None, f"of {n_plain}; the grammar alone: {clear[('plain no', 'grammar')]}"),
    ]


def _crisis_choices(recognizer, settings, voices, verbose: bool) -> list[Figure]:
    from mend.assistant.safety.resources import load_resources
    from mend.assistant.safety.rules import safety_phrases
    from mend.assistant.session.crisis import (
        _choice_request, crisis_choice, danger_in_reply, read_safe_now, spoken_choice,
    )
    from mend.assistant.session.listening import yes_no_request
    from mend.audio.listener import VoiceListener
    from tests.support.fakes import SideQuestionSession
    from tests.support.speech import BytesSource, room, silence, speech

    data = tomllib.loads((REPO / "benchmarks" / "data" / "crisis_replies_blind.toml").read_text(encoding="utf-8"))
    # what the person answers when asked "Are you safe right now? Please say yes or no." (written blind)
    answers = tomllib.loads((REPO / "benchmarks" / "data" / "safe_now_blind.toml").read_text(encoding="utf-8"))
    yes_no = yes_no_request(settings.listening)
    resources = load_resources()
    request = _choice_request(SideQuestionSession(None, settings), resources)
    # (group, reading) -> count; readings: "grammar" safe, "session" safe, "asked" once more
    counts: dict[tuple[str, str], int] = {}
    for v_index, (voice, rate) in enumerate(voices):
        for group in ("safe_to_go_back", "not_safe"):
            replies = data[group]
            audio = [part for reply in replies for part in (speech(reply, voice=voice, rate=rate), silence(2.5))]
            listener = VoiceListener(BytesSource(room(silence(0.3), *audio, seed=v_index)), recognizer,
                                     spotting=safety_phrases())
            said = answers["safe" if group == "safe_to_go_back" else "not_safe"]
            said = said[v_index % len(said):] + said[:v_index % len(said)]  # each voice starts elsewhere
            answer_audio = [part for answer in said for part in (speech(answer, voice=voice, rate=rate), silence(2.5))]
            answering = VoiceListener(BytesSource(room(silence(0.3), *answer_audio, seed=v_index + 7)), recognizer)
            for reply in replies:
                heard = listener.listen(request)
                grammar = None if heard.silent else crisis_choice(heard.text, resources)
                session = grammar
                if grammar != "repeat" and spoken_choice(heard, grammar, resources) == "ask":
                    answer = answering.listen(yes_no)  # the next blind answer to "Are you safe right now?"
                    safe = not answer.silent and danger_in_reply(answer) is None and read_safe_now(answer, resources)
                    session = "safe" if safe else "asked"
                    counts[(group, "asked")] = counts.get((group, "asked"), 0) + 1
                for reading, value in (("grammar", grammar == "safe"), ("session", session == "safe")):
                    counts[(group, reading)] = counts.get((group, reading), 0) + value
                if verbose or (session == "safe") != (group == "safe_to_go_back"):
                    print(f"  {group:15} {voice:15} {reply!r:45} grammar={heard.text!r} full={heard.open_text!r} "
                          f"-> {session}", file=sys.stderr)
    n_safe = len(data["safe_to_go_back"]) * len(voices)
    n_not = len(data["not_safe"]) * len(voices)
    return [
        Figure("8i", "spoken unsafe replies to the crisis choices taken as safe", counts[("not_safe", "session")],
               "count", "", None, f"of {n_not}; the grammar alone: {counts[('not_safe', 'grammar')]}; asked "
               f"\"are you safe right now?\": {counts.get(('not_safe', 'asked'), 0)}"),
        Figure("8j", "spoken safe replies to the crisis choices going back", counts[("safe_to_go_back", "session")],
               "count", "", None, f"of {n_safe}; the grammar alone: {counts[('safe_to_go_back', 'grammar')]}; "
               f"asked \"are you safe right now?\": {counts.get(('safe_to_go_back', 'asked'), 0)}"),
    ]


if __name__ == "__main__":
    from benchmarks.common import main_for

    if "--verbose" in sys.argv:
        for figure in run("--quick" in sys.argv, verbose=True):
            print(f"{figure.key} {figure.name}: {figure.shown_value()} ({figure.detail})")
    else:
        main_for(run)
