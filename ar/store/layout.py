"""Where each kind of record lives in a ledger directory, and finding the ledger root."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ar.model import CreditNote, Customer, Invoice, Payment, Record, Recurring
from ar.store.names import CACHE_DIR, LEDGER_FILE, find_root

MAX_RECORD_BYTES = 1_000_000
MAX_STREAM_BYTES = 64_000_000


@dataclass(frozen=True)
class Kind:
    folder: str
    model: type[Record]
    by_year: bool
    key: str


KINDS = (
    Kind("customers", Customer, False, "id"),
    Kind("invoices", Invoice, True, "number"),
    Kind("payments", Payment, True, "id"),
    Kind("credit-notes", CreditNote, True, "number"),
    Kind("recurring", Recurring, False, "id"),
)
KIND_OF = {kind.model: kind for kind in KINDS}

__all__ = ["CACHE_DIR", "KINDS", "LEDGER_FILE", "Kind", "find_root", "record_files"]


def record_path(root: Path, record: Record) -> Path:
    """The file a record belongs in: customers/ID.yaml or <folder>/<year>/<ID>.yaml."""
    kind = KIND_OF[type(record)]
    folder = root / kind.folder
    if kind.by_year:
        folder = folder / str(record.date.year)  # type: ignore[attr-defined]
    return folder / f"{getattr(record, kind.key)}.yaml"


def record_files(root: Path) -> list[tuple[Kind, Path]]:
    """Every record file under the kind folders, sorted, so loading order never varies."""
    found: list[tuple[Kind, Path]] = []
    for kind in KINDS:
        for dirpath, dirnames, filenames in os.walk(root / kind.folder):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            found.extend(
                (kind, Path(dirpath, name))
                for name in sorted(filenames)
                if name.endswith((".yaml", ".yml")) and not name.startswith(".")
            )
    return found
