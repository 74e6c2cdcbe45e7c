"""Helpers for model-management tests: small structurally valid model folders, archives built from them, the real
Vosk model archive when it is available, and a local HTTP server that can cut a download off mid-body."""

from __future__ import annotations

import io
import os
import tarfile
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SMALL_LAYOUT = (
    "README", "am/final.mdl", "conf/mfcc.conf", "conf/model.conf", "graph/Gr.fst", "graph/HCLr.fst",
    "graph/disambig_tid.int", "graph/phones/word_boundary.int", "ivector/final.dubm", "ivector/final.ie",
    "ivector/final.mat", "ivector/global_cmvn.stats", "ivector/online_cmvn.conf", "ivector/splice.conf",
)
AAR_NAME = "vosk-model-en-0.3.45.aar"


def make_fake_model(parent: Path, name: str = "fake-model", uuid: str | None = None) -> Path:
    """A folder with every file of the small English model's layout, filled with distinct bytes (not loadable
    by Vosk, but complete for every structural check)."""
    root = Path(parent) / name
    for rel in SMALL_LAYOUT:
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(f"{name}:{rel}\n".encode() * 8)
    if uuid:
        (root / "uuid").write_text(uuid + "\n")
    return root


def zip_dir(source: Path, archive: Path, prefix: str | None = None) -> Path:
    """Zip `source` with entries under `prefix/` (default: the folder's name), as model zips are laid out."""
    prefix = source.name if prefix is None else prefix
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(source.rglob("*")):
            rel = path.relative_to(source).as_posix()
            zf.write(path, f"{prefix}/{rel}" if prefix else rel)
    return archive


def tar_dir(source: Path, archive: Path, mode: str = "w:gz") -> Path:
    with tarfile.open(archive, mode) as tf:
        tf.add(source, arcname=source.name)
    return archive


def zip_with(archive: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            zf.writestr(info, data)
    return archive


def tar_with(archive: Path, members: list[tuple[tarfile.TarInfo, bytes | None]], mode: str = "w:gz") -> Path:
    with tarfile.open(archive, mode) as tf:
        for info, data in members:
            if data is not None:
                info.size = len(data)
            tf.addfile(info, io.BytesIO(data) if data is not None else None)
    return archive


def real_aar() -> Path:
    """The real model AAR (from scripts/fetch-test-model.sh's cache or the machine's copy), else skip/fail."""
    cache = Path(os.environ.get("MEND_TEST_CACHE", Path.home() / ".cache" / "mend-test"))
    for candidate in (cache / AAR_NAME, Path("/tmp/mvnmodel") / AAR_NAME):
        if candidate.is_file():
            return candidate
    reason = f"real model archive {AAR_NAME} not found (scripts/fetch-test-model.sh fetches it)"
    if os.environ.get("MEND_REQUIRE_ALL") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


class ModelServer:
    """A 127.0.0.1 HTTP server in a thread (no HTTPS, no network) serving `files` (path under the root, or a bare
    file name matched anywhere -> bytes). It answers Range requests with 206, like real download hosts, and can
    misbehave on purpose: each path in `drops` maps to how many times its body is cut off halfway (correct
    Content-Length, then the connection closes), and a path ending in one of `unreachable` is never answered (the
    connection closes at once, as when a host cannot be reached)."""

    def __init__(self, files: dict[str, bytes], drops: dict[str, int] | None = None,
                 ranges: bool = True, unreachable: tuple[str, ...] = ()) -> None:
        self.files = files
        self.unreachable = unreachable
        self.drops = dict(drops or {})
        self.ranges = ranges
        self.requests: list[str] = []
        self.range_requests: list[tuple[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                server.requests.append(self.path)
                if server.unreachable and self.path.split("?", 1)[0].endswith(server.unreachable):
                    self.close_connection = True
                    return
                key, body = server.lookup(self.path)
                if body is None:
                    self.send_error(404, "Not Found")
                    return
                start = 0
                wanted = self.headers.get("Range", "")
                if wanted and server.ranges:
                    server.range_requests.append((self.path, wanted))
                    start = int(wanted.removeprefix("bytes=").split("-")[0])
                    if start >= len(body):
                        self.send_error(416, "Range Not Satisfiable")
                        return
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
                else:
                    self.send_response(200)
                part = body[start:]
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(part)))
                self.end_headers()
                if server.drops.get(key, 0) > 0:
                    server.drops[key] -= 1
                    self.wfile.write(part[: len(part) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(part)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def lookup(self, path: str) -> tuple[str, bytes | None]:
        rel = path.split("?", 1)[0].removeprefix(self.root_path + "/")
        for key in (rel, rel.rsplit("/", 1)[-1]):
            if key in self.files:
                return key, self.files[key]
        return rel, None

    root_path = "/mirror"

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{self.root_path}"

    def __enter__(self) -> "ModelServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


def unreachable_base() -> str:
    """An http address on this machine where nothing listens (a port just bound and released)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/nothing"


def leftovers(models_dir: Path) -> list[str]:
    """Hidden staging folders left in a models folder (there must be none after any finished call)."""
    return sorted(p.name for p in Path(models_dir).iterdir() if p.name.startswith(".")) if models_dir.exists() else []
