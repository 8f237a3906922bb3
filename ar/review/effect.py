"""What a change does to what customers owe: open amounts and aging, per currency.

Both books are aged as of the same day with the same buckets (the new book's), so every
difference comes from the change and none from the passing of time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ar.book import Book
from ar.money import ZERO
from ar.reports.aging import Options, aging, labels
from ar.review.change import Books

TOTAL, UNAPPLIED = "total", "unapplied"


@dataclass(frozen=True)
class Effect:
    """One currency's figures before and after: each bucket, the open total, unapplied credit."""

    currency: str
    buckets: tuple[str, ...]
    before: dict[str, Decimal]
    after: dict[str, Decimal]

    def change(self, key: str) -> Decimal:
        return self.after[key] - self.before[key]


def effects(books: Books, as_of: dt.date) -> list[Effect]:
    """Every currency whose open amounts, aging or unapplied credit the change moved."""
    settings = books.head.ledger.aging
    options = Options(as_of, basis=settings.basis, buckets=tuple(settings.buckets))
    names = (*labels(tuple(settings.buckets)), TOTAL, UNAPPLIED)
    before, after = _totals(books.base, options), _totals(books.head, options)
    result = []
    for currency in sorted(before.keys() | after.keys()):
        old = {key: before.get(currency, {}).get(key, ZERO) for key in names}
        new = {key: after.get(currency, {}).get(key, ZERO) for key in names}
        if old != new:
            result.append(Effect(currency, names[:-2], old, new))
    return result


def _totals(book: Book, options: Options) -> dict[str, dict[str, Decimal]]:
    return {row["currency"]: row for row in aging(book, options).report.totals}
