"""The process's single pyttsx3/espeak-ng engine, owned by one worker thread, and the races it works around.

pyttsx3 2.99's espeak driver is not thread-safe and races in four ways this module works around:
- `runAndWait` returns before espeak's callback has written the file, so we wait for the driver's
  "finished-utterance" notification and then for a file whose size is stable and whose RIFF header matches it;
- a property set just before synthesis is dropped when the driver cancels espeak's queue at loop end, so
  properties are set directly, espeak's queue is drained, and a rate change is verified against a calibration
  phrase (the engine is re-created if the change did not take);
- its "finished" notification fires before the driver is idle again, and a job started then gets cancelled by
  espeak's own thread, so each job waits for an idle driver and a cut-short result is rendered once more;
- the driver prints "Audio saved to ..." on stdout, which would corrupt captions, so that print is silenced.
All engine calls happen on one worker thread.
"""

from __future__ import annotations

import logging
import math
import queue
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from mend.audio.errors import SynthesisError
from mend.audio.wavio import read_wav, trim_silence, wait_for_complete_wav

log = logging.getLogger(__name__)

MIN_WPM, MAX_WPM = 80, 450            # espeak's usable range; outside it the rate is clamped
PROCESSING_VERSION = "trim1"          # part of the cache key: changing the post-processing invalidates old files
_CALIBRATION = "one two three four five six seven"
_DRIVER_DEFAULT_WPM = 200            # what the espeak driver sets when it is created
UNAVAILABLE_HINT = ("Install espeak-ng (`sudo apt-get install espeak-ng`); mend continues with captions only.")


def pyttsx3_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pyttsx3")
    except PackageNotFoundError:
        return "unknown"


@dataclass(frozen=True)
class EngineSettings:
    """Voice, rate and volume: what one render is made with (and part of its cache key)."""
    voice: str | None
    rate_wpm: int
    volume: float


class EngineWorker:
    """The process's single pyttsx3 engine and the thread that owns it.

    espeak's synthesis callback is process-global, so two engines would steal each other's audio: every
    Synthesizer shares this one worker. Jobs are plain callables run on the worker thread, in submission order.
    """

    _instance: "EngineWorker | None" = None
    _instance_lock = threading.Lock()

    @classmethod
    def shared(cls) -> "EngineWorker":
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
        self._applied: EngineSettings | None = None
        self._calibration: tuple[EngineSettings, float] | None = None   # last calibration phrase length and its settings
        self._previous_calibration: tuple[EngineSettings, float] | None = None
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
                future.set_exception(SynthesisError(f"speech synthesis failed ({exc})", UNAVAILABLE_HINT))

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
            raise SynthesisError(f"speech synthesis is unavailable ({exc})", UNAVAILABLE_HINT) from None
        if self.engine is not None:
            # a dropped engine's destructor clears espeak's process-global callback, silencing its successor
            self._retired.append(self.engine)
        self.engine = engine
        self._engine_used = False
        self.engine_version = f"pyttsx3 {pyttsx3_version()}; espeak-ng {espeak_version}; {PROCESSING_VERSION}"
        self._applied = None
        seconds = self._calibrate()   # warm-up: proves the engine works and leaves the driver idle
        if self._calibration is None:
            self._calibration = (EngineSettings(None, _DRIVER_DEFAULT_WPM, 1.0), seconds)

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

    def render(self, text: str, settings: EngineSettings | None, path: Path, timeout: float = 15.0) -> None:
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
            raise SynthesisError(f"speech synthesis failed ({exc})", UNAVAILABLE_HINT) from None
        if not self._finished.wait(timeout):
            raise SynthesisError("speech synthesis did not finish", UNAVAILABLE_HINT)
        try:
            wait_for_complete_wav(path, timeout)
        except TimeoutError:
            raise SynthesisError("speech synthesis did not produce a complete file", UNAVAILABLE_HINT) from None
        self._wait_idle()
        return self._completed and path.stat().st_size > 44

    def _set_properties(self, settings: EngineSettings) -> None:
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

    def _rate_took_effect(self, settings: EngineSettings) -> bool:
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

    def _apply(self, settings: EngineSettings) -> None:
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
