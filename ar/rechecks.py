"""Running the whole-book checks again after a few records changed, on just what they reach.

A check's verdict on a record depends on that record, on the ledger, and on records it
shares a key with: its customer, the invoices it is applied to, its recurring plan (and
that plan's other invoices), and what those invoices are paid, credited and charged.
When some records change, only the records that share a key with them (and, for an
invoice whose customer, payments or credit notes changed, everything applied to that
invoice) can gain or lose a problem. Those are checked again through a view of the book
that walks only them but looks up all the others; every other problem found last time
stands. The result is the same as checking the whole book (sorted by place); a property
test holds it to that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ar.book import Book
from ar.errors import Problem, Source
from ar.integrity import check_with
from ar.model import CreditNote, Customer, Invoice, Ledger, Payment, Record, Recurring
from ar.settlement import Account

Token = tuple[str, str]  # ("customer" | "invoice" | "recurring" | "payment" | "note", id)
V = TypeVar("V")


def tokens(record: Record) -> set[Token]:
    """The keys a record has or refers to."""
    if isinstance(record, Customer):
        return {("customer", record.id)}
    if isinstance(record, Invoice):
        found = {("invoice", record.number), ("customer", record.customer)}
        return found | ({("recurring", record.recurring)} if record.recurring else set())
    if isinstance(record, Payment):
        found = {("payment", record.id), ("customer", record.customer)}
        return found | {("invoice", alloc.invoice) for alloc in record.apply}
    if isinstance(record, CreditNote):
        found = {("note", record.number), ("customer", record.customer)}
        found |= {("invoice", alloc.invoice) for alloc in record.apply}
        return found | ({("invoice", record.invoice)} if record.invoice else set())
    if isinstance(record, Recurring):
        return {("recurring", record.id), ("customer", record.customer)}
    raise TypeError(f"no keys known for {type(record).__name__}")


def reaches(record: Record) -> set[Token]:
    """The keys whose records a change to this record may give or take a problem: its own,
    the invoices it is applied to, its recurring plan. (Sharing a customer does not tie
    two records: only a change to the customer itself reaches all of theirs.)"""
    found = tokens(record)
    if isinstance(record, Customer):
        return found
    return {(kind, key) for kind, key in found if kind != "customer"}


def ordered_by_place(problems: Iterable[Problem]) -> list[Problem]:
    """Problems by file and line; those of one place keep the order the checks found them."""
    return sorted(problems, key=lambda p: p.source)


Related = Callable[[set[Token]], list[Record]]
"""The records of the book (as it is now) that have or refer to any of these keys."""


@dataclass(frozen=True)
class Scope:
    """What to check again: these records, and the accounts of these invoices."""

    records: list[Record]
    invoices: set[str]


def recheck(
    book: Book,
    accts: Mapping[str, Account],  # looked up one by one, walked in the book's order
    previous: list[Problem],
    before: list[Record],
    after: list[Record],
    related: Related,
    order: Callable[[Record], Any] | None = None,
) -> list[Problem] | None:
    """The checks' problems for `book`, from those of the book before `before` became
    `after`; None when ledger.yaml changed (check the whole book then). `order` sorts
    records as the book holds them, when that is quicker than walking its tables."""
    if any(isinstance(record, Ledger) for record in [*before, *after]):
        return None
    scope = scope_of(book, [*before, *after], related)
    tables = {name: getattr(book, name) for name in _TABLES}
    kinds: dict[type, list[Record]] = {}
    for record in scope.records:  # each looked up in its own table only
        kinds.setdefault(type(record), []).append(record)
    view = Book(
        book.ledger,
        **{
            name: _Walking(table, _order(table, kinds.get(_KINDS[name], []), order))
            for name, table in tables.items()
        },
    )
    invoices: list[Record] = [book.invoices[n] for n in scope.invoices]
    numbers = [_key(invoice) for invoice in _order(book.invoices, invoices, order)]
    found = check_with(view, _Walking(accts, numbers))
    places = {record.source for record in scope.records}
    redone = {record.source.file for record in [*before, *after]}
    kept = [p for p in previous if p.source not in places and p.source.file not in redone]
    fresh = [p for p in found if p.source in places or p.source.file in redone]
    return ordered_by_place([*kept, *fresh])


_TABLES = ("customers", "invoices", "payments", "credit_notes", "recurring")
_KINDS = {
    "customers": Customer,
    "invoices": Invoice,
    "payments": Payment,
    "credit_notes": CreditNote,
    "recurring": Recurring,
}


def scope_of(book: Book, changed: list[Record], related: Related) -> Scope:
    keys = set().union(*(reaches(record) for record in changed))
    near = related(keys)
    customers = {k for kind, k in keys if kind == "customer"}
    invoices = {k for kind, k in keys if kind == "invoice"}
    for record in near:
        if isinstance(record, Invoice) and record.customer in customers:
            invoices.add(record.number)  # its currency or terms may have changed
        if isinstance(record, CreditNote) and record.customer in customers and record.invoice:
            invoices.add(record.invoice)  # the note's rounding follows its customer
    near += related({("invoice", number) for number in invoices})
    plans = {("recurring", r.recurring) for r in near if isinstance(r, Invoice) and r.recurring}
    near += related(plans)  # a plan's invoices are checked together (one per date)
    found: dict[tuple[type, Source], Record] = {}
    for record in [*near, *(r for r in changed if _holds(book, r))]:
        found.setdefault((type(record), record.source), record)
    numbers = invoices | {r.number for r in found.values() if isinstance(r, Invoice)}
    return Scope(list(found.values()), {n for n in numbers if n in book.invoices})


def _holds(book: Book, record: Record) -> bool:
    """The book holds this very record (the new version of a change, not the old)."""
    for name in _TABLES:
        table = getattr(book, name)
        for key in (getattr(record, "id", None), getattr(record, "number", None)):
            if key is not None and table.get(key) is record:
                return True
    return False


def _order(table: Mapping[str, Any], records: Sequence[Record], order: Any) -> list[Record]:
    """Those of `records` that `table` holds (these very ones), in the table's order."""
    held = [r for r in records if table.get(_key(r)) is r]
    if order is not None:
        return sorted(held, key=order)
    wanted = {id(r) for r in held}
    return [record for key in table if id(record := table[key]) in wanted] if held else []


def _key(record: Record) -> str:
    """A record's id or number (looked up by kind: a missing attribute is slow on a model)."""
    return record.number if isinstance(record, Invoice | CreditNote) else str(record.id)  # type: ignore[attr-defined]


class _Walking(dict[str, V]):
    """A table that looks up everything but walks only some of it, in the table's order."""

    def __init__(self, table: Mapping[str, V], walked: list[Record] | list[str]) -> None:
        super().__init__()
        self._table = table
        self._order = [item if isinstance(item, str) else _key(item) for item in walked]

    def __getitem__(self, key: str) -> V:
        return self._table[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self._table.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._table

    def __len__(self) -> int:
        return len(self._table)

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def keys(self) -> Any:
        return list(self._order)

    def values(self) -> Any:
        return [self._table[key] for key in self._order]

    def items(self) -> Any:
        return [(key, self._table[key]) for key in self._order]
