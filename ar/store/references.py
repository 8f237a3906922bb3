"""Which records refer to a customer or a recurring plan: kept with the cache, for re-checks.

Checking a book again after a change (`ar.rechecks`) needs the records that share a key
with the changed ones. An invoice's payments and credit notes are known from its account;
a customer's records and a plan's invoices are kept here, as `{"customer:ID": "table:key\n
..."}`, and brought up to date with each change like the rest of the cache.
"""

from __future__ import annotations

from collections.abc import Iterable

from ar.book import Book, record_key
from ar.model import Record
from ar.rechecks import Related, Token, tokens
from ar.settlement import Settlement

INDEXED = ("customer", "recurring")
TABLE_OF = {
    "Customer": "customers",
    "Invoice": "invoices",
    "Payment": "payments",
    "CreditNote": "credit_notes",
    "Recurring": "recurring",
}


def index_of(records: Iterable[Record]) -> dict[str, str]:
    """The index of every record given."""
    lists: dict[str, list[str]] = {}
    for record in records:
        for name in names_of(record):
            lists.setdefault(name, []).append(entry_of(record))
    return {name: "\n".join(entries) for name, entries in lists.items()}


def updated(index: dict[str, str], before: list[Record], after: list[Record]) -> dict[str, str]:
    """The index once the records `before` were replaced by those `after`."""
    touched = {name for record in [*before, *after] for name in names_of(record)}
    lists = {name: _split(index.get(name, "")) for name in touched}
    for record in before:
        for name in names_of(record):
            entry = entry_of(record)
            if entry in lists[name]:
                lists[name].remove(entry)
    for record in after:
        for name in names_of(record):
            lists[name].append(entry_of(record))
    result = dict(index)
    for name, entries in lists.items():
        if entries:
            result[name] = "\n".join(entries)
        else:
            result.pop(name, None)
    return result


def related(book: Book, settled: Settlement, index: dict[str, str]) -> Related:
    """`ar.rechecks.Related` for this book: the records with any of the keys."""

    def find(keys: set[Token]) -> list[Record]:
        found: list[Record | None] = []
        for kind, key in keys:
            if kind in INDEXED:
                for entry in _split(index.get(f"{kind}:{key}", "")):
                    table, _, name = entry.partition(":")
                    found.append(getattr(book, table).get(name))
            elif kind == "invoice":
                found.append(book.invoices.get(key))
                account = settled.account(key)
                for move in account.movements if account else settled.orphan(key):
                    if move.kind in ("payment", "discount"):
                        found.append(book.payments.get(move.ref))
                    elif move.kind == "credit":
                        found.append(book.credit_notes.get(move.ref))
            else:
                table = "payments" if kind == "payment" else "credit_notes"
                found.append(getattr(book, table).get(key))
        # One payment applied to many of the invoices is found once per invoice: weigh its
        # keys once, or the work grows with the square of its allocations.
        unique = {id(record): record for record in found if record is not None}
        return [record for record in unique.values() if tokens(record) & keys]

    return find


def names_of(record: Record) -> list[str]:
    return [f"{kind}:{key}" for kind, key in tokens(record) if kind in INDEXED]


def entry_of(record: Record) -> str:
    return f"{TABLE_OF[type(record).__name__]}:{record_key(record)}"


def _split(text: str) -> list[str]:
    return text.split("\n") if text else []
