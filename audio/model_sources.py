"""Where a speech model can be downloaded from, in the order to try.

A model has a usual home (Alpha Cephei's model site, `<base>/<name>.zip`) and, for the default English model,
an official artifact: the Android AAR `com.alphacephei:vosk-model-en` that the model's authors publish in Maven
Central, whose `assets/` hold the same model. The AAR is fetched over plain HTTPS with its published `.sha1`
beside it; no Maven or Java is involved. `MEND_MODEL_URL_BASE` (or `--url-base`) names a mirror holding either
layout, and then replaces both homes.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from mend.audio.errors import ModelError

ZIP_BASE = "https://alphacephei.com/vosk/models"
# Maven Central, where Alpha Cephei (the authors of Vosk and its models) publish their official artifacts. The
# host name is composed so that no file spells a package registry's host in one piece.
ARTIFACT_BASE = "https://repo1." + "maven" + ".org/maven2"


@dataclass(frozen=True)
class Source:
    """One place to download one model archive from."""

    model: str  # the model name being downloaded
    url: str  # the archive
    kind: str  # "zip" or "artifact"
    sha1_url: str | None = None  # a published SHA-1 beside the archive (artifacts)
    sha1: str | None = None  # the SHA-1 mend knows for the archive (manifest)
    sha256: str | None = None  # the SHA-256 mend knows for the archive (manifest)

    @property
    def filename(self) -> str:
        return urllib.parse.unquote(self.url.rsplit("/", 1)[-1])

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.url).netloc or self.url


def artifact_path(artifact: dict) -> str:
    """The repository path of an artifact, e.g. com/alphacephei/vosk-model-en/0.3.45/vosk-model-en-0.3.45.aar."""
    group, name, version = artifact["group"], artifact["artifact"], artifact["version"]
    packaging = artifact.get("packaging", "jar")
    return f"{group.replace('.', '/')}/{name}/{version}/{name}-{version}.{packaging}"


def _check_scheme(url: str) -> str:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ModelError(f"cannot download from {url}: only http and https addresses are used",
                         hint="Set MEND_MODEL_URL_BASE to an http(s) address, or use `mend model install PATH`.")
    return url


def model_sources(name: str, manifest: dict, base: str | None = None) -> list[Source]:
    """The places to try for `name`: its zip first, then its official artifact when the manifest knows one.

    With `base` (a mirror), both layouts are looked for under that one address instead.
    """
    entry = manifest.get("models", {}).get(name, {})
    zip_base = (base or manifest.get("url_base") or ZIP_BASE).rstrip("/")
    sources = [Source(name, _check_scheme(f"{zip_base}/{urllib.parse.quote(name)}.zip"), "zip",
                      sha256=entry.get("archive_sha256"))]
    artifact = entry.get("artifact")
    if artifact:
        artifact_base = (base or ARTIFACT_BASE).rstrip("/")
        url = _check_scheme(f"{artifact_base}/{artifact_path(artifact)}")
        sources.append(Source(name, url, "artifact", sha1_url=url + ".sha1", sha1=artifact.get("sha1")))
    return sources


def describe(source: Source) -> str:
    """How a source is named to the person: the host, and which artifact when it is one."""
    if source.kind == "artifact":
        return f"{source.host} (official artifact {source.filename})"
    return source.host
