"""The recognizer on the real test model with espeak-ng speech: grammar choice, free speech, reuse, loading."""

from __future__ import annotations

import json

import pytest

from mend.audio.errors import ModelError
from mend.audio.recognizer import ModelLoader, Recognizer, Result, load_model
from tests.support.speech import blocks, have_espeak, noise, room, speech

pytestmark = [pytest.mark.model, pytest.mark.skipif(not have_espeak(), reason="espeak-ng is not installed")]

OPTIONS = ["yes", "no", "maybe", "seven", "three", "partner", "colleague", "friend", "family", "not sure"]


@pytest.fixture(scope="module")
def loader(test_model) -> ModelLoader:
    return ModelLoader(test_model).start()


@pytest.fixture(scope="module")
def recognizer(loader) -> Recognizer:
    return loader.recognizer(timeout=60)


def decode(recognizer: Recognizer, samples, phrases=None, block_bytes: int = 640) -> Result:
    recognizer.begin(phrases)
    raw = samples.tobytes()
    for start in range(0, len(raw), block_bytes):
        recognizer.accept(raw[start : start + block_bytes])
    return recognizer.finish()


def test_loader_loads_in_the_background_and_warms_up(loader, recognizer):
    assert loader.done
    assert loader.wait(timeout=1) is not None
    assert loader.load_seconds is not None and loader.load_seconds < 20
    assert loader.warm_up_seconds is not None and loader.warm_up_seconds < 10
    assert loader.recognizer(timeout=1) is recognizer  # the warmed one is handed out, not a fresh one


def test_loader_reports_a_bad_model_as_model_error(tmp_path):
    loader = ModelLoader(tmp_path / "missing").start()
    with pytest.raises(ModelError, match="does not exist"):
        loader.wait(timeout=10)


def test_load_model_checks_the_directory_first(tmp_path):
    (tmp_path / "am").mkdir()
    with pytest.raises(ModelError, match="missing"):
        load_model(tmp_path)


@pytest.mark.parametrize("word", ["yes", "no", "seven", "partner", "colleague"])
def test_grammar_picks_the_spoken_option_among_distractors(recognizer, word):
    result = decode(recognizer, room(noise(0.3, 0), speech(word), noise(0.5, 0)), OPTIONS)
    assert result.text == word
    assert result.words and result.words[0][0] == word
    assert 0.0 < result.confidence <= 1.0


def test_full_model_transcribes_a_simple_sentence(recognizer):
    result = decode(recognizer, room(noise(0.3, 0), speech("I felt hurt when you left the room"), noise(0.5, 0)))
    for key in ("when", "you", "left", "the", "room"):
        assert key in result.text.split()
    assert len(result.words) == len(result.text.split())
    # each word's own confidence (its posterior over the guesses) is at least its reading's share, the confidence
    assert all(result.confidence - 1e-6 <= c <= 1.0 for _, c in result.words)


def test_words_not_in_the_vocabulary_are_dropped_from_the_grammar(recognizer):
    grammar = recognizer.grammar_for(["partner", "zorblaxian", "my zorblaxian colleague", "Family!"])
    assert json.loads(grammar) == ["partner", "my colleague", "family", "[unk]"]
    result = decode(recognizer, room(noise(0.3, 0), speech("colleague"), noise(0.5, 0)), ["zorblaxian", "colleague", "partner"])
    assert result.text == "colleague"
    assert recognizer.grammar_for(["zorblaxian", "qwxzv"]) is None  # nothing usable: open speech instead


def test_reset_reuse_gives_the_same_result_twice_and_after_switching(recognizer):
    sentence = room(noise(0.3, 0), speech("I want to talk about what happened"), noise(0.5, 0))
    word = room(noise(0.3, 0), speech("seven"), noise(0.5, 0))
    first = decode(recognizer, sentence)
    second = decode(recognizer, sentence)
    chosen = decode(recognizer, word, OPTIONS)
    third = decode(recognizer, sentence)
    again = decode(recognizer, word, OPTIONS)
    assert first.text and first == second == third
    assert chosen.text == again.text == "seven"


def test_partial_text_grows_during_speech_and_finish_starts_clean(recognizer):
    recognizer.begin(None)
    for block in blocks(room(noise(0.3, 0), speech("I want to talk about it"))):
        recognizer.accept(block)
    assert "talk" in recognizer.partial()
    recognizer.finish()
    assert recognizer.partial() == ""


def test_long_pause_inside_an_answer_keeps_both_parts(recognizer):
    audio = room(noise(0.3, 0), speech("I want to talk"), noise(1.2, 0), speech("about when you left the room"), noise(0.4, 0))
    result = decode(recognizer, audio)
    assert "talk" in result.text.split()
    assert "room" in result.text.split()


def test_odd_sized_blocks_decode_the_same_as_whole_samples(recognizer):
    audio = room(noise(0.3, 0), speech("partner"), noise(0.5, 0))
    assert decode(recognizer, audio, OPTIONS, block_bytes=641).text == "partner"
    assert decode(recognizer, audio, None, block_bytes=641) == decode(recognizer, audio, None, block_bytes=640)


def test_a_spotter_hears_its_phrases_on_its_own_thread_and_is_reused(recognizer):
    phrases = ["i want to hurt myself", "he hits me", "ending my life"]
    spotter = recognizer.spotter(phrases)
    assert spotter is recognizer.spotter(phrases)  # built and warmed once per phrase list
    assert recognizer.spotter(["zzzqx"]) is None  # nothing in the vocabulary: nothing to spot
    raw = room(noise(0.3, 0), speech("i want to hurt myself"), noise(0.3, 0)).tobytes()
    for _ in range(2):  # a second turn after begin() starts clean
        spotter.begin()
        for start in range(0, len(raw), 640):
            spotter.accept(raw[start : start + 640])
        words = spotter.finish().result(timeout=10)
        assert [w for w, _ in words] == ["i", "want", "to", "hurt", "myself"]
        assert all(0.0 <= c <= 1.0 for _, c in words)
    spotter.begin()
    for start in range(0, len(raw) // 8, 640):
        spotter.accept(raw[start : start + 640])  # room noise only: nothing of the grammar
    assert spotter.finish().result(timeout=10) == []


def _native_heap_in_use() -> int | None:
    """Bytes glibc's malloc has handed out and not had back (None off glibc)."""
    import ctypes

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in
                    "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = MallInfo2
    except (OSError, AttributeError):
        return None
    return libc.mallinfo2().uordblks


def test_changing_grammar_every_turn_does_not_grow_native_memory(recognizer):
    # Swapping grammars with vosk's SetGrammar left ~1 KB behind per call; a long-lived process alternates
    # grammars every closed question, so this is the pattern that must stay flat.
    grammars = [["yes", "no", "not sure"], ["one", "two", "three", "seven"], ["partner", "friend", "family"],
                ["maybe", "colleague", "yes"], ["seven", "no"]]
    quiet = noise(0.2)
    for phrases in grammars:
        decode(recognizer, quiet, phrases)
    before = _native_heap_in_use()
    if before is None:
        pytest.skip("needs glibc's mallinfo2 to read the native heap")
    for turn in range(300):
        decode(recognizer, quiet, grammars[turn % len(grammars)])
    grown = _native_heap_in_use() - before
    assert grown < 100_000, f"native heap grew {grown} bytes over 300 grammar changes"
