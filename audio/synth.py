"""Text -> complete WAV file with pyttsx3/espeak-ng; prompts known in advance are cached on disk, nothing else is.

A repeated prompt should cost nothing, so fixed prompts are kept as WAV files in the speech cache. But a session
also says lines built from the person's own words (a drafted opening line, "I notice you said ...", a closing
summary). Reflections are intimate, so such a line must never outlive the moment it is spoken: a text is cached
persistently only when the caller said it is known in advance (`prefetch`, `remember`, `known_texts` or
`persistent=True`). Every other text is rendered into a private temporary folder (0700, one per Synthesizer) and
deleted once played (`release`), at `close()`, or at interpreter exit. The engine itself lives in
`audio.espeak_worker` (espeak-ng, Linux) or `audio.synth_portable` (pyttsx3's own driver on macOS and Windows),
chosen by platform in `audio.synth_portable.worker_class`; output is trimmed so speech starts at the first sample.
"""

from __future__ import annotations

import atexit
import hashlib
import itertools
import json
import logging
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterable
from concurrent.futures import Future
from pathlib import Path

import numpy as np

from mend.audio.errors import SynthesisError
from mend.audio.espeak_worker import (MAX_WPM, MIN_WPM, PROCESSING_VERSION, UNAVAILABLE_HINT, EngineSettings,
                                 EngineWorker)
from mend.audio.synth_portable import worker_class
from mend.audio.wavio import read_wav, to_int16, trim_silence, write_wav
from mend.audio.spoken_form import spoken_form

log = logging.getLogger(__name__)

_EngineWorker = EngineWorker          # the name tests and older callers patch
EPHEMERAL_PREFIX = "mend-said-"        # + pid: lets a later process sweep folders left by a killed one
_EPHEMERAL_NAME = re.compile(re.escape(EPHEMERAL_PREFIX) + r"(\d+)-")

__all__ = ["Synthesizer", "default_cache_dir", "MIN_WPM", "MAX_WPM", "PROCESSING_VERSION", "UNAVAILABLE_HINT"]


def default_cache_dir() -> Path:
    home = os.environ.get("MEND_HOME")
    if home:
        return Path(home) / "cache" / "speech"
    import platformdirs
    return Path(platformdirs.user_cache_dir("mend")) / "speech"


def _private_dir(path: Path) -> Path:
    """Create the cache folder and any missing parents as 0700 (mkdir's mode is filtered by the umask)."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(parents=True, exist_ok=True)
    for created in (path, *missing):
        os.chmod(created, 0o700)
    return path


def _normalized(text: object) -> str:
    """What is synthesised for a text: numbers, codes and abbreviations as people say them (`spoken_form`), so
    every speaker, the speech cache and `--audio-out` say "nine eight eight", never "nine hundred eighty-eight"."""
    return " ".join(spoken_form(str(text)).split())


def _sweep_abandoned_ephemeral_dirs(parent: Path) -> None:
    """Remove temporary speech folders of our own processes that died without cleaning up (killed, crashed)."""
    try:
        entries = list(parent.iterdir())
    except OSError:
        return
    for entry in entries:
        match = _EPHEMERAL_NAME.match(entry.name)
        if not match or int(match.group(1)) == os.getpid():
            continue
        try:
            if entry.lstat().st_uid != os.getuid():
                continue
            os.kill(int(match.group(1)), 0)
        except ProcessLookupError:
            shutil.rmtree(entry, ignore_errors=True)
        except OSError:   # alive but someone else's, or not ours to judge
            continue


def _store(path: Path, samples: np.ndarray, rate: int) -> None:
    """Write a private (0600) WAV atomically, so a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        write_wav(tmp, to_int16(samples), rate)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


class Synthesizer:
    """Text -> WAV (mono int16) with the given voice, rate and volume, rendered by the shared engine worker.

    Settings are read when a text is submitted, so a rate change applies to the very next prompt. When the cache
    folder cannot be created or written (read-only or full disk), every text is rendered as a temporary file.
    """

    def __init__(self, voice: str | None = None, rate_wpm: int = 165, volume: float = 1.0,
                 cache_dir: str | os.PathLike | None = None, timeout: float = 15.0,
                 known_texts: Iterable[str] = ()) -> None:
        self.voice = voice
        self.rate_wpm = rate_wpm
        self.volume = volume
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        try:
            _private_dir(self.cache_dir)
            self.caching = True
        except OSError as exc:
            log.warning("speech cache %s is not usable (%s); prompts are synthesised each time",
                        self.cache_dir, exc.strerror or exc)
            self.caching = False
        self.timeout = timeout
        self.renders = 0            # files actually synthesised (cache misses), for tests and diagnostics
        self.cache_hits = 0
        self._known: set[str] = set()
        self._ephemeral: Path | None = None
        self._ephemeral_lock = threading.Lock()
        self._ephemeral_names = itertools.count(1)
        self.remember(known_texts)
        self._worker = worker_class().shared()   # espeak-ng on Linux, the platform's own engine elsewhere

    @property
    def rate_wpm(self) -> int:
        return self._rate_wpm

    @rate_wpm.setter
    def rate_wpm(self, value: float) -> None:
        self._rate_wpm = int(min(MAX_WPM, max(MIN_WPM, round(value))))

    @property
    def engine_restarts(self) -> int:
        return self._worker.engine_restarts

    @property
    def ephemeral_dir(self) -> Path | None:
        """The private folder holding texts not known in advance, while it exists."""
        return self._ephemeral

    def _settings(self) -> EngineSettings:
        return EngineSettings(self.voice, self.rate_wpm, float(self.volume))

    def check(self) -> None:
        """Raise SynthesisError now if speech synthesis cannot work (for `mend doctor` and session start)."""
        self._worker.ready.wait(self.timeout)
        if self._worker.init_error is not None:
            raise self._worker.init_error

    def remember(self, texts: Iterable[str] | str) -> None:
        """Declare texts known in advance (fixed prompts): only these may be cached on disk."""
        for text in [texts] if isinstance(texts, str) else texts:
            text = _normalized(text)
            if text:
                self._known.add(text)

    def is_known(self, text: str) -> bool:
        return _normalized(text) in self._known

    def synthesize(self, text: str, persistent: bool | None = None) -> Path:
        """A complete WAV of `text` (from the cache when possible). Raises SynthesisError."""
        return self.submit(text, persistent).result()

    def submit(self, text: str, persistent: bool | None = None) -> Future:
        """Queue `text` for synthesis with the current settings; the Future's result is the WAV path.

        `persistent` None: cached on disk only if the text is known in advance; True: cache it (and know it from
        now on); False: temporary file, to be handed back with `release` once played.
        """
        text = _normalized(text)
        if not text:
            future: Future = Future()
            future.set_exception(SynthesisError("nothing to say (empty text)", "This is a bug in the caller."))
            return future
        if persistent:
            self._known.add(text)
        keep = text in self._known if persistent is None else bool(persistent)
        settings = self._settings()
        return self._worker.submit(lambda worker: self._produce(worker, text, settings, keep))

    def prefetch(self, texts) -> list[Future]:
        """Synthesise known prompts ahead of time in the background so later `synthesize` calls hit the cache."""
        texts = [t for t in texts if str(t).strip()]
        self.remember(texts)
        return [self.submit(t, persistent=True) for t in texts]

    def cache_path(self, text: str) -> Path:
        """Where `text` with the current settings is (or would be) cached when it is known in advance."""
        self.check()
        return self._path_for(_normalized(text), self._settings())

    def release(self, path: str | os.PathLike) -> None:
        """The caller has finished with a rendered file: a temporary one (a text not known in advance) is deleted."""
        folder = self._ephemeral
        path = Path(path)
        if folder is not None and path.parent == folder:
            path.unlink(missing_ok=True)

    def voices(self) -> list[str]:
        """Identifiers of the installed voices."""
        return self._worker.submit(lambda worker: [v.id for v in worker.engine.getProperty("voices")]).result()

    def close(self) -> None:
        """Delete every temporary rendering; the engine worker is shared by the whole process and stays."""
        with self._ephemeral_lock:
            folder, self._ephemeral = self._ephemeral, None
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    def _path_for(self, text: str, settings: EngineSettings) -> Path:
        key = json.dumps([text, settings.voice, settings.rate_wpm, round(settings.volume, 3),
                          self._worker.engine_version], ensure_ascii=False)
        return self.cache_dir / f"{hashlib.sha256(key.encode()).hexdigest()}.wav"

    def _ephemeral_path(self) -> Path:
        with self._ephemeral_lock:
            if self._ephemeral is None:
                parent = Path(tempfile.gettempdir())
                _sweep_abandoned_ephemeral_dirs(parent)
                folder = Path(tempfile.mkdtemp(prefix=f"{EPHEMERAL_PREFIX}{os.getpid()}-", dir=parent))  # 0700
                atexit.register(shutil.rmtree, folder, True)
                self._ephemeral = folder
            return self._ephemeral / f"line-{next(self._ephemeral_names)}.wav"

    def _produce(self, worker: EngineWorker, text: str, settings: EngineSettings, keep: bool) -> Path:
        """Runs on the worker thread: the cached file, or a fresh rendering stored in the cache (known texts) or in
        the temporary folder (everything else)."""
        final = self._path_for(text, settings)
        if self.caching and final.exists():
            self.cache_hits += 1
            return final
        raw = worker.scratch_path()
        try:
            worker.render(text, settings, raw, self.timeout)
            samples, rate = read_wav(raw)
        finally:
            raw.unlink(missing_ok=True)
        samples = trim_silence(samples, rate)
        if samples.size == 0:
            samples = np.zeros(int(0.05 * rate), dtype=np.float32)   # text with nothing to pronounce
        self.renders += 1
        if keep and self.caching:
            try:
                _store(final, samples, rate)
                return final
            except OSError as exc:   # full or read-only disk: speak anyway, from a temporary file
                log.warning("cannot cache speech in %s (%s)", self.cache_dir, exc.strerror or exc)
        target = self._ephemeral_path()
        _store(target, samples, rate)
        return target
