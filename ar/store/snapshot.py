"""What the parse cache holds about a ledger, and the book built from it.

Per folder, in load order: its scan (`Folder`) and the entries of its files, each file's
records encoded (table, key, blob) and its problems. A book's tables are derived from the
entries when first used, in load order with the first record of an id winning, exactly as
`assemble` does. Files with problems and duplicate ids are listed apart, so that a run in
which nothing changed reads neither the entries nor the records.
"""

from __future__ import annotations

import bisect
import marshal
from array import array
from collections.abc import Iterable
from typing import Any

from ar.book import Book, duplicate, record_key
from ar.errors import Problem
from ar.model import Ledger, Record
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
        self._decoded: dict[str, list[FileEntry]] = {}
        self._duplicates = duplicates
        self.generation: str | None = None  # of the cache it was read from
        self._index: dict[str, str] | None = None
        self._index_from: Snapshot | None = None  # the snapshot this one updates
        self._tables: dict[int, tuple[dict[str, bytes], list[tuple[Any, ...]]]] = {}

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
        return marshal.dumps([_entry(parsed) for parsed in found])

    def entries(self, path: str) -> list[FileEntry]:
        """A folder's file entries, decoded once."""
        found = self._decoded.get(path)
        if found is None:
            found = marshal.loads(self.entries_blob(path))
            self._decoded[path] = found
        return found

    def file_entry(self, relpath: str) -> FileEntry | None:
        path, _, name = relpath.rpartition("/")
        folder = self.by_path.get(path)
        if folder is None:
            return None
        index = bisect.bisect_left(folder.files, name)
        if index == len(folder.files) or folder.files[index] != name:
            return None
        return self.entries(path)[index]

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
        entries: dict[str, Blob] = {}
        for folder in folders:
            if folder.path not in touched and folder.path in self.by_path:
                continue
            old = self.by_path.get(folder.path)
            before = dict(zip(old.files, self.entries(old.path), strict=True)) if old else {}
            stats = array("q", folder.stats)
            rows = []
            for index, name in enumerate(folder.files):
                found = parsed.get(folder.relative(name))
                rows.append(_entry(found) if found else before[name])
                if found:  # the stat taken as the file was read goes with what was read
                    stats[index * FIELDS : (index + 1) * FIELDS] = array("q", found[1])
            folder.stats = stats.tobytes()
            entries[folder.path] = marshal.dumps(rows)
        for path in {f.path for f in folders} - entries.keys():
            entries[path] = self.entries_blob(path)
        gone = set(parsed)
        for path in touched:
            old, new = self.by_path.get(path), _folder_in(folders, path)
            if old is not None:
                kept = set(new.files) if new else set()
                gone.update(old.relative(name) for name in old.files if name not in kept)
        problems = [item for item in self.problems if item[0] not in gone]
        problems += [(p[0], p[3]) for p in parsed.values() if p[3]]
        snapshot = Snapshot(folders, entries, _in_load_order(folders, problems), None, self.settled)
        snapshot._index_from = self
        if self._duplicates == []:  # none before: only the tables of changed files may have some
            tables = {table_of(rel)[0] for rel in [*parsed, *gone]} - {LEDGER_TABLE}
            snapshot._duplicates = [
                d for table in sorted(tables) for d in snapshot._table(table)[1]
            ]
        return snapshot

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
        top = KINDS[table].folder
        return [f.path for f in self.folders if f.path == top or f.path.startswith(f"{top}/")]

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
            kind.folder.replace("-", "_"): Table(_contents(self, index), decode_record)
            for index, kind in enumerate(KINDS)
        }
        return Book(ledger, **tables)

    def load_problems(self, with_duplicates: bool) -> list[Problem]:
        found = [decode_problem(p) for _, problems in self.problems for p in problems]
        return found + [decode_problem(p) for p in self.duplicates()] if with_duplicates else found

    def mark_racy(self, since_ns: int) -> None:
        """Forget the stat of files changed at or after `since_ns`, so they are parsed again
        next time: a change made in the same clock tick as our scan leaves size and times
        as they were (the "racily clean" case git guards against too)."""
        for folder in self.folders:
            stats = array("q", folder.stats)
            mtimes, ctimes = stats[1::FIELDS], stats[2::FIELDS]
            if max(mtimes, default=0) < since_ns and max(ctimes, default=0) < since_ns:
                continue
            for index in range(len(folder.files)):
                if max(mtimes[index], ctimes[index]) >= since_ns:
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
