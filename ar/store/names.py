"""The names a ledger directory is made of, and finding its root, without the record models.

Kept apart from `layout` (which ties each folder to its record model) so that a warm run
can start stat-ing the ledger before the models, and pydantic, are imported.
"""

from __future__ import annotations

from pathlib import Path

from ar.errors import ArlError

LEDGER_FILE = "ledger.yaml"
CACHE_DIR = ".arl-cache"
FOLDERS = ("customers", "invoices", "payments", "credit-notes", "recurring")
"""The record folders, in the order records load (that of `layout.KINDS`)."""


def find_root(explicit: Path | None, env: str | None, cwd: Path) -> Path:
    """The ledger root as git finds its repo: --ledger, then $ARL_LEDGER, then a parent."""
    given = explicit or (Path(env) if env else None)
    if given is not None:
        if not (given / LEDGER_FILE).is_file():
            raise ArlError(f"{given}: no {LEDGER_FILE} here", "create one with 'arl init'")
        return given
    for folder in (cwd, *cwd.parents):
        if (folder / LEDGER_FILE).is_file():
            return folder
    raise ArlError(
        f"no {LEDGER_FILE} in {cwd} or any parent",
        "pass --ledger DIR, set ARL_LEDGER, or run 'arl init'",
    )
