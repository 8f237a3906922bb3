"""Loading a ledger through its parse cache: stat every file, parse only what changed.

Cold (no usable cache): every file is parsed, on every core, and the book settled in
full. Warm: helpers stat the files while this process restores the book from the cache;
if nothing changed, that is the book. Otherwise the changed files are parsed, the
settlement is brought up to date for just the records they touch (`ar.resettle`), and the
cache is rewritten, reusing the stored bytes of every folder that did not change.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from ar.book import Book
from ar.model import Record
from ar.resettle import resettle
from ar.settlement import settle
from ar.store import prescan, references
from ar.store.cachefile import CacheInvalid, write_cache
from ar.store.gather import Gatherer
from ar.store.load import Change, Loaded
from ar.store.parse import Parsed, Progress, parse_files
from ar.store.scan import ROOT, Folder, Pending, merge, scan_root, walk
from ar.store.settled import Restored, Stored
from ar.store.snapshot import Snapshot

DAMAGE = (EOFError, ValueError, TypeError, KeyError, IndexError, AttributeError)
"""What decoding a cache written by other code can raise; such a cache is rebuilt."""
RACY_NS = 2_000_000_000
"""A file changed less than this before a run started is parsed again by the next run:
its size and times may not show a change made in the same timestamp tick (two seconds
covers the coarsest filesystems)."""


def load_cached(root: Path, progress: Progress | None = None) -> Loaded:
    started = time.time_ns()
    early = prescan.take(root)
    if early is None:
        prescan.start(root)
        early = prescan.take(root)
    if early is not None:
        snapshot = _snapshot(early)
        if snapshot is not None:
            return _warm(root, snapshot, early.pending, started, progress)
        early.pending.result()  # the helpers' work is of no use, but they must be waited for
    return _cold(root, started, progress)


def _snapshot(early: prescan.Started) -> Snapshot | None:
    if not early.cache.current():
        return None
    try:
        return Snapshot.read(early.cache, early.folders)
    except (CacheInvalid, *DAMAGE):
        return None


def _cold(root: Path, started: int, progress: Progress | None) -> Loaded:
    folders = walk(root, stats=False)
    relpaths = [folder.relative(name) for folder in folders for name in folder.files]
    gatherer = Gatherer(folders)
    parse_files(root, relpaths, progress, sink=gatherer.add)
    return _finish(root, gatherer.snapshot(), None, started)


def _warm(
    root: Path, snapshot: Snapshot, pending: Pending, started: int, progress: Progress | None
) -> Loaded:
    top = scan_root(root)
    book = snapshot.book()
    if book is not None and snapshot.settled is not None:
        book.memo["settlement"] = Restored(snapshot.settled, book.invoices)
    changed = pending.result()
    if top != snapshot.folders[0]:
        changed[ROOT] = top
    if not changed:
        problems = snapshot.load_problems(with_duplicates=book is not None)
        return Loaded(root, book, problems, snapshot.generation)
    return _update(root, snapshot, top, changed, started, progress)


def _update(
    root: Path,
    snapshot: Snapshot,
    top: Folder,
    changed: dict[str, Folder | None],
    started: int,
    progress: Progress | None,
) -> Loaded:
    folders = merge(top, snapshot.by_path, changed, root)
    touched = {f.path for f in folders if f.path in changed or f.path not in snapshot.by_path}
    touched |= {path for path in changed if path not in {f.path for f in folders}}
    stale, gone = _stale_files(snapshot, folders, touched)
    parsed = {found[0]: found for found in parse_files(root, stale, progress)}
    before = snapshot.records_of([*stale, *gone])
    updated = snapshot.updated(folders, parsed, touched)
    after = [record for found in parsed.values() for record in _records(found)]
    return _finish(root, updated, (snapshot, before, after), started)


def _stale_files(
    snapshot: Snapshot, folders: list[Folder], touched: set[str]
) -> tuple[list[str], list[str]]:
    """Files of the touched folders that are new or changed, and those that are gone."""
    stale: list[str] = []
    gone: list[str] = []
    now = {folder.path: folder for folder in folders}
    for path in touched:
        old, new = snapshot.by_path.get(path), now.get(path)
        old_stats = old.stat_of() if old else {}
        new_stats = new.stat_of() if new else {}
        stale += (
            [new.relative(n) for n, s in new_stats.items() if old_stats.get(n) != s] if new else []
        )
        gone += [old.relative(n) for n in old_stats if n not in new_stats] if old else []
    order = {folder.path: index for index, folder in enumerate(folders)}
    stale.sort(key=lambda rel: (order[rel.rpartition("/")[0]], rel))
    return stale, gone


def _records(parsed: Parsed) -> list[Record]:
    from ar.store.codec import decode_record

    return [decode_record(blob) for _, _, blob in parsed[2]]


def _finish(
    root: Path,
    snapshot: Snapshot,
    previous: tuple[Snapshot, list[Record], list[Record]] | None,
    started: int,
) -> Loaded:
    """Settle the book (in part when possible), write the cache, return the loaded book."""
    book = snapshot.book()
    stored: Stored | None = None
    change = None
    if book is not None:
        stored = _resettled(book, previous, snapshot)
        if stored is None:
            settled = settle(book)
            stored = Stored.of(settled)
            book.memo["settlement"] = Restored(stored, book.invoices, settled.accounts())
            if previous is not None:  # a cold load gathered it as it went
                snapshot.index = references.index_of(_every_record(book))
        else:
            assert previous is not None
            old, before, after = previous
            restored = Restored(stored, book.invoices)
            book.memo["settlement"] = restored
            snapshot.index = references.updated(old.index, before, after)
            related = references.related(book, restored, snapshot.index)
            change = Change(old.generation, before, after, related) if old.generation else None
    else:
        snapshot.index = {}
    problems = snapshot.load_problems(with_duplicates=book is not None)
    snapshot.mark_racy(started - RACY_NS)
    generation = os.urandom(8).hex()
    sections = snapshot.sections(stored)
    known = snapshot.known_crcs()
    written = write_cache(root, sections, known, generation=generation)
    return Loaded(root, book, problems, generation if written else None, change)


def _every_record(book: Book) -> list[Record]:
    tables = (book.customers, book.invoices, book.payments, book.credit_notes, book.recurring)
    return [record for table in tables for record in table.values()]


def _resettled(
    book: Book,
    previous: tuple[Snapshot, list[Record], list[Record]] | None,
    snapshot: Snapshot,
) -> Stored | None:
    """The stored settlement brought up to date, or None where only settling in full will do
    (no previous settlement, duplicate ids before or after, a changed ledger.yaml)."""
    if previous is None:
        return None
    old, before, after = previous
    if old.settled is None or old.duplicates() or snapshot.duplicates():
        return None
    restored = Restored(old.settled, book.invoices)
    update = resettle(book, restored, before, after)
    if update is None:
        return None
    replaced = {n: a for n in update.accounts if (a := restored.account(n)) is not None}
    stored = old.settled
    stored.apply(update, replaced, lambda: list(book.invoices))
    return stored
