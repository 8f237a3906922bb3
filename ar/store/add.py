"""Adding many new records at once: each into its own file, under the ledger's lock.

Every record is rendered before the first file is written, so a record that cannot be
rendered stops the command before anything is on disk, and no existing file is ever
replaced. Each file appears whole (written beside its place, then renamed), and the
whole batch is flushed to disk once at the end rather than file by file: an import of
thousands of records costs one disk flush, not thousands. Should the machine stop
half-way, the files already there are whole, and importing again adds the rest.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from ar.errors import ArlError, relative
from ar.model import Record
from ar.store.emit import fast_record_text
from ar.store.layout import record_path
from ar.store.write import ledger_lock, temporary_beside


def add_records(
    root: Path,
    records: Sequence[tuple[Record, str | None]],
    progress: Callable[[int], None] | None = None,
) -> list[str]:
    """Write each (record, comment) to its canonical path; returns the paths written."""
    files = [(record_path(root, r), fast_record_text(r, comment)) for r, comment in records]
    if len({path for path, _ in files}) < len(files):
        raise ArlError("two new records would share one file", "give each its own id or number")
    with ledger_lock(root):
        taken = [path for path, _ in files if path.exists()]
        if taken:
            raise ArlError(
                f"{relative(taken[0], root)} exists already",
                "another record has that id or number; nothing was written",
            )
        folders: set[Path] = set()
        for path, text in files:
            _place(path, text)
            folders.add(path.parent)
            if progress:
                progress(1)
        os.sync()
        for folder in folders:
            _sync_folder(folder)
    return [relative(path, root) for path, _ in files]


def _place(path: Path, text: str) -> None:
    """The file appears under its name complete or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temporary_beside(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
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
