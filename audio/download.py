"""Downloading a model archive: resuming after a dropped connection, checking checksums, falling back.

A 40 MB download over a shaky connection is the first thing a new user of voice mode meets, so a connection cut
mid-body is retried and the transfer resumes where it stopped (HTTP Range) instead of starting over, and when
the usual home of a model cannot be reached the next source is tried. What arrives is checked against the
published SHA-1 and the checksums mend ships before anything is unpacked. Progress is reported to an object the
caller supplies (the CLI draws a bar); this module prints nothing.
"""

from __future__ import annotations

import hashlib
import re
import time
import urllib.error
import urllib.request
from http.client import HTTPException
from pathlib import Path
from typing import Callable, Protocol, TypeVar

from mend.audio.errors import ArchiveError, ModelError
from mend.audio.model_sources import Source, describe

CHUNK = 256 * 1024
USER_AGENT = "mend-model-download"
_RETRY_STATUS = (408, 429, 500, 502, 503, 504)
T = TypeVar("T")


class Progress(Protocol):
    def start(self, model: str, url: str, total: int | None, done: int) -> None: ...
    def update(self, done: int) -> None: ...
    def finish(self) -> None: ...
    def note(self, text: str) -> None: ...


class NoProgress:
    """Reports nothing (library callers, tests)."""

    def start(self, model: str, url: str, total: int | None, done: int) -> None:
        pass

    def update(self, done: int) -> None:
        pass

    def finish(self) -> None:
        pass

    def note(self, text: str) -> None:
        pass


def file_digest(path: Path, algorithm: str) -> str:
    digest = hashlib.new(algorithm)
    with open(path, "rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _open(url: str, timeout: float, start: int = 0):
    headers = {"User-Agent": USER_AGENT}
    if start:
        headers["Range"] = f"bytes={start}-"
    return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout)


def _total(response, start: int) -> tuple[int | None, bool]:
    """(full size or None, whether the body continues at `start`) from a 200 or 206 answer."""
    if start and response.status == 206:
        match = re.search(r"/(\d+)\s*$", response.headers.get("Content-Range", ""))
        length = response.headers.get("Content-Length", "")
        if match:
            return int(match.group(1)), True
        return (start + int(length) if length.isdigit() else None), True
    length = response.headers.get("Content-Length", "")
    return (int(length) if length.isdigit() else None), False


def _http_error(url: str, exc: urllib.error.HTTPError) -> ModelError:
    if exc.code == 404:
        return ModelError(f"{url} is not there (404 Not Found)",
                          hint="Check the model name, or use `mend model install PATH` with a model you have.")
    return ModelError(f"download failed: {url} answered {exc.code} {exc.reason}",
                      hint="Try again later, or use `mend model install PATH` with a model you already have.")


def fetch(url: str, dest: Path, progress: Progress, *, model: str, limit: int, timeout: float = 30.0,
          attempts: int = 5, backoff: float = 1.0, sleep: Callable[[float], None] = time.sleep) -> int:
    """Download `url` into `dest`, resuming a partial `dest` and retrying a dropped connection; returns the size."""
    state = {"started": False}
    try:
        return _fetch(url, dest, progress, state, model, limit, timeout, attempts, backoff, sleep)
    finally:
        if state["started"]:
            progress.finish()


def _fetch(url, dest, progress, state, model, limit, timeout, attempts, backoff, sleep) -> int:
    done = dest.stat().st_size if dest.exists() else 0
    failure: Exception | None = None
    for attempt in range(1, attempts + 1):
        try:
            with _open(url, timeout, done) as response:
                total, resumed = _total(response, done)
                if not resumed:
                    done = 0
                if total is not None and total > limit:
                    raise ModelError(f"{url} is {total} bytes, more than the {limit}-byte limit",
                                     hint="Pick a smaller model, or get it another way and use "
                                          "`mend model install PATH`.")
                if not state["started"]:
                    progress.start(model, url, total, done)
                    state["started"] = True
                with open(dest, "ab" if resumed else "wb") as out:
                    while chunk := response.read(CHUNK):
                        done += len(chunk)
                        if done > limit:
                            raise ModelError(f"{url} sent more than {limit} bytes; stopped",
                                             hint="Download the model yourself and use `mend model install PATH`.")
                        out.write(chunk)
                        progress.update(done)
                if total is not None and done < total:
                    raise HTTPException(f"{done} of {total} bytes")
                return done
        except urllib.error.HTTPError as exc:
            if exc.code == 416 and done:  # the partial file no longer fits what the server has: start over
                dest.unlink(missing_ok=True)
                done, failure = 0, exc
                continue
            if exc.code not in _RETRY_STATUS or attempt == attempts:
                raise _http_error(url, exc) from exc
            failure = exc
        except urllib.error.URLError as exc:
            if not state["started"] or attempt == attempts:
                raise ModelError(f"cannot reach {describe_host(url)}: {exc.reason}",
                                 hint="Check the network connection, set MEND_MODEL_URL_BASE to a mirror, or "
                                      "use `mend model install PATH`.") from exc
            failure = exc
        except (HTTPException, ConnectionError, TimeoutError) as exc:
            failure = exc
        if attempt < attempts:
            progress.note(f"connection dropped after {done / 1e6:.1f} MB; resuming (try {attempt + 1} of {attempts})")
            sleep(backoff * attempt)
    raise ModelError(f"the download from {describe_host(url)} was cut off {attempts} times ({failure})",
                     hint="Run `mend model download` again when the connection is steadier.")


def describe_host(url: str) -> str:
    return url.split("//", 1)[-1].split("/", 1)[0]


def _published_sha1(url: str, timeout: float) -> str:
    try:
        with _open(url, timeout) as response:
            text = response.read(4096).decode("ascii", errors="replace")
    except urllib.error.HTTPError as exc:
        raise _http_error(url, exc) from exc
    except (urllib.error.URLError, HTTPException, ConnectionError, TimeoutError) as exc:
        raise ModelError(f"cannot read the published checksum {url} ({exc})",
                         hint="Run `mend model download` again.") from exc
    match = re.match(r"\s*([0-9a-fA-F]{40})\b", text)
    if not match:
        raise ModelError(f"{url} does not hold a SHA-1 checksum", hint="Check the mirror's copy of the model.")
    return match.group(1).lower()


def check_archive(source: Source, archive: Path, timeout: float) -> None:
    """Compare the archive with its published SHA-1 and the sums mend knows; a mismatch is a ModelError."""
    expected: list[tuple[str, str, str]] = []  # (algorithm, digest, where it comes from)
    if source.sha1_url:
        expected.append(("sha1", _published_sha1(source.sha1_url, timeout), f"published at {source.sha1_url}"))
    if source.sha1:
        expected.append(("sha1", source.sha1.lower(), "known to mend"))
    if source.sha256:
        expected.append(("sha256", source.sha256.lower(), "known to mend"))
    digests: dict[str, str] = {}
    for algorithm, digest, where in expected:
        actual = digests.setdefault(algorithm, file_digest(archive, algorithm))
        if actual != digest:
            raise ModelError(
                f"the download of {source.filename} from {source.host} does not match its checksum {where} "
                f"({algorithm.upper()} {actual}, expected {digest})",
                hint="Run `mend model download` again; if it repeats, the server's copy has changed or the "
                     "connection is being tampered with: get the model another way and use `mend model install PATH`.")


def download_archive(source: Source, work_dir: Path, progress: Progress, *, limit: int, timeout: float = 30.0,
                     attempts: int = 5, backoff: float = 1.0) -> Path:
    """Fetch one source's archive into `work_dir` and check it; returns the archive's path."""
    archive = work_dir / source.filename
    try:
        fetch(source.url, archive, progress, model=source.model, limit=limit, timeout=timeout,
              attempts=attempts, backoff=backoff)
        check_archive(source, archive, timeout)
    except BaseException:
        archive.unlink(missing_ok=True)
        raise
    return archive


def from_first_that_works(sources: list[Source], progress: Progress, attempt: Callable[[Source], T]) -> T:
    """`attempt(source)` for each source in turn until one succeeds; every failure is named if all fail."""
    failures: list[tuple[Source, ModelError]] = []
    for index, source in enumerate(sources):
        try:
            return attempt(source)
        except (ModelError, ArchiveError) as exc:
            failures.append((source, exc))
            if index + 1 < len(sources):
                progress.note(exc.message)
                progress.note(f"trying {describe(sources[index + 1])} instead")
    if len(failures) == 1:
        raise failures[0][1]
    name = sources[0].model
    details = "; ".join(f"{describe(source)}: {exc.message}" for source, exc in failures)
    raise ModelError(f"could not download {name} from any source ({details})", hint=failures[-1][1].hint)
