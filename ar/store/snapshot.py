"""What the parse cache holds about a ledger, and the book built from it.

Per folder, in load order: its scan (`Folder`) and the entries of its files, each file's
records encoded (table, key, blob) and its problems. A book's tables are derived from the
entries when first used, in load order with the first record of an id winning, exactly as
`assemble` does. Files with problems and duplicate ids are listed apart, so that a run in
which nothing changed reads neither the entries nor the records.
"""

from __future__ import annotations

import bisect
import functools
import marshal
from array import array
from collections.abc import Iterable
from typing import Any

from ar.book import Book, duplicate, record_key
from ar.errors import Problem
from ar.model import Ledger, Record
from ar.store import placement
from ar.store.cachefile import CacheFile, CacheInvalid, remove_cache
from ar.store.codec import decode_problem, decode_record, encode_problem
from ar.store.layout import KINDS, LEDGER_FILE
from ar.store.parse import LEDGER_TABLE, Parsed, table_of
from ar.store.scan import FIELDS, ROOT, Folder
from ar.store.settled import Stored
from ar.table import Table

FileEntry = tuple[list[tuple[int, str, bytes]], list[tuple[Any, ...]]]
Blob = bytes | memoryview
FileProblems = tuple[str, list[tuple[Any, ...]]]


class Snapshot:
    """The ledger as last parsed: folders, file entries, problems, the stored settlement."""

    def __init__(
        self,
        folders: list[Folder],
        entries: dict[str, Blob],
        problems: list[FileProblems],
        duplicates: list[tuple[Any, ...]] | None,
        settled: Stored | None,
        cache: CacheFile | None = None,
    ) -> None:
        self.folders, self.problems, self.settled = folders, problems, settled
        self.by_path = {folder.path: folder for folder in folders}
        self._entries, self._cache = entries, cache
        self._blobs: dict[str, list[bytes]] = {}  # per folder: each file's entry, encoded
        self._decoded: dict[str, list[FileEntry]] = {}
        self._duplicates = duplicates
        self.generation: str | None = None  # of the cache it was read from
        self._index: dict[str, str] | None = None
        self._index_from: Snapshot | None = None  # the snapshot this one updates
        self._tables: dict[int, tuple[dict[str, bytes], list[tuple[Any, ...]]]] = {}
        self._odd: list[set[str]] | None = None
        self._positions: dict[str, int] | None = None
        self.rescanned: set[str] | None = None  # the folders scanned anew (None: all)

    @classmethod
    def read(cls, cache: CacheFile, folders: list[Folder] | None = None) -> Snapshot:
        """The snapshot in a cache; `folders` if its folder scans were read already."""
        if folders is None:
            folders = [Folder.load(stored) for stored in cache.section("folders")]
        problems, duplicates = cache.section("problems")
        settled = cache.section("settled")
        stored = Stored.load(settled) if settled is not None else None
        snapshot = cls(folders, {}, problems, duplicates, stored, cache)
        snapshot.generation = cache.header.get("generation")
        snapshot.book()  # decodes the ledger: a cache that cannot, fails here and now
        return snapshot

    def entries_blob(self, path: str) -> Blob:
        blob = self._entries.get(path)
        if blob is None and self._cache is None:  # an updated snapshot: see `updated`
            if path in self._blobs:
                blob = self._entries[path] = marshal.dumps(self._blobs[path])
            elif self._index_from is not None:
                blob = self._entries[path] = self._index_from.entries_blob(path)
        if blob is None:
            assert self._cache is not None
            try:
                blob = self._cache.raw(f"entries:{path}")
            except CacheInvalid:
                blob = self._reparsed(self._cache, path)
            self._entries[path] = blob
        return blob

    def _reparsed(self, cache: CacheFile, path: str) -> bytes:
        """A folder's entries parsed afresh, the cached ones being damaged (the files did not
        change: their stats say so). The cache is removed; the next run rebuilds it."""
        from ar.store.parse import parse_files

        folder = self.by_path[path]
        found = parse_files(cache.root, [folder.relative(name) for name in folder.files])
        remove_cache(cache.root)
        return marshal.dumps([marshal.dumps(_entry(parsed)) for parsed in found])

    def file_blobs(self, path: str) -> list[bytes]:
        """A folder's file entries, each still encoded (one can be decoded alone)."""
        found = self._blobs.get(path)
        if found is None:
            found = marshal.loads(self.entries_blob(path))
            self._blobs[path] = found
        return found

    def entries(self, path: str) -> list[FileEntry]:
        """A folder's file entries, decoded once."""
        found = self._decoded.get(path)
        if found is None:
            found = [marshal.loads(blob) for blob in self.file_blobs(path)]
            self._decoded[path] = found
        return found

    def entry(self, path: str, index: int) -> FileEntry:
        decoded = self._decoded.get(path)
        found: FileEntry = (
            decoded[index] if decoded is not None else marshal.loads(self.file_blobs(path)[index])
        )
        return found

    def file_entry(self, relpath: str) -> FileEntry | None:
        path, _, name = relpath.rpartition("/")
        folder = self.by_path.get(path)
        if folder is None:
            return None
        index = bisect.bisect_left(folder.files, name)
        if index == len(folder.files) or folder.files[index] != name:
            return None
        return self.entry(path, index)

    def records_of(self, relpaths: Iterable[str]) -> list[Record]:
        """The records these files held, decoded."""
        found = []
        for relpath in relpaths:
            entry = self.file_entry(relpath)
            found += [decode_record(blob) for _, _, blob in entry[0]] if entry else []
        return found

    def updated(
        self, folders: list[Folder], parsed: dict[str, Parsed], touched: set[str]
    ) -> Snapshot:
        """This snapshot with the `touched` folders rescanned and `parsed` files replaced."""
        rows: dict[str, list[bytes]] = {}
        for folder in folders:
            if folder.path not in touched and folder.path in self.by_path:
                continue
            rows[folder.path] = self._rows(folder, parsed)
        # the other folders keep their entries, read from here when asked for (and those
        # rows are encoded then: most often in the child process that writes the cache)
        gone = set(parsed)
        for path in touched:
            old, new = self.by_path.get(path), _folder_in(folders, path)
            if old is not None:
                kept = set(new.files) if new else set()
                gone.update(old.relative(name) for name in old.files if name not in kept)
        problems = [item for item in self.problems if item[0] not in gone]
        problems += [(p[0], p[3]) for p in parsed.values() if p[3]]
        snapshot = Snapshot(folders, {}, _in_load_order(folders, problems), None, self.settled)
        snapshot._blobs.update(rows)
        snapshot._index_from = self
        snapshot.rescanned = set(touched)
        if self._duplicates == []:  # none before: only the changed files may bring some
            replaced = [rel for rel in [*parsed, *gone] if self.file_entry(rel) is not None]
            odd = placement.before_odd(self, replaced, len(KINDS))
            snapshot._odd = placement.odd_after(self, odd, parsed)
            snapshot._duplicates = []
            if placement.may_repeat(self, snapshot, odd, parsed):
                tables = {table_of(rel)[0] for rel in parsed} - {LEDGER_TABLE}
                snapshot._duplicates = [d for t in sorted(tables) for d in snapshot._table(t)[1]]
        return snapshot

    def _rows(self, folder: Folder, parsed: dict[str, Parsed]) -> list[bytes]:
        """A touched folder's entries: those of its parsed files new, the others as they were
        (and the stat taken as a file was read goes with what was read)."""
        old = self.by_path.get(folder.path)
        if old is not None and old.files is folder.files:
            rows = list(self.file_blobs(old.path))
        elif old is not None and folder.files[: len(old.files)] == old.files:  # files added
            rows = [*self.file_blobs(old.path), *[b""] * (len(folder.files) - len(old.files))]
        else:
            before = dict(zip(old.files, self.file_blobs(old.path), strict=True)) if old else {}
            rows = [before.get(name, b"") for name in folder.files]
        stats = array("q", folder.stats)
        for relpath, found in parsed.items():
            path, _, name = relpath.rpartition("/")
            if path == folder.path:
                index = bisect.bisect_left(folder.files, name)
                rows[index] = marshal.dumps(_entry(found))
                stats[index * FIELDS : (index + 1) * FIELDS] = array("q", found[1])
        folder.stats = stats.tobytes()
        return rows

    def preload(self, table: int, contents: dict[str, Any], duplicates: list[Any]) -> None:
        """A table's contents given already (records decoded), with its duplicate ids."""
        self._tables[table] = (contents, duplicates)

    def table_contents(self, table: int) -> dict[str, bytes]:
        """{key: blob} of one table in load order, the first of duplicate keys winning."""
        return self._table(table)[0]

    def _table(self, table: int) -> tuple[dict[str, bytes], list[tuple[Any, ...]]]:
        """A table's contents, and the duplicate ids in it (encoded problems)."""
        found = self._tables.get(table)
        if found is None:
            contents: dict[str, bytes] = {}
            duplicates: list[bytes] = []
            for path in self._folders_of(table):
                for records, _ in self.entries(path):
                    for _, key, blob in records:
                        if contents.setdefault(key, blob) is not blob:
                            duplicates.append(blob)
            found = contents, [_duplicate(blob, contents) for blob in duplicates]
            self._tables[table] = found
        return found

    def _folders_of(self, table: int) -> list[str]:
        return [folder.path for folder in self.folders_of(table)]

    def folders_of(self, table: int) -> list[Folder]:
        top = KINDS[table].folder
        return [f for f in self.folders if f.path == top or f.path.startswith(f"{top}/")]

    def duplicates_known(self) -> list[tuple[Any, ...]] | None:
        """The duplicate ids if known without reading the tables (None: not known)."""
        return self._duplicates

    def order_key(self, record: Record) -> tuple[int, int, int]:
        """Where a record stands in load order: its folder, its file there, its line."""
        if self._positions is None:
            self._positions = {folder.path: index for index, folder in enumerate(self.folders)}
        path, _, name = record.source.file.rpartition("/")
        index = bisect.bisect_left(self.by_path[path].files, name)
        return self._positions[path], index, record.source.line

    def find(self, table: int, key: str) -> bytes | None:
        return placement.find(self, table, key)

    @property
    def odd(self) -> list[set[str]]:
        """Per table, the ids of records not in the file named after them (`placement`)."""
        if self._odd is None:
            self._odd = self._read_odd()
        return self._odd

    @odd.setter
    def odd(self, value: list[set[str]]) -> None:
        self._odd = value

    def _read_odd(self) -> list[set[str]]:
        if self._cache is not None and "odd" in self._cache.header["sections"]:
            return [set(keys) for keys in self._cache.section("odd")]
        odd: list[set[str]] = [set() for _ in KINDS]
        for folder in self.folders[1:]:
            for name, entry in zip(folder.files, self.entries(folder.path), strict=True):
                for table, key in placement.odd_in(folder.relative(name), entry):
                    odd[table].add(key)
        return odd

    def duplicates(self) -> list[tuple[Any, ...]]:
        """Duplicate ids, as `assemble` reports them (encoded)."""
        if self._duplicates is None:
            self._duplicates = [d for table in range(len(KINDS)) for d in self._table(table)[1]]
        return self._duplicates

    def book(self) -> Book | None:
        """The book, its tables decoded as they are used; None without a usable ledger."""
        entry = self.file_entry(LEDGER_FILE)
        blobs = [blob for _, _, blob in entry[0]] if entry else []
        if not blobs:
            return None
        ledger = decode_record(blobs[0])
        assert isinstance(ledger, Ledger)
        tables = {
            kind.folder.replace("-", "_"): Table(
                _contents(self, index),
                decode_record,
                functools.partial(placement.find, self, index),
            )
            for index, kind in enumerate(KINDS)
        }
        return Book(ledger, **tables)

    def load_problems(self, with_duplicates: bool) -> list[Problem]:
        found = [decode_problem(p) for _, problems in self.problems for p in problems]
        return found + [decode_problem(p) for p in self.duplicates()] if with_duplicates else found

    def mark_racy(self, since_ns: int) -> None:
        """Forget the stat of files changed at or after `since_ns`, so they are parsed again
        next time: a change made in the same clock tick as our scan leaves size and times
        as they were (the "racily clean" case git guards against too). Folders not scanned
        anew keep their stats as marked when they were."""
        for folder in self.folders:
            if self.rescanned is not None and folder.path not in self.rescanned:
                continue
            stats = array("q", folder.stats)
            mtimes, ctimes = stats[1::FIELDS], stats[2::FIELDS]
            if max(mtimes, default=0) < since_ns and max(ctimes, default=0) < since_ns:
                continue
            pairs = enumerate(zip(mtimes, ctimes, strict=True))
            racy = [i for i, (m, c) in pairs if m >= since_ns or c >= since_ns]
            for index in racy:
                stats[index * FIELDS : (index + 1) * FIELDS] = array("q", bytes(8 * FIELDS))
            folder.stats = stats.tobytes()

    @property
    def index(self) -> dict[str, str]:
        """Records by the customer or plan they name (see `ar.store.references`)."""
        if self._index is None:
            if self._index_from is not None:
                self._index = self._index_from.index
            else:
                assert self._cache is not None
                self._index = self._cache.section("index")
        return self._index

    @index.setter
    def index(self, value: dict[str, str]) -> None:
        self._index = value

    def sections(self, settled: Stored | None) -> dict[str, Blob]:
        sections: dict[str, Blob] = {
            "folders": marshal.dumps([folder.dump() for folder in self.folders]),
            "problems": marshal.dumps((self.problems, self.duplicates())),
            "settled": marshal.dumps(settled.dump() if settled else None),
            "index": marshal.dumps(self.index),
            "odd": marshal.dumps([sorted(keys) for keys in self.odd]),
        }
        for folder in self.folders:
            sections[f"entries:{folder.path}"] = self.entries_blob(folder.path)
        return sections

    def known_crcs(self) -> dict[str, int]:
        """The CRCs of entries sections copied as they were from the cache read."""
        source = self if self._cache is not None else self._index_from
        if source is None or source._cache is None:
            return {}
        return {
            f"entries:{path}": source._cache.crc(f"entries:{path}")
            for path, blob in self._entries.items()
            if isinstance(blob, memoryview) and source._entries.get(path) is blob
        }


def _duplicate(blob: bytes, first: dict[str, bytes]) -> tuple[Any, ...]:
    record = decode_record(blob)
    return encode_problem(duplicate(record, decode_record(first[record_key(record)])))


def _folder_in(folders: list[Folder], path: str) -> Folder | None:
    return next((folder for folder in folders if folder.path == path), None)


def _contents(snapshot: Snapshot, table: int) -> Any:
    return lambda: snapshot.table_contents(table)


def _entry(parsed: Parsed) -> FileEntry:
    return parsed[2], parsed[3]


def _in_load_order(folders: list[Folder], problems: list[FileProblems]) -> list[FileProblems]:
    position = {folder.path: index for index, folder in enumerate(folders)}

    def order(item: FileProblems) -> tuple[int, int]:
        path, _, name = item[0].rpartition("/")
        folder = folders[position[path]] if path in position else None
        index = bisect.bisect_left(folder.files, name) if folder else 0
        return (position.get(path, -1), index)

    return sorted(problems, key=order)


__all__ = ["ROOT", "FileEntry", "Snapshot"]
