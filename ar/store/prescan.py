"""Starting to stat a ledger's files as early as a run can, before the heavy imports.

A warm run's longest task is stat-ing every file to learn whether anything changed.
`start` opens the parse cache (without checking yet who wrote it: that needs the record
models) and forks the helpers that compare the files with it; `take` hands them to the
loader, which has meanwhile imported what it needs and restored the book.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ar.store.cachefile import CacheFile, CacheInvalid, open_cache
from ar.store.scan import Folder, Pending, check_in_background

_DAMAGE = (CacheInvalid, EOFError, ValueError, TypeError, KeyError, IndexError)


@dataclass
class Started:
    cache: CacheFile
    folders: list[Folder]
    pending: Pending


_started: dict[Path, Started] = {}


def start(root: Path) -> None:
    """Begin comparing the ledger's files with its cache, if it has one."""
    if root in _started:
        return
    cache = open_cache(root, check=False, verify=False)
    if cache is None:
        return
    try:
        folders = [Folder.load(stored) for stored in cache.section("folders")]
    except _DAMAGE:
        return
    pending = check_in_background(root, folders[1:], os.cpu_count() or 1)
    _started[root] = Started(cache, folders, pending)


def take(root: Path) -> Started | None:
    """What `start` began for this ledger, once."""
    return _started.pop(root, None)


def discard(root: Path) -> None:
    """Forget the comparison begun for this ledger: the caller has just taken the write
    lock, and a file may have changed between the stat and that moment (a writer that
    trusted it chose an id another had just taken)."""
    started = _started.pop(root, None)
    if started is not None:
        started.pending.cancel()


def abandon() -> None:
    """Stop helpers nobody took (the command did not load the ledger after all)."""
    while _started:
        _, started = _started.popitem()
        started.pending.cancel()
