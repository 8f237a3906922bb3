"""Writing the parse cache in a forked child while the command goes on with the book.

Encoding and writing the cache is work the command itself does not wait for: a child
process (a copy of this one, sharing its memory until either writes) does it while the
parent checks the book and prints its report. The parent waits for the child before it
exits, and before it reads the cache again, so the next run always finds it written.
"""

from __future__ import annotations

import atexit
import contextlib
import os
from collections.abc import Callable

_children: list[int] = []


def in_background(work: Callable[[], None]) -> None:
    """Run `work` in a child process (here, where processes cannot fork)."""
    if not hasattr(os, "fork"):
        work()
        return
    wait()
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
        os._exit(code)
    _children.append(pid)


def wait() -> None:
    """Wait for every child started, so that what they write is there."""
    while _children:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(_children.pop(), 0)


atexit.register(wait)
