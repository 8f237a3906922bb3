"""New files placed in bulk: each appears whole under its name, the batch is flushed once.

A new record's file is written beside its place and renamed, and the whole batch is
flushed to disk once at the end rather than file by file: an import of thousands of
records costs one disk flush, not thousands. Should the machine stop half-way, the files
already there are whole, and importing again adds the rest. The transaction
(`ar.store.transaction`) has rendered and verified every file before the first is placed,
and refuses a name that is taken.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Sequence
from pathlib import Path

from ar.store.write import CRASH_HOOK, temporary_beside


def place_new(
    files: Sequence[tuple[Path, str]], progress: Callable[[int], None] | None = None
) -> None:
    """Write each (path, text) as a new file, then flush them all to disk at once."""
    folders: set[Path] = set()
    for path, text in files:
        _place(path, text)
        folders.add(path.parent)
        if progress:
            progress(1)
    os.sync()
    for folder in folders:
        _sync_folder(folder)


def _place(path: Path, text: str) -> None:
    """The file appears under its name complete or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temporary_beside(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        if os.environ.get(CRASH_HOOK):  # as in `atomic_write`: a crash before the rename
            os.kill(os.getpid(), signal.SIGKILL)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
