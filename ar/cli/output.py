"""Files a command writes at the user's request (`-o/--output`): whole, or not there at all.

Exported journals, tables and rendered invoices go through the same atomic replacement as
ledger files, so an interrupted run leaves the previous file (or none), never half a PDF
or a journal that ends mid-transaction. A symlink is followed to the file it names; a
device or pipe (`-o /dev/stdout`) is written to as it is, since it cannot be replaced.
"""

from __future__ import annotations

import os
from pathlib import Path

from ar.errors import ArlError


def write_output(path: Path, content: str | bytes) -> None:
    """Write `content` to `path` atomically; an OS error is one line naming the file."""
    from ar.store.write import atomic_write

    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.exists() and not path.is_file():
            with path.open("wb") as stream:
                stream.write(data)
        else:
            atomic_write(Path(os.path.realpath(path)), data)
    except OSError as exc:
        raise ArlError(f"cannot write {path}: {exc.strerror}") from None
