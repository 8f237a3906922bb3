"""Adding many new records at once: each into its own file, under the ledger's lock.

Every record is rendered before the first file is written, so a record that cannot be
written stops the command before anything is on disk; existing files are never replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ar.errors import ArlError, relative
from ar.model import Record
from ar.store.layout import record_path
from ar.store.write import create, ledger_lock, record_text


def add_records(
    root: Path,
    records: Sequence[tuple[Record, str | None]],
    progress: Callable[[int], None] | None = None,
) -> list[str]:
    """Write each (record, comment) to its canonical path; returns the paths written."""
    files = [
        (record_path(root, record), record_text(record, comment)) for record, comment in records
    ]
    with ledger_lock(root):
        taken = [path for path, _ in files if path.exists()]
        if taken:
            raise ArlError(
                f"{relative(taken[0], root)} exists already",
                "another record has that id or number; nothing was written",
            )
        written = []
        for path, text in files:
            create(path, text)
            written.append(relative(path, root))
            if progress:
                progress(1)
    return written
