"""The whole-book problems a write would leave, found without checking the whole book again.

Before a command writes, the book as it would be is checked (`ar.store.transaction`). For
a book read through the parse cache, the problems of the book as it is are at hand
(`ar.store.checkcache`), and so are its settlement, the order of its records and which
records name each customer and plan. The change is then laid over the book's tables
without copying them, the settlement brought up to date for the records it reaches
(`ar.resettle`) and only those records checked again (`ar.rechecks`), as a load does after
files changed between runs. Anything those pieces cannot answer exactly (no cache, ids
held twice, a changed ledger.yaml, a change that is not a plain replace-or-add) is checked
in full. Either way the result is `check_book` of `book_with`, ordered by place; a
property test holds the two to that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from ar.book import Book, record_key
from ar.errors import Problem
from ar.integrity import check_book
from ar.model import CreditNote, Customer, Invoice, Payment, Record, Recurring
from ar.plan import Change, book_with
from ar.rechecks import ordered_by_place, recheck
from ar.resettle import Update, resettle
from ar.settlement import Account, CreditKey, Movement, Settlement, settlement
from ar.store import references
from ar.store.checkcache import Accounts, found_problems
from ar.store.layout import KINDS
from ar.store.load import Loaded
from ar.table import Table

if TYPE_CHECKING:
    from ar.store.snapshot import Snapshot

R = TypeVar("R", bound=Record)
TABLES: dict[type[Record], str] = {
    Customer: "customers",
    Invoice: "invoices",
    Payment: "payments",
    CreditNote: "credit_notes",
}
Order = Callable[[Record], tuple[int, ...]]


def problems_after(loaded: Loaded, changes: Sequence[Change]) -> list[Problem]:
    """`check_book` of the loaded book with these changes applied (`book_with`), by place."""
    book = loaded.book
    assert book is not None
    found = _rechecked(loaded, book, changes)
    if found is None:
        return ordered_by_place(check_book(book_with(book, list(changes))))
    return found


def laid_over(book: Book, records: Iterable[Record]) -> Book:
    """`book_with` these records (each in the place of the record with its key, or after
    all the others), without copying the book's tables or decoding their records."""
    tables: dict[type[Record], str] = {**TABLES, Recurring: "recurring"}
    new: dict[str, dict[str, Record]] = {}
    for record in records:
        new.setdefault(tables[type(record)], {})[record_key(record)] = record
    laid = {name: _With(getattr(book, name), records) for name, records in new.items()}
    kept = {name: getattr(book, name) for name in tables.values() if name not in laid}
    return Book(book.ledger, **kept, **laid)


def _rechecked(loaded: Loaded, book: Book, changes: Sequence[Change]) -> list[Problem] | None:
    """The problems after the changes, from those before; None where only checking the
    whole book will do."""
    snapshot = loaded.snapshot
    if snapshot is None or snapshot.duplicates_known() != [] or not _as_loaded(book):
        return None
    edit = _edit(snapshot, book, changes)
    if edit is None:
        return None
    settled = settlement(book)
    update = resettle(edit.book, settled, edit.before, edit.after, edit.order)
    if update is None:
        return None
    updated = _Updated(edit.book, settled, update)
    index = references.updated(snapshot.index, edit.before, edit.after)
    related = references.related(edit.book, updated, index)
    return recheck(
        edit.book,
        Accounts(edit.book, updated),
        found_problems(loaded),
        edit.before,
        edit.after,
        related,
        edit.order,
    )


def _as_loaded(book: Book) -> bool:
    """The book's tables are those the cache gave, unchanged (so are its settlement and the
    problems remembered for it)."""
    tables = (book.customers, book.invoices, book.payments, book.credit_notes, book.recurring)
    return all(isinstance(table, Table) and not table.changes for table in tables)


@dataclass(frozen=True)
class _Edit:
    """The book with the changes laid over it, the records of the files they change as they
    were and as they will be, and the order the changed book holds its records in."""

    book: Book
    before: list[Record]
    after: list[Record]
    order: Order


def _edit(snapshot: Snapshot, book: Book, changes: Sequence[Change]) -> _Edit | None:
    """As `book_with` does: a record replaces the one with its key, in its place; a new one
    comes after all the others. None where the cache cannot tell (see `_laid`)."""
    laid = _laid(snapshot, book, changes)
    if laid is None:
        return None
    new, replaced, places = laid
    others = _neighbours(snapshot, book, {r.source.file for r in replaced}, new)
    if others is None:
        return None
    tables = {name: _With(getattr(book, name), records) for name, records in new.items()}
    view = Book(book.ledger, recurring=book.recurring, **tables)
    after = [change.new for change in changes]

    def order(record: Record) -> tuple[int, ...]:
        return places.get(id(record)) or (0, *snapshot.order_key(record))

    return _Edit(view, [*replaced, *others], [*after, *others], order)


def _laid(
    snapshot: Snapshot, book: Book, changes: Sequence[Change]
) -> tuple[dict[str, dict[str, Record]], list[Record], dict[int, tuple[int, ...]]] | None:
    """The new records by table and key, the records they replace, and where each new one
    stands in the book's order (by `id`); None for a key changed twice, a new record whose
    key or file is taken, or an old record that is not the book's."""
    new: dict[str, dict[str, Record]] = {name: {} for name in TABLES.values()}
    replaced: list[Record] = []
    places: dict[int, tuple[int, ...]] = {}
    for index, change in enumerate(changes):
        name, key = TABLES.get(type(change.new)), record_key(change.new)
        if name is None or key in new[name]:
            return None
        old = getattr(book, name).get(key)
        taken = old is None and snapshot.file_entry(change.new.source.file) is not None
        if taken or not _replaces(old, change):
            return None
        new[name][key] = change.new
        places[id(change.new)] = (1, index) if old is None else (0, *snapshot.order_key(old))
        replaced += [] if old is None else [old]
    return new, replaced, places


def _replaces(old: Record | None, change: Change) -> bool:
    """The change replaces the book's record with its key (or adds one the book lacks), in
    that record's file (or in a file of its own)."""
    if old is None or change.old is None:
        return old is None and change.old is None
    return (old is change.old or old == change.old) and old.source.file == change.new.source.file


def _neighbours(
    snapshot: Snapshot, book: Book, files: set[str], new: dict[str, dict[str, Record]]
) -> list[Record] | None:
    """The other records of the files the changes edit: checked again with them, since the
    problems of a changed file are found anew. None if the cache does not know them all."""
    found: list[Record] = []
    for file in sorted(files):
        entry = snapshot.file_entry(file)
        if entry is None:
            return None
        for table, key, _ in entry[0]:
            name = KINDS[table].folder.replace("-", "_") if table >= 0 else ""
            if key in new.get(name, {}):
                continue
            record = getattr(book, name).get(key) if name in new else None
            if record is None or record.source.file != file:
                return None
            found.append(record)
    return found


class _With(dict[str, R]):
    """A table as `book_with` leaves it, without copying it: records replaced in place and
    new ones after all the others."""

    def __init__(self, table: dict[str, R], new: dict[str, R]) -> None:
        super().__init__()
        self._table, self._new = table, new

    def __getitem__(self, key: str) -> R:
        found = self._new.get(key)
        return self._table[key] if found is None else found

    def get(self, key: str, default: Any = None) -> Any:
        found = self._new.get(key)
        return self._table.get(key, default) if found is None else found

    def __contains__(self, key: object) -> bool:
        return key in self._new or key in self._table

    def __iter__(self) -> Iterator[str]:
        yield from self._table
        yield from (key for key in self._new if key not in self._table)

    def __len__(self) -> int:
        return len(self._table) + sum(1 for key in self._new if key not in self._table)

    def keys(self) -> Any:
        return list(self)

    def values(self) -> Any:
        return [self[key] for key in self]

    def items(self) -> Any:
        return [(key, self[key]) for key in self]


class _Updated(Settlement):
    """A settlement with an update applied: accounts and movements looked up one at a time;
    the whole (`Update.applied`) made only if walked."""

    def __init__(self, book: Book, previous: Settlement, update: Update) -> None:
        super().__init__({}, {})
        self._book, self._previous, self._update = book, previous, update
        self._whole: Settlement | None = None

    def _applied(self) -> Settlement:
        if self._whole is None:
            self._whole = self._update.applied(self._book, self._previous)
        return self._whole

    def account(self, number: str) -> Account | None:
        if number in self._update.accounts:
            return self._update.accounts[number]
        return self._previous.account(number)

    def orphan(self, number: str) -> tuple[Movement, ...]:
        if number in self._update.orphans:
            return self._update.orphans[number] or ()
        return self._previous.orphan(number)

    def credit_movements(self, key: CreditKey) -> tuple[Movement, ...]:
        if key in self._update.credits:
            return self._update.credits[key] or ()
        return self._previous.credit_movements(key)

    def accounts(self) -> dict[str, Account]:
        return self._applied().accounts()

    def active(self, as_of: dt.date) -> list[Account]:
        return self._applied().active(as_of)

    def pairs(self) -> set[tuple[str, str]]:
        return self._applied().pairs()

    def orphans(self) -> dict[str, tuple[Movement, ...]]:
        return self._applied().orphans()

    def credits(self) -> dict[CreditKey, tuple[Movement, ...]]:
        return self._applied().credits()

    def credit_keys(self) -> list[CreditKey]:
        return self._applied().credit_keys()

    def unapplied(self, as_of: dt.date) -> dict[CreditKey, Decimal]:
        return self._applied().unapplied(as_of)
