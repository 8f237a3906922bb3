"""The parse cache file: named sections of marshal data, each checked before it is used.

Layout: a magic line, the length of the header, the header (marshal: format, arl
version, record schema, Python's marshal version, and per section its offset, length and
CRC-32), then the sections. A section is read, checked and decoded only when asked for,
so a command that needs the invoices never reads the payments.

A cache is written to a temporary file and renamed into place, so a crashed run leaves
the previous cache (or none), never half of one; leftovers of such runs are removed by
the next write. Anything that does not check out (another version, a torn or corrupt
file) makes `open_cache` return None or `section` raise `CacheInvalid`, and the caller
parses the files afresh: the cache is never trusted beyond what it can prove.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import marshal
import os
import stat
import struct
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any, BinaryIO

from ar import __version__
from ar.store.names import CACHE_DIR, own_folder

FORMAT = 3
MAGIC = b"arl parse cache\n"
NAME = "book"
_LENGTH = struct.Struct("<I")
_CODE = ("cachefile", "codec", "names", "safefile", "scan", "settled", "snapshot")


def _code_fingerprint() -> str:
    """A digest of the code that writes and reads the cache: a cache made by any other
    code (another version, or a development copy of this one) is not trusted."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in _CODE:
        digest.update((here / f"{name}.py").read_bytes())
    digest.update((here.parent / "account.py").read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def stamp() -> tuple[Any, ...]:
    """What a cache must have been written with to be used: this format, arl version,
    record schema, cache code and Python (whose marshal format may change)."""
    from ar.store.codec import SCHEMA

    return (FORMAT, __version__, SCHEMA, _code_fingerprint(), marshal.version, sys.version_info[:2])


class CacheInvalid(Exception):
    """The cache (or one of its sections) cannot be trusted; parse the files instead."""


class CacheFile:
    """An open cache file. A section is read when first asked for, and checked then;
    `verify` reads the whole file at once and checks every section."""

    def __init__(self, path: Path, handle: BinaryIO, header: dict[str, Any], start: int) -> None:
        self.path, self.header, self._handle, self._start = path, header, handle, start
        self._sections: dict[str, tuple[int, int, int]] = header["sections"]
        self._raw: dict[str, memoryview] = {}
        self._whole: memoryview | None = None

    def raw(self, name: str) -> memoryview:
        """A section's bytes, checked against its CRC (once)."""
        found = self._raw.get(name)
        if found is not None:
            return found
        where = self._sections.get(name)
        if where is None:
            raise CacheInvalid(f"no section {name}")
        offset, length, crc = where
        offset += self._start
        if self._whole is not None:
            data = self._whole[offset : offset + length]
        else:
            data = memoryview(os.pread(self._handle.fileno(), length, offset))
        if len(data) != length or zlib.crc32(data) != crc:
            raise CacheInvalid(f"section {name} is damaged")
        self._raw[name] = data
        return data

    @property
    def root(self) -> Path:
        return self.path.parent.parent

    def current(self) -> bool:
        """Written by this very code (see `stamp`). Sections are checked as they are read."""
        return bool(self.header.get("stamp") == stamp())

    def verify(self) -> None:
        """Check every section now, so that none fails later, in the middle of a command."""
        if self._whole is None:
            self._handle.seek(0)
            self._whole = memoryview(self._handle.read())  # quicker than a read per section
        for name in self._sections:
            self.raw(name)

    def crc(self, name: str) -> int:
        return self._sections[name][2]

    def section(self, name: str) -> Any:
        try:
            return marshal.loads(self.raw(name))
        except (EOFError, ValueError, TypeError) as exc:
            raise CacheInvalid(f"section {name}: {exc}") from None


def cache_path(root: Path) -> Path:
    return root / CACHE_DIR / NAME


def open_cache(root: Path, check: bool = True, verify: bool = True) -> CacheFile | None:
    """The ledger's cache if it is there, whole, and written by this version of arl.

    Without `check`, its stamp is not compared yet (that needs the record models); without
    `verify`, its sections are checked only as they are read. `CacheFile.current()` then
    does both, before anything but the folder scans is trusted. (The file stays open: a
    cache written meanwhile by another run replaces the name, not what is read here.)
    """
    from ar.store.background import wait_for_writers

    wait_for_writers(root)
    path = cache_path(root)
    try:
        handle = open_own(path)
    except OSError:
        return None
    try:
        header, start = _header(handle)
        if check and header.get("stamp") != stamp():
            raise CacheInvalid("written by another version")
        cache = CacheFile(path, handle, header, start)
        if verify:
            cache.verify()
    except (CacheInvalid, OSError, EOFError, ValueError, TypeError, LookupError, AttributeError):
        handle.close()
        return None
    except struct.error:  # a torn or forged header: the cache is rebuilt
        handle.close()
        return None
    return cache


def open_own(path: Path) -> BinaryIO:
    """One of the cache's own files, open for reading: a regular file, not a link (a ledger
    may arrive with a `.arl-cache` of someone else's making) nor a pipe that would hang."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "not a regular file")
    return os.fdopen(fd, "rb")


def write_beside(folder: Path, name: str, data: bytes) -> None:
    """Write one of the cache's files atomically: a temporary file renamed over it, and
    removed again whatever goes wrong (a full disk must not leave it, nor a torn file)."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        Path(tmp).replace(folder / name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _header(handle: BinaryIO) -> tuple[dict[str, Any], int]:
    """The header, and where the sections start (their offsets count from there)."""
    if handle.read(len(MAGIC)) != MAGIC:
        raise CacheInvalid("not a cache file")
    (length,) = _LENGTH.unpack(handle.read(_LENGTH.size))
    header = marshal.loads(handle.read(length))
    if not isinstance(header, dict):
        raise CacheInvalid("not a cache file")
    end = len(MAGIC) + _LENGTH.size + length
    size = os.fstat(handle.fileno()).st_size
    for offset, length, _ in header["sections"].values():
        if offset < 0 or end + offset + length > size:
            raise CacheInvalid("torn file")
    return header, end


def write_cache(
    root: Path,
    sections: dict[str, bytes | memoryview],
    known: dict[str, int] | None = None,
    **info: Any,
) -> bool:
    """Write a new cache atomically; gives up (False) where the ledger is read-only.

    `known` gives the CRC of sections copied unchanged from the previous cache.
    """
    try:
        folder = own_folder(root)
        _ignore_itself(folder)
        _remove_leftovers(folder)
        _write(folder, sections, known or {}, info)
    except OSError:
        return False
    return True


IGNORE = b"# derived by arl, never committed\n*\n"


def _ignore_itself(folder: Path) -> None:
    """The folder's .gitignore, whole (rewritten if a full disk left it empty or torn)."""
    ignore = folder / ".gitignore"
    try:
        with open_own(ignore) as handle:
            if handle.read(len(IGNORE) + 1) == IGNORE:
                return
    except OSError:
        pass
    write_beside(folder, ".gitignore", IGNORE)


def _write(
    folder: Path,
    sections: dict[str, bytes | memoryview],
    known: dict[str, int],
    info: dict[str, Any],
) -> None:
    table, offset = {}, 0
    for name, data in sections.items():
        crc = known.get(name)
        table[name] = (offset, len(data), zlib.crc32(data) if crc is None else crc)
        offset += len(data)
    header = marshal.dumps({"stamp": stamp(), "sections": table, **info})
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{NAME}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(MAGIC + _LENGTH.pack(len(header)) + header)
            for data in sections.values():
                out.write(data)
        Path(tmp).replace(folder / NAME)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove_leftovers(folder: Path) -> None:
    """Temporary files of runs that died while writing (another run may be writing now:
    only files older than a minute are theirs for certain)."""
    for path in folder.glob(".*.tmp"):
        try:
            if time.time() - path.stat().st_mtime > 60:
                path.unlink()
        except OSError:
            continue


def remove_cache(root: Path) -> None:
    if not (root / CACHE_DIR).is_symlink():  # a link's target is not the ledger's to delete from
        cache_path(root).unlink(missing_ok=True)
