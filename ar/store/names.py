"""The names a ledger directory is made of, and finding its root, without the record models.

Kept apart from `layout` (which ties each folder to its record model) so that a warm run
can start stat-ing the ledger before the models, and pydantic, are imported.
"""

from __future__ import annotations

import errno
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


RECORD_SUFFIXES = (".yaml", ".yml")
QUIET_NAMES = frozenset({".gitkeep", ".gitignore", ".gitattributes", ".keep", ".DS_Store"})
"""Hidden files a record folder may hold without being records (and without a problem)."""
TEMP_SUFFIX = ".tmp"  # hidden `.NAME.*.tmp` files exist only while a write is under way


def ignored(name: str) -> bool:
    """A name in a record folder that is neither read nor reported: the well-known hidden
    files of version control, and the temporary files of a write under way (which
    `arl check` warns about when left over)."""
    return name in QUIET_NAMES or (name.startswith(".") and name.endswith(TEMP_SUFFIX))


def looks_like_record(name: str) -> bool:
    """A file name the loader reads: NAME.yaml or NAME.yml exactly, nothing hidden."""
    return name.endswith(RECORD_SUFFIXES) and not name.startswith(".")


def odd_name(name: str) -> str | None:
    """Why a file in a record folder is not read as a record, or None for a record name.

    Every file there is either a record or a problem: a file the loader skipped in
    silence would vanish from the book while its id stayed taken on disk."""
    if not looks_like_record(name):
        if name.startswith("."):
            return "a hidden file in a record folder is not read"
        return "only NAME.yaml files are read in a record folder"
    stem = name[: name.rfind(".")]
    if not stem or stem != stem.strip() or any(ord(c) < 32 or c == "\x7f" for c in name):
        return "the file name has leading or trailing spaces or control characters"
    return None


def normal_name(relpath: str) -> str:
    """A file's path as a case-insensitive file system (or a careless eye) sees it, without
    its extension: a record's file and a stray file holding the same id compare equal."""
    parts = [part.strip().lstrip(".").casefold() for part in relpath.split("/")]
    for suffix in RECORD_SUFFIXES:
        parts[-1] = parts[-1].removesuffix(suffix).strip()
    return "/".join(parts)


def own_folder(root: Path) -> Path:
    """The cache folder, made if missing; OSError if it is not a real folder of the ledger
    (a `.arl-cache` link arriving with a ledger would take the cache's writes elsewhere)."""
    folder = root / CACHE_DIR
    folder.mkdir(exist_ok=True)
    if folder.is_symlink() or not folder.is_dir():
        raise OSError(errno.ENOTDIR, "not a folder of the ledger", str(folder))
    return folder
