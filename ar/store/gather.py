"""Building the snapshot of a cold load while the files are still being parsed.

Parsed files come back from the workers in load order. Each is put away at once: its
records decoded into their tables (the first of an id winning, a later one a duplicate),
its customer and plan references indexed, and each folder's entries encoded as soon as
its last file is in. The parsed results themselves are then let go, which keeps a cold
load of a big book within its memory, and the work overlaps with the parsing.
"""

from __future__ import annotations

import marshal
from array import array
from typing import Any

from ar.book import duplicate
from ar.model import Record
from ar.store.codec import decode_record, encode_problem
from ar.store.layout import KINDS
from ar.store.parse import LEDGER_TABLE, Parsed
from ar.store.references import entry_of, names_of
from ar.store.scan import Folder
from ar.store.snapshot import FileProblems, Snapshot


class Gatherer:
    """Takes parsed files in the order of `folders`' files; `snapshot()` once all are in."""

    def __init__(self, folders: list[Folder]) -> None:
        self.folders = folders
        self.tables: list[dict[str, Any]] = [{} for _ in KINDS]
        self.duplicates: list[list[tuple[Any, ...]]] = [[] for _ in KINDS]
        self.problems: list[FileProblems] = []
        self.index: dict[str, list[str]] = {}
        self.entries: dict[str, bytes] = {}
        self._folder = 0
        self._rows: list[Any] = []
        self._stats: array[int] = array("q")
        self._skip_empty()

    def add(self, part: list[Parsed]) -> None:
        for parsed in part:
            relpath, stat, records, problems = parsed
            folder = self.folders[self._folder]
            assert folder.relative(folder.files[len(self._rows)]) == relpath
            self._rows.append((records, problems))
            self._stats.extend(stat)
            if problems:
                self.problems.append((relpath, problems))
            for table, key, blob in records:
                if table != LEDGER_TABLE:
                    self._put(table, key, decode_record(blob))
            if len(self._rows) == len(folder.files):
                self._close()

    def _put(self, table: int, key: str, record: Record) -> None:
        first = self.tables[table].setdefault(key, record)
        if first is not record:
            self.duplicates[table].append(encode_problem(duplicate(record, first)))
            return
        for name in names_of(record):
            self.index.setdefault(name, []).append(entry_of(record))

    def _close(self) -> None:
        folder = self.folders[self._folder]
        folder.stats = self._stats.tobytes()
        self.entries[folder.path] = marshal.dumps(self._rows)
        self._rows, self._stats = [], array("q")
        self._folder += 1
        self._skip_empty()

    def _skip_empty(self) -> None:
        while self._folder < len(self.folders) and not self.folders[self._folder].files:
            self._close()

    def snapshot(self) -> Snapshot:
        assert self._folder == len(self.folders), "not every file was parsed"
        duplicates = [d for found in self.duplicates for d in found]
        snapshot = Snapshot(self.folders, dict(self.entries), self.problems, duplicates, None)
        for table, contents in enumerate(self.tables):
            snapshot.preload(table, contents, self.duplicates[table])
        snapshot.index = {name: "\n".join(entries) for name, entries in self.index.items()}
        return snapshot
