"""Safe unpacking of model archives (zip, AAR, tar, tar.gz/tgz, tar.bz2, tar.xz).

Model archives come from the internet or a stranger's USB stick, so extraction never trusts an entry: paths that
are absolute or climb out with `..`, links of any kind and device files are refused, and size limits stop an
archive that would fill the disk (a "zip bomb"). Entries are written by this module itself, never by
`extractall`, so every file it creates is one it has checked.
"""

from __future__ import annotations

import os
import stat
import tarfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Callable

from mend.audio.errors import ArchiveError

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ArchiveLimits:
    """Caps that a real Vosk model stays far below but a decompression bomb exceeds quickly."""

    max_total_bytes: int = 2 * 1024**3  # all entries together, uncompressed
    max_ratio: float = 200.0  # uncompressed:compressed, per zip entry / for the whole tar stream
    ratio_min_bytes: int = 1024 * 1024  # small entries may compress extremely well without harm
    max_entries: int = 10_000


def safe_member_path(name: str, archive: Path) -> PurePosixPath | None:
    """Relative path for an entry name, None for the archive root itself; refuses names that leave the tree."""
    cleaned = name.replace("\\", "/")
    if cleaned.startswith("/") or (len(cleaned) > 1 and cleaned[1] == ":"):
        raise ArchiveError(f"{archive.name} contains an absolute path: {name!r}; refusing to unpack it")
    parts = [part for part in PurePosixPath(cleaned).parts if part not in ("", ".")]
    if ".." in parts:
        raise ArchiveError(f"{archive.name} contains a path that leaves its folder: {name!r}; refusing to unpack it")
    if any("\x00" in part for part in parts):
        raise ArchiveError(f"{archive.name} contains a malformed entry name: {name!r}")
    return PurePosixPath(*parts) if parts else None


def write_entry(source: BinaryIO, target: Path, declared_size: int | None, budget: "_Budget") -> None:
    """Copy one entry's bytes to a new file, counting them against the limits as they arrive.

    Declared sizes in an archive header can lie, so the bytes actually written are what is checked.
    """
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    written = 0
    with os.fdopen(fd, "wb") as out:
        while chunk := source.read(CHUNK):
            written += len(chunk)
            if declared_size is not None and written > declared_size:
                raise ArchiveError(f"{budget.archive.name}: entry {target.name} is larger than its header says")
            budget.add(len(chunk))
            out.write(chunk)


class _Budget:
    """Running totals for one extraction, raising as soon as a limit is crossed."""

    def __init__(self, archive: Path, limits: ArchiveLimits, compressed_pos: Callable[[], int] | None = None) -> None:
        self.archive = archive
        self.limits = limits
        self.compressed_pos = compressed_pos  # for streams: compressed bytes consumed so far
        self.total = 0
        self.entries = 0

    def count_entry(self) -> None:
        self.entries += 1
        if self.entries > self.limits.max_entries:
            raise ArchiveError(
                f"{self.archive.name} has more than {self.limits.max_entries} entries; refusing to unpack it",
                hint="A Vosk model has a few dozen files; this archive is not one, or it is damaged.",
            )

    def add(self, size: int) -> None:
        self.total += size
        if self.total > self.limits.max_total_bytes:
            raise ArchiveError(
                f"{self.archive.name} unpacks to more than {self.limits.max_total_bytes} bytes; refusing to unpack it",
                hint="The archive may be a decompression bomb; get the model from a trusted source.",
            )
        if self.compressed_pos is not None:
            self.check_ratio(self.total, self.compressed_pos(), "its content")

    def check_ratio(self, uncompressed: int, compressed: int, what: str) -> None:
        if uncompressed <= self.limits.ratio_min_bytes:
            return
        if uncompressed > self.limits.max_ratio * max(compressed, 1):
            raise ArchiveError(
                f"{self.archive.name}: {what} expands more than {self.limits.max_ratio:g} times; refusing to unpack it",
                hint="The archive may be a decompression bomb; get the model from a trusted source.",
            )


def _make_parent(dest: Path, rel: PurePosixPath) -> Path:
    target = dest.joinpath(*rel.parts)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if target.exists() or target.is_symlink():
        raise ArchiveError(f"{dest.name}: entry {rel} appears twice in the archive")
    return target


def _extract_zip(archive: Path, dest: Path, limits: ArchiveLimits, on_entry: Callable[[str], None] | None) -> None:
    budget = _Budget(archive, limits)
    with zipfile.ZipFile(archive) as zf:
        infos = zf.infolist()
        for _ in infos:  # the central directory tells sizes up front: refuse before writing anything
            budget.count_entry()
        budget.add(sum(info.file_size for info in infos))
        budget = _Budget(archive, limits)
        for info in infos:
            rel = safe_member_path(info.filename, archive)
            mode = info.external_attr >> 16  # Unix st_mode when the creator stored one, else 0
            if stat.S_ISLNK(mode):
                raise ArchiveError(f"{archive.name} contains a link: {info.filename!r}; refusing to unpack it")
            if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                raise ArchiveError(f"{archive.name} contains a special file: {info.filename!r}; refusing to unpack it")
            if rel is None:
                continue
            if info.is_dir():
                dest.joinpath(*rel.parts).mkdir(parents=True, exist_ok=True, mode=0o700)
                continue
            budget.check_ratio(info.file_size, info.compress_size, f"entry {info.filename!r}")
            target = _make_parent(dest, rel)
            with zf.open(info) as source:
                write_entry(source, target, info.file_size, budget)
            if on_entry:
                on_entry(str(rel))


def _extract_tar(archive: Path, dest: Path, limits: ArchiveLimits, on_entry: Callable[[str], None] | None) -> None:
    with open(archive, "rb") as raw, tarfile.open(fileobj=raw, mode="r|*") as tf:
        budget = _Budget(archive, limits, compressed_pos=raw.tell)
        for member in tf:
            budget.count_entry()
            rel = safe_member_path(member.name, archive)
            if member.issym() or member.islnk():
                raise ArchiveError(f"{archive.name} contains a link: {member.name!r}; refusing to unpack it")
            if not (member.isfile() or member.isdir()):
                raise ArchiveError(f"{archive.name} contains a special file: {member.name!r}; refusing to unpack it")
            if rel is None:
                continue
            if member.isdir():
                dest.joinpath(*rel.parts).mkdir(parents=True, exist_ok=True, mode=0o700)
                continue
            if member.size > limits.max_total_bytes:
                budget.add(member.size)
            target = _make_parent(dest, rel)
            source = tf.extractfile(member)
            if source is None:
                raise ArchiveError(f"{archive.name}: cannot read entry {member.name!r}")
            write_entry(source, target, member.size, budget)
            if on_entry:
                on_entry(str(rel))


_ARCHIVE_MAGIC = (b"PK\x03\x04", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")


def _starts_like_an_archive(path: Path) -> bool:
    """A zip whose central directory was cut off starts like a zip but no longer opens as one."""
    with open(path, "rb") as handle:
        head = handle.read(8)
    return head.startswith(_ARCHIVE_MAGIC)


def extract_archive(
    archive: Path,
    dest: Path,
    limits: ArchiveLimits | None = None,
    on_entry: Callable[[str], None] | None = None,
) -> None:
    """Unpack `archive` into the existing empty directory `dest`, refusing anything unsafe.

    `on_entry(relative_path)` is called after each file is written (progress, or tests simulating a crash).
    On error `dest` may hold part of the archive; the caller owns `dest` and removes it.
    """
    limits = limits or ArchiveLimits()
    archive = Path(archive)
    if not archive.is_file():
        raise ArchiveError(f"archive {archive} does not exist", hint="Check the path and try again.")
    try:
        if zipfile.is_zipfile(archive):
            _extract_zip(archive, dest, limits, on_entry)
        elif tarfile.is_tarfile(archive):
            _extract_tar(archive, dest, limits, on_entry)
        elif _starts_like_an_archive(archive):
            raise ArchiveError(f"{archive.name} is damaged or truncated (its end is missing or unreadable)",
                               hint="Download or copy the archive again.")
        else:
            raise ArchiveError(
                f"{archive.name} is not a zip, AAR or tar archive",
                hint="Give a Vosk model folder, or a .zip, .aar, .tar.gz or .tgz archive holding one.",
            )
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno is not None:
            raise ArchiveError(f"cannot unpack {archive.name}: {exc.strerror or exc}",
                               hint="Check free disk space and permissions of the models folder.") from exc
        raise ArchiveError(f"{archive.name} is damaged or truncated ({exc})",
                           hint="Download or copy the archive again.") from exc
