"""Writing the parse cache in a forked child while the command goes on with the book.

Encoding and writing the cache is work the command itself does not wait for: a child
process (a copy of this one, sharing its memory until either writes) does it while the
parent checks the book and prints its report, and may finish after the parent has
exited. It holds the cache's writer lock (taken before the fork, so there is no moment
without it) until it is done; a run that reads the cache waits for that lock first
(`wait_for_writers`), so it always finds the cache written.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable
from pathlib import Path

from ar.store.names import CACHE_DIR, own_folder

LOCK = "writing"
_children: list[int] = []


def in_background(root: Path, work: Callable[[], None]) -> None:
    """Run `work` in a child process that holds the writer lock (here, without fork)."""
    if not hasattr(os, "fork"):
        work()
        return
    wait()
    try:
        fd = os.open(own_folder(root) / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError:
        return  # nowhere to write a cache
    fcntl.flock(fd, fcntl.LOCK_EX)
    pid = os.fork()
    if pid == 0:  # the child: no output of its own, no cleanup of the parent's
        code = 0
        try:
            for stream in (0, 1, 2):
                with contextlib.suppress(OSError):
                    os.close(stream)
            work()
        except BaseException:
            code = 1
        os._exit(code)  # the lock goes with the last descriptor of it
    os.close(fd)
    _children.append(pid)


def wait() -> None:
    """Reap the children this process started (they may still be writing)."""
    while _children:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(_children.pop(), 0)


def wait_for_writers(root: Path) -> None:
    """Wait until no process is writing this ledger's cache."""
    folder = root / CACHE_DIR
    try:
        if folder.is_symlink():
            return
        fd = os.open(folder / LOCK, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
    finally:
        os.close(fd)
