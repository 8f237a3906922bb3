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

    _refuse_ledger_files(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.exists() and not path.is_file():
            with path.open("wb") as stream:
                stream.write(data)
        else:
            atomic_write(Path(os.path.realpath(path)), data)
    except OSError as exc:
        raise ArlError(f"cannot write {path}: {exc.strerror}") from None


OWN = ("ledger.yaml", "templates", ".arl-cache")


def _refuse_ledger_files(path: Path) -> None:
    """`-o` never writes over a ledger's own files (ledger.yaml, its records, templates or
    cache): an export written there would break the book. Any ledger the path lies in
    counts, found as git finds its repository; an `exports/` folder beside them is fine."""
    from ar.store.names import FOLDERS, LEDGER_FILE

    target = Path(os.path.realpath(path))
    for folder in target.parents:
        if (folder / LEDGER_FILE).is_file():
            first = target.relative_to(folder).parts[0]
            if first in (*OWN, *FOLDERS):
                raise ArlError(
                    f"will not write {path}: it is one of the ledger's own files ({first})",
                    "write exports outside the record folders, e.g. to exports/",
                )
            return
