"""Which speech engine renders mend's voice on this platform, and the plain pyttsx3 engine used off Linux.

On Linux the engine is espeak-ng, with the tuning `audio.espeak_worker` does around pyttsx3's espeak driver (its
races, rate verification, a silenced print). macOS (`nsss`) and Windows (`sapi5`) use pyttsx3's own driver for the
platform through its public API only: `pyttsx3.init(driver)`, `setProperty`, `save_to_file` and `runAndWait`.
macOS writes AIFF whatever the file name says, so its output is converted to WAV with the system's `afconvert`.
Only the Linux path is tested on real speech here; the other one is checked with a stand-in engine.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from mend.audio.errors import SynthesisError
from mend.audio.espeak_worker import PROCESSING_VERSION, EngineSettings, EngineWorker, pyttsx3_version
from mend.audio.wavio import wait_for_complete_wav

PORTABLE_HINT = ("Check that the system's own text-to-speech works (Spoken Content on macOS, Speech on Windows) "
                 "and that pyttsx3 is installed; mend continues with captions only.")


def driver_name(platform: str | None = None) -> str:
    """pyttsx3's driver for `platform` (default: this one): nsss on macOS, sapi5 on Windows, else espeak."""
    platform = sys.platform if platform is None else platform
    if platform == "darwin":
        return "nsss"
    if platform in ("win32", "cygwin"):
        return "sapi5"
    return "espeak"


def worker_class(platform: str | None = None) -> type[EngineWorker]:
    """The tuned espeak-ng worker where espeak-ng is the engine, the plain pyttsx3 worker elsewhere."""
    return EngineWorker if driver_name(platform) == "espeak" else PortableWorker


def _wait_for_stable_file(path: Path, timeout: float) -> None:
    deadline, last = time.monotonic() + timeout, -1
    while time.monotonic() < deadline:
        size = path.stat().st_size if path.exists() else -1
        if size > 0 and size == last:
            return
        last = size
        time.sleep(0.02)
    raise SynthesisError("speech synthesis did not produce a complete file", PORTABLE_HINT)


class PortableWorker(EngineWorker):
    """The process's single pyttsx3 engine with the platform's own driver, on the worker thread it shares with
    EngineWorker (same job queue, same one-engine-per-process rule); no espeak-specific workarounds."""

    _instance = None

    def __init__(self) -> None:
        self.driver = driver_name()
        super().__init__()

    def _make_engine(self) -> None:
        try:
            import pyttsx3

            self.engine = pyttsx3.init(self.driver)
        except Exception as exc:
            raise SynthesisError(f"speech synthesis is unavailable ({exc})", PORTABLE_HINT) from None
        self.engine_version = f"pyttsx3 {pyttsx3_version()}; {self.driver}; {PROCESSING_VERSION}"

    def render(self, text: str, settings: EngineSettings | None, path: Path, timeout: float = 15.0) -> None:
        """Write `text` to `path` as a WAV with `settings`, through pyttsx3's public API."""
        try:
            if settings is not None:
                if settings.voice:
                    self.engine.setProperty("voice", settings.voice)
                self.engine.setProperty("rate", settings.rate_wpm)
                self.engine.setProperty("volume", max(0.0, min(1.0, settings.volume)))
            target = path.with_suffix(".aiff") if self.driver == "nsss" else path
            path.unlink(missing_ok=True)
            target.unlink(missing_ok=True)
            self.engine.save_to_file(text, str(target))
            self.engine.runAndWait()
        except SynthesisError:
            raise
        except Exception as exc:
            raise SynthesisError(f"speech synthesis failed ({exc})", PORTABLE_HINT) from None
        if target != path:
            _wait_for_stable_file(target, timeout)
            self._to_wav(target, path, timeout)
        try:
            wait_for_complete_wav(path, timeout)
        except TimeoutError:
            raise SynthesisError("speech synthesis did not produce a complete file", PORTABLE_HINT) from None

    @staticmethod
    def _to_wav(source: Path, path: Path, timeout: float) -> None:
        """macOS's AIFF -> 16-bit little-endian WAV with the system's afconvert."""
        try:
            subprocess.run(["afconvert", "-f", "WAVE", "-d", "LEI16", str(source), str(path)], check=True,
                           capture_output=True, timeout=timeout)
        except (OSError, subprocess.SubprocessError) as exc:
            raise SynthesisError(f"could not convert the speech to WAV ({exc})", PORTABLE_HINT) from None
        finally:
            source.unlink(missing_ok=True)
