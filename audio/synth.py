"""Text -> complete WAV file with pyttsx3/espeak-ng, cached on disk so a repeated prompt costs nothing.

pyttsx3 2.99's espeak driver is not thread-safe and races in four ways this module works around:
- `runAndWait` returns before espeak's callback has written the file, so we wait for the driver's
  "finished-utterance" notification and then for a file whose size is stable and whose RIFF header matches it;
- a property set just before synthesis is dropped when the driver cancels espeak's queue at loop end, so
  properties are set directly, espeak's queue is drained, and a rate change is verified against a calibration
  phrase (the engine is re-created if the change did not take);
- its "finished" notification fires before the driver is idle again, and a job started then gets cancelled by
  espeak's own thread, so each job waits for an idle driver and a cut-short result is rendered once more;
- the driver prints "Audio saved to ..." on stdout, which would corrupt captions, so that print is silenced.
All engine calls happen on one worker thread. Output is trimmed so speech starts at the first sample.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import queue
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from audio.errors import SynthesisError
from audio.wavio import read_wav, to_int16, trim_silence, wait_for_complete_wav, write_wav

log = logging.getLogger(__name__)

MIN_WPM, MAX_WPM = 80, 450            # espeak's usable range; outside it the rate is clamped
PROCESSING_VERSION = "trim1"          # part of the cache key: changing the post-processing invalidates old files
_CALIBRATION = "one two three four five six seven"
_DRIVER_DEFAULT_WPM = 200            # what the espeak driver sets when it is created
_UNAVAILABLE_HINT = ("Install espeak-ng (`sudo apt-get install espeak-ng`); mend continues with captions only.")


@dataclass(frozen=True)
class _Settings:
    voice: str | None
    rate_wpm: int
    volume: float


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


class _EngineWorker:
    """The process's single pyttsx3 engine and the thread that owns it.

    espeak's synthesis callback is process-global, so two engines would steal each other's audio: every
    Synthesizer shares this one worker. Jobs are plain callables run on the worker thread, in submission order.
    """

    _instance: "_EngineWorker | None" = None
    _instance_lock = threading.Lock()

    @classmethod
    def shared(cls) -> "_EngineWorker":
        with cls._instance_lock:
            if cls._instance is None or not cls._instance.thread.is_alive():
                cls._instance = cls()
            return cls._instance

    def __init__(self) -> None:
        self.jobs: queue.Queue = queue.Queue()
        self.ready = threading.Event()
        self.init_error: SynthesisError | None = None
        self.engine = None
        self._retired: list = []
        self.engine_version = ""
        self.engine_restarts = 0
        self._finished = threading.Event()
        self._completed = True
        self._applied: _Settings | None = None
        self._calibration: tuple[_Settings, float] | None = None   # last calibration phrase length and its settings
        self._previous_calibration: tuple[_Settings, float] | None = None
        self._scratch_dir: Path | None = None
        self._tmp_counter = 0
        self.thread = threading.Thread(target=self._run, name="mend-synth", daemon=True)
        self.thread.start()

    def submit(self, job) -> Future:
        future: Future = Future()
        self.jobs.put((job, future))
        return future

    def _run(self) -> None:
        try:
            self._make_engine()
        except SynthesisError as exc:
            self.init_error = exc
        self.ready.set()
        while True:
            job, future = self.jobs.get()
            if not future.set_running_or_notify_cancel():
                continue
            if self.init_error is not None:
                future.set_exception(self.init_error)
                continue
            try:
                future.set_result(job(self))
            except SynthesisError as exc:
                future.set_exception(exc)
            except Exception as exc:  # an engine failure must reach the caller as SynthesisError, never kill the thread
                future.set_exception(SynthesisError(f"speech synthesis failed ({exc})", _UNAVAILABLE_HINT))

    def _make_engine(self) -> None:
        try:
            import pyttsx3
            import pyttsx3.drivers.espeak as espeak_driver
            from pyttsx3.drivers import _espeak
            espeak_driver.print = lambda *args, **kwargs: None   # the driver's "Audio saved to" line
            engine = pyttsx3.Engine() if self.engine is not None else pyttsx3.init()
            engine.connect("finished-utterance", self._on_finished)
            self._espeak = _espeak
            info = _espeak.Info()
            espeak_version = info.decode(errors="replace") if isinstance(info, bytes) else str(info)
        except Exception as exc:
            raise SynthesisError(f"speech synthesis is unavailable ({exc})", _UNAVAILABLE_HINT) from None
        from importlib.metadata import PackageNotFoundError, version
        try:
            pyttsx3_version = version("pyttsx3")
        except PackageNotFoundError:
            pyttsx3_version = "unknown"
        if self.engine is not None:
            # a dropped engine's destructor clears espeak's process-global callback, silencing its successor
            self._retired.append(self.engine)
        self.engine = engine
        self._engine_used = False
        self.engine_version = f"pyttsx3 {pyttsx3_version}; espeak-ng {espeak_version}; {PROCESSING_VERSION}"
        self._applied = None
        seconds = self._calibrate()   # warm-up: proves the engine works and leaves the driver idle
        if self._calibration is None:
            self._calibration = (_Settings(None, _DRIVER_DEFAULT_WPM, 1.0), seconds)

    def _on_finished(self, completed: bool = True, **_) -> None:
        self._completed = bool(completed)
        self._finished.set()

    def scratch_path(self) -> Path:
        if self._scratch_dir is None:
            import atexit
            import shutil
            import tempfile
            self._scratch_dir = Path(tempfile.mkdtemp(prefix="mend-speech-"))
            atexit.register(shutil.rmtree, self._scratch_dir, True)
        self._tmp_counter += 1
        return self._scratch_dir / f"render-{self._tmp_counter}.wav"

    def _wait_idle(self, timeout: float = 2.0) -> None:
        """Wait until the driver has left its callback and espeak's queue is empty. The "finished" notification
        comes before the driver marks itself idle; starting the next job earlier lets espeak's thread run our
        commands and cancel the new synthesis."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and (self._espeak.IsPlaying()
                                               or (self._engine_used and self.engine.proxy.isBusy())):
            time.sleep(0.001)

    def render(self, text: str, settings: _Settings | None, path: Path, timeout: float = 15.0) -> None:
        """Have the engine write `text` to `path` with `settings`; return once the file is complete and holds
        audio. One retry covers a synthesis the driver cancelled itself."""
        if settings is not None:
            self._apply(settings)
        for attempt in (1, 2):
            if self._render_once(text, path, timeout) or attempt == 2:
                return
            log.info("speech synthesis was cut short; rendering %r again", text[:40])

    def _render_once(self, text: str, path: Path, timeout: float) -> bool:
        self._wait_idle()
        self._finished.clear()
        self._completed = True
        path.unlink(missing_ok=True)
        try:
            self._engine_used = True   # a new engine reports "busy" until its first run; only later is it real
            self.engine.save_to_file(text, str(path))
            self.engine.runAndWait()
        except Exception as exc:
            raise SynthesisError(f"speech synthesis failed ({exc})", _UNAVAILABLE_HINT) from None
        if not self._finished.wait(timeout):
            raise SynthesisError("speech synthesis did not finish", _UNAVAILABLE_HINT)
        try:
            wait_for_complete_wav(path, timeout)
        except TimeoutError:
            raise SynthesisError("speech synthesis did not produce a complete file", _UNAVAILABLE_HINT) from None
        self._wait_idle()
        return self._completed and path.stat().st_size > 44

    def _set_properties(self, settings: _Settings) -> None:
        driver = self.engine.proxy._driver      # immediate, not via the proxy queue the driver may cancel
        if settings.voice:
            try:
                driver.setProperty("voice", settings.voice)
            except (ValueError, OSError) as exc:
                raise SynthesisError(f"voice {settings.voice!r} is not available ({exc})",
                                     "Pick an installed voice (see `espeak-ng --voices`) or leave it unset.") from None
        driver.setProperty("rate", settings.rate_wpm)
        driver.setProperty("volume", max(0.0, min(1.0, settings.volume)))
        deadline = time.monotonic() + 1.0
        while self._espeak.IsPlaying() and time.monotonic() < deadline:   # let espeak's queue take the change
            time.sleep(0.002)

    def _calibrate(self) -> float:
        path = self.scratch_path()
        try:
            self.render(_CALIBRATION, None, path)
            samples, rate = read_wav(path)
        finally:
            path.unlink(missing_ok=True)
        return len(trim_silence(samples, rate)) / rate

    def _rate_took_effect(self, settings: _Settings) -> bool:
        """Compare the calibration phrase's length with the previous one: espeak's duration scales about as 1/rate,
        so the measured ratio must land nearer the expected ratio than to "unchanged"."""
        seconds = self._calibrate()
        previous = self._calibration
        self._previous_calibration = previous
        self._calibration = (settings, seconds)
        if previous is None or previous[0].voice != settings.voice or previous[0].rate_wpm == settings.rate_wpm:
            return True
        expected = math.log(previous[0].rate_wpm / settings.rate_wpm)
        measured = math.log(seconds / previous[1]) if previous[1] > 0 and seconds > 0 else 0.0
        return abs(measured - expected) <= 0.5 * abs(expected)

    def _apply(self, settings: _Settings) -> None:
        """Set voice/rate/volume before every synthesis; prove that a rate change really took effect."""
        changed = self._applied is None or (self._applied.rate_wpm, self._applied.voice) != (settings.rate_wpm,
                                                                                              settings.voice)
        self._set_properties(settings)
        if changed and not self._rate_took_effect(settings):
            log.info("speech rate change to %s wpm was ignored; re-creating the engine", settings.rate_wpm)
            self.engine_restarts += 1
            reference = self._previous_calibration
            self._make_engine()
            self._set_properties(settings)
            self._calibration = reference
            if not self._rate_took_effect(settings):
                log.warning("speech rate change to %s wpm could not be verified", settings.rate_wpm)
        self._applied = settings


class Synthesizer:
    """Text -> cached WAV (mono int16) with the given voice, rate and volume, rendered by the shared engine worker.

    Settings are read when a text is submitted, so a rate change applies to the very next prompt.
    """

    def __init__(self, voice: str | None = None, rate_wpm: int = 165, volume: float = 1.0,
                 cache_dir: str | os.PathLike | None = None, timeout: float = 15.0) -> None:
        self.voice = voice
        self.rate_wpm = rate_wpm
        self.volume = volume
        self.cache_dir = _private_dir(Path(cache_dir) if cache_dir else default_cache_dir())
        self.timeout = timeout
        self.renders = 0            # files actually synthesised (cache misses), for tests and diagnostics
        self.cache_hits = 0
        self._worker = _EngineWorker.shared()

    @property
    def rate_wpm(self) -> int:
        return self._rate_wpm

    @rate_wpm.setter
    def rate_wpm(self, value: float) -> None:
        self._rate_wpm = int(min(MAX_WPM, max(MIN_WPM, round(value))))

    @property
    def engine_restarts(self) -> int:
        return self._worker.engine_restarts

    def _settings(self) -> _Settings:
        return _Settings(self.voice, self.rate_wpm, float(self.volume))

    def check(self) -> None:
        """Raise SynthesisError now if speech synthesis cannot work (for `mend doctor` and session start)."""
        self._worker.ready.wait(self.timeout)
        if self._worker.init_error is not None:
            raise self._worker.init_error

    def synthesize(self, text: str) -> Path:
        """A complete WAV of `text` (from the cache when possible). Raises SynthesisError."""
        return self.submit(text).result()

    def submit(self, text: str) -> Future:
        """Queue `text` for synthesis with the current settings; the Future's result is the WAV path."""
        text = " ".join(str(text).split())
        if not text:
            future: Future = Future()
            future.set_exception(SynthesisError("nothing to say (empty text)", "This is a bug in the caller."))
            return future
        settings = self._settings()
        return self._worker.submit(lambda worker: self._produce(worker, text, settings))

    def prefetch(self, texts) -> list[Future]:
        """Synthesise ahead of time in the background so later `synthesize` calls hit the cache."""
        return [self.submit(t) for t in texts if str(t).strip()]

    def cache_path(self, text: str) -> Path:
        """Where `text` with the current settings is (or will be) cached."""
        self.check()
        return self._path_for(" ".join(str(text).split()), self._settings())

    def voices(self) -> list[str]:
        """Identifiers of the installed voices."""
        return self._worker.submit(lambda worker: [v.id for v in worker.engine.getProperty("voices")]).result()

    def close(self) -> None:
        """Nothing to release: the engine worker is shared by the whole process and idles when unused."""

    def _path_for(self, text: str, settings: _Settings) -> Path:
        key = json.dumps([text, settings.voice, settings.rate_wpm, round(settings.volume, 3),
                          self._worker.engine_version], ensure_ascii=False)
        return self.cache_dir / f"{hashlib.sha256(key.encode()).hexdigest()}.wav"

    def _produce(self, worker: _EngineWorker, text: str, settings: _Settings) -> Path:
        """Runs on the worker thread: return the cached file, or render, trim and store it atomically."""
        final = self._path_for(text, settings)
        if final.exists():
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
        tmp = final.with_name(f".{final.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        write_wav(tmp, to_int16(samples), rate)
        os.chmod(tmp, 0o600)
        os.replace(tmp, final)
        self.renders += 1
        return final
