"""The two sides of a change to the ledger, as the review needs them.

Only the files a change touched are compared; every other file is the same on both sides,
so its records (`shared`) are read once and count in both books.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ar.book import Book, assemble
from ar.errors import Problem
from ar.model import CreditNote, Customer, Invoice, Ledger, Payment, Record, Recurring


@dataclass(frozen=True)
class Side:
    """One revision: its settings and every record of the files the change touched.

    `problems` name touched files that did not load on this side; their records are missing.
    `new` says the ledger did not exist yet at this revision (`ledger` is then the other
    side's): there was no history to rewrite.
    """

    label: str
    commit: str | None
    ledger: Ledger
    touched: tuple[Record, ...]
    problems: tuple[Problem, ...] = ()
    new: bool = False


@dataclass(frozen=True)
class ChangeSet:
    """Both sides, the records of untouched files, and the template files the change
    touched (`templates/...`: what customers receive)."""

    base: Side
    head: Side
    shared: tuple[Record, ...]
    templates: tuple[str, ...] = ()

    def books(self) -> tuple[Book, Book]:
        """The whole book before and after the change."""
        return _book(self.base, self.shared), _book(self.head, self.shared)

    def locked_until(self) -> dt.date | None:
        """The closed period for this change: a period closed on either side stays closed,
        so reopening it and editing it in the same change is still caught. A change that
        creates the ledger has no history to protect."""
        if self.base.new:
            return None
        dates = [d for d in (self.base.ledger.locked_until, self.head.ledger.locked_until) if d]
        return max(dates) if dates else None


def _book(side: Side, shared: tuple[Record, ...]) -> Book:
    return assemble(side.ledger, [*shared, *side.touched])[0]


def record_dates(record: Record) -> Iterator[dt.date]:
    """Every date on which a record says something happened."""
    if isinstance(record, Invoice):
        yield record.date
        yield from (event.date for event in record.events)
    elif isinstance(record, Payment):
        yield record.date
        yield from (alloc.date for alloc in record.apply if alloc.date)
        yield from (refund.date for refund in record.refunds)
    elif isinstance(record, CreditNote):
        yield record.date
        yield from (event.date for event in record.events)
    elif not isinstance(record, Customer | Recurring):
        raise TypeError(record)


def latest_date(book: Book) -> dt.date | None:
    """The last date anything in the book happened on."""
    return latest([*book.invoices.values(), *book.payments.values(), *book.credit_notes.values()])


def latest(records: Iterable[Record]) -> dt.date | None:
    return max((d for record in records for d in record_dates(record)), default=None)
