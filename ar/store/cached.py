"""Loading a ledger through its parse cache: stat every file, parse only what changed.

Cold (no usable cache): every file is parsed, on every core, and the book settled in
full. Warm: helpers stat the files while this process restores the book from the cache;
if nothing changed, that is the book. Otherwise the changed files are parsed, the
settlement is brought up to date for just the records they touch (`ar.resettle`), and the
cache is rewritten, reusing the stored bytes of every folder that did not change.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import os
import time
from pathlib import Path

from ar.book import Book, record_key
from ar.model import Record
from ar.resettle import Update, new_invoices, resettle
from ar.settlement import Settlement, settle
from ar.store import prescan, references
from ar.store.background import in_background
from ar.store.cachefile import CacheInvalid, write_cache
from ar.store.gather import Gatherer
from ar.store.layout import CACHE_DIR, KINDS
from ar.store.load import Change, Loaded
from ar.store.parse import Parsed, Progress, parse_files
from ar.store.scan import FIELDS, ROOT, Folder, Pending, merge, scan_root, walk
from ar.store.settled import Restored, Stored
from ar.store.snapshot import Snapshot

DAMAGE = (EOFError, ValueError, TypeError, KeyError, IndexError, AttributeError)
"""What decoding a cache written by other code can raise; such a cache is rebuilt."""
RACY_NS = 2_000_000_000
_INVOICES = next(i for i, kind in enumerate(KINDS) if kind.folder == "invoices")
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
        return Loaded(root, book, problems, snapshot.generation, snapshot=snapshot)
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
        if new is None:
            gone += [old.relative(name) for name in old.files] if old else []
            continue
        if old is None:
            stale += [new.relative(name) for name in new.files]
            continue
        if old.files is new.files:
            stale += [new.relative(new.files[i]) for i in _differing(old.stats, new.stats)]
            continue
        changed, removed = _compared(old, new)
        stale += [new.relative(name) for name in changed]
        gone += [old.relative(name) for name in removed]
    order = {folder.path: index for index, folder in enumerate(folders)}
    stale.sort(key=lambda rel: (order[rel.rpartition("/")[0]], rel))
    return stale, gone


def _compared(old: Folder, new: Folder) -> tuple[list[str], list[str]]:
    """The files of a folder scanned twice that are new or changed, and those gone: the
    files in both (in the same order, names being sorted) have their stats compared in bulk."""
    count = len(old.files)
    if new.files[:count] == old.files:  # files added after the others, as numbered ones are
        added, removed = list(range(count, len(new.files))), []
    else:
        added = sorted(
            bisect.bisect_left(new.files, n) for n in set(new.files).difference(old.files)
        )
        removed = sorted(
            bisect.bisect_left(old.files, n) for n in set(old.files).difference(new.files)
        )
    changed = []
    for index in _differing(_without(old, removed), _without(new, added)):
        for skipped in added:  # from an index among the files in both to one in `new`
            if skipped > index:
                break
            index += 1
        changed.append(new.files[index])
    changed += [new.files[i] for i in added]
    return changed, [old.files[i] for i in removed]


def _without(folder: Folder, indexes: list[int]) -> bytes:
    """A folder's packed stats without the files at these (ascending) indexes."""
    size, stats, parts, start = 8 * FIELDS, folder.stats, [], 0
    for index in indexes:
        parts.append(stats[start * size : index * size])
        start = index + 1
    parts.append(stats[start * size :])
    return b"".join(parts)


def _differing(old: bytes, new: bytes, base: int = 0) -> list[int]:
    """Indexes of the files whose stats differ, for two scans of the same files: halves
    compared whole, so a few changes among many files cost a few comparisons."""
    if old == new:
        return []
    size = 8 * FIELDS
    count = len(old) // size
    if count <= 16:
        return [
            base + i
            for i in range(count)
            if old[i * size : (i + 1) * size] != new[i * size : (i + 1) * size]
        ]
    half = count // 2 * size
    return [
        *_differing(old[:half], new[:half], base),
        *_differing(old[half:], new[half:], base + count // 2),
    ]


def _records(parsed: Parsed) -> list[Record]:
    from ar.store.codec import decode_record

    return [decode_record(blob) for _, _, blob in parsed[2]]


def _finish(
    root: Path,
    snapshot: Snapshot,
    previous: tuple[Snapshot, list[Record], list[Record]] | None,
    started: int,
) -> Loaded:
    """Settle the book (in part when possible), have the cache written (in a child process,
    while this one goes on), and return the loaded book."""
    book = snapshot.book()
    stored: Stored | None = None
    settled = None
    change = None
    if book is not None:
        resettled = _resettled(book, previous, snapshot)
        if resettled is None:
            settled = settle(book)
            book.memo["settlement"] = settled
            if previous is not None:  # a cold load gathered it as it went
                snapshot.index = references.index_of(_every_record(book))
        else:
            assert previous is not None
            old, before, after = previous
            stored, update = resettled
            restored = Restored(stored, book.invoices)
            restored.knows(update.accounts)
            book.memo["settlement"] = restored
            snapshot.index = references.updated(old.index, before, after)
            related = references.related(book, restored, snapshot.index)
            order = snapshot.order_key
            change = (
                Change(old.generation, before, after, related, order) if old.generation else None
            )
    else:
        snapshot.index = {}
    problems = snapshot.load_problems(with_duplicates=book is not None)
    snapshot.mark_racy(started - RACY_NS)
    generation = os.urandom(8).hex()
    with contextlib.suppress(OSError):
        (root / CACHE_DIR).mkdir(exist_ok=True)  # for what is kept next to the cache
    in_background(root, lambda: _write(root, snapshot, stored or _stored(settled), generation))
    return Loaded(root, book, problems, generation, change, snapshot)


def _stored(settled: Settlement | None) -> Stored | None:
    return Stored.of(settled) if settled is not None else None


def _write(root: Path, snapshot: Snapshot, stored: Stored | None, generation: str) -> None:
    sections = snapshot.sections(stored)
    write_cache(root, sections, snapshot.known_crcs(), generation=generation)


def _every_record(book: Book) -> list[Record]:
    tables = (book.customers, book.invoices, book.payments, book.credit_notes, book.recurring)
    return [record for table in tables for record in table.values()]


def _resettled(
    book: Book,
    previous: tuple[Snapshot, list[Record], list[Record]] | None,
    snapshot: Snapshot,
) -> tuple[Stored, Update] | None:
    """The stored settlement brought up to date, and the update; None where only settling
    in full will do (no previous settlement, duplicate ids before or after, a changed
    ledger.yaml)."""
    if previous is None:
        return None
    old, before, after = previous
    if old.settled is None or old.duplicates() or snapshot.duplicates():
        return None
    restored = Restored(old.settled, book.invoices)
    update = resettle(book, restored, before, after, snapshot.order_key)
    if update is None:
        return None
    new = new_invoices(before, after)
    replaced = {
        n: a for n in update.accounts if n not in new and (a := restored.account(n)) is not None
    }
    stored = old.settled
    order = lambda: list(book.invoices)  # noqa: E731
    place = functools.partial(_last, book, snapshot)
    stored.apply(update, replaced, order, _moved(before, after), place)
    return stored, update


def _last(book: Book, snapshot: Snapshot, numbers: list[str]) -> list[str] | None:
    """New invoices in load order, if every one comes after every other invoice (as new
    files named after the next numbers do); None if not."""
    fresh = set(numbers)
    keys = sorted((snapshot.order_key(book.invoices[number]), number) for number in numbers)
    ordered = [number for _, number in keys]
    for folder in reversed(snapshot.folders_of(_INVOICES)):
        for index in range(len(folder.files) - 1, -1, -1):
            records = _records_at(snapshot, folder.path, index)
            lines = [
                snapshot.order_key(r) for r in records if getattr(r, "number", None) not in fresh
            ]
            if lines:
                return None if max(lines) > keys[0][0] else ordered
    return ordered


def _records_at(snapshot: Snapshot, path: str, index: int) -> list[Record]:
    from ar.store.codec import decode_record

    return [decode_record(blob) for _, _, blob in snapshot.entry(path, index)[0]]


def _moved(before: list[Record], after: list[Record]) -> bool:
    """Whether a record now lives in another file than it did (its place in the book may
    have changed with it)."""
    files = {(type(r), record_key(r)): r.source.file for r in before}
    return any(files.get((type(r), record_key(r)), r.source.file) != r.source.file for r in after)
