"""Reading a file that someone else may have written to hurt the reader.

A ledger arrives in pull requests, so a record file may be a symbolic link to a secret, a
device that never ends (/dev/zero), a pipe that never answers, or a sparse file of many
gigabytes. A file is read here only when it is a regular file reached without following a
link: it is opened with O_NOFOLLOW (a link is refused, not resolved) and O_NONBLOCK (a
pipe cannot hang the open), its type and size are taken from the open descriptor (no race
with a swap between a check and the read), and no more than the limit is ever read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ar.errors import ArlError

_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_FLAGS |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
_fstat = os.fstat  # one name for the stat of an open file, which a test makes coarse
_LINK_ERRORS = (errno.ELOOP, errno.EMLINK)  # what O_NOFOLLOW gives for a link (EMLINK: BSD)


class Refused(Exception):
    """Why a file was not read, as a short phrase for a one-line message."""


Stat = tuple[int, int, int, int]
"""(size, mtime_ns, ctime_ns, inode), as the parse cache packs a file's stat."""


def read_regular(path: str | Path, limit: int) -> tuple[Stat, bytes]:
    """The bytes of a regular file of at most `limit` bytes, and its stat.

    Raises `Refused` for a link, a device, pipe, socket or folder, or a file over the
    limit (told from its size before reading: a 6 GB sparse file costs nothing), and
    OSError when the file cannot be opened or read.
    """
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        if exc.errno in _LINK_ERRORS and Path(path).is_symlink():
            raise Refused("is a symbolic link (links are not followed)") from None
        raise
    try:
        st = _fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Refused(f"is not a regular file (a {_type_name(st.st_mode)})")
        if st.st_size > limit:
            raise Refused(f"is {st.st_size:,} bytes, over the limit of {limit:,}")
        data = _read_at_most(fd, st.st_size, limit)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise Refused(f"grew past the limit of {limit:,} bytes while being read")
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino), data


def _read_at_most(fd: int, expected: int, limit: int) -> bytes:
    """Up to limit + 1 bytes: one more than allowed is enough to know it is too many."""
    chunks = [os.read(fd, min(expected, limit) + 1)]
    total = len(chunks[0])
    while chunks[-1] and total <= limit:
        chunks.append(os.read(fd, min(1 << 20, limit + 1 - total)))
        total += len(chunks[-1])
    return b"".join(chunks)


def _type_name(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def read_input(path: Path, limit: int) -> bytes:
    """A file the user named on the command line (a statement, a CSV, a lines file): a
    regular file (a link to one is followed: the user chose it) of at most `limit` bytes;
    anything else is one line of `ArlError`."""
    try:
        fd = os.open(path, _FLAGS & ~getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise ArlError(f"cannot read {path}: {exc.strerror}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ArlError(
                f"cannot read {path}: not a regular file (a {_type_name(st.st_mode)})",
                "save the data to a file and name that file, or pass - for standard input",
            )
        if st.st_size > limit:
            raise ArlError(f"{path} is larger than {limit:,} bytes", "split it")
        data = _read_at_most(fd, st.st_size, limit)
    except OSError as exc:
        raise ArlError(f"cannot read {path}: {exc.strerror}") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise ArlError(f"{path} is larger than {limit:,} bytes", "split it")
    return data
