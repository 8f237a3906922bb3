"""Where each kind of record lives in a ledger directory, and finding the ledger root."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ar.model import CreditNote, Customer, Invoice, Payment, Record, Recurring
from ar.store.names import CACHE_DIR, LEDGER_FILE, TEMP_SUFFIX, find_root, ignored
from ar.store.scan import is_subfolder

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
    """Every file under the kind folders, sorted, so loading order never varies: records,
    and whatever else is there (an odd name, a link, a pipe), which reading reports. Only
    real folders are descended into; a kind folder that is a link is itself reported."""
    found: list[tuple[Kind, Path]] = []
    for kind in KINDS:
        top = root / kind.folder
        if top.is_symlink():
            found.append((kind, top))
            continue
        for dirpath, dirnames, filenames in os.walk(top):
            others = [d for d in dirnames if not is_subfolder(dirpath, d)]
            dirnames[:] = sorted(d for d in dirnames if d not in others)
            names = sorted(n for n in [*filenames, *others] if not ignored(n))
            found.extend((kind, Path(dirpath, name)) for name in names)
    return found


def kind_of(name: str) -> Kind | None:
    """The kind of record a file holds, from its path relative to the root, by the same rules
    as `record_files` (a YAML file in a kind's folder, no part hidden); None for other files."""
    parts = name.split("/")
    if len(parts) < 2 or any(part.startswith(".") for part in parts):
        return None
    if not parts[-1].endswith((".yaml", ".yml")):
        return None
    return next((kind for kind in KINDS if kind.folder == parts[0]), None)


def leftover_temp_files(root: Path) -> list[Path]:
    """Hidden temporary files an interrupted write left behind (the loader ignores them)."""
    found = list(root.glob(f".*{TEMP_SUFFIX}"))
    for kind in KINDS:
        found.extend((root / kind.folder).rglob(f".*{TEMP_SUFFIX}"))
    return sorted(path for path in found if path.is_file())
