"""Planning many receipts at once (imports, bank reconciliation) against open invoices.

Imports and bank reconciliation plan many receipts in one run. Each planned receipt
consumes what it pays from `OpenItems`, so the next one sees only what is left, and no
invoice is paid twice by two lines of the same file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ar.book import Book
from ar.money import ZERO, round_money
from ar.settlement import accounts
from ar.terms import discount_deadline


@dataclass
class OpenItem:
    """An invoice that still owes money, and the early-payment discount it offers."""

    number: str
    customer: str
    currency: str
    date: dt.date
    due: dt.date
    total: Decimal
    open: Decimal
    po: str | None
    discount_until: dt.date | None = None
    discount: Decimal = ZERO

    def discount_on(self, day: dt.date) -> Decimal:
        """The discount a payment on `day` may take: nothing once the deadline has passed."""
        if self.discount_until is None or day > self.discount_until or day < self.date:
            return ZERO
        return min(self.discount, self.open)


@dataclass(frozen=True)
class Applied:
    """Part of a planned receipt applied to one invoice, with any discount taken."""

    invoice: str
    amount: Decimal
    discount: Decimal = ZERO


class OpenItems:
    """The book's open invoices as of a date, consumed as receipts are planned."""

    def __init__(self, book: Book, as_of: dt.date) -> None:
        self.items: dict[str, OpenItem] = {}
        self._by_customer: dict[tuple[str, str], list[OpenItem]] = defaultdict(list)
        for number, account in accounts(book).items():
            left = account.open_on(as_of)
            if left <= 0:
                continue
            invoice = account.invoice
            item = OpenItem(
                number, invoice.customer, account.currency, invoice.date, account.due,
                account.total, left, invoice.po,
            )  # fmt: skip
            offer = discount_deadline(invoice, book.customers.get(invoice.customer), book.ledger)
            if offer and offer[1].discount:
                item.discount_until = offer[0]
                percent = offer[1].discount.percent
                item.discount = round_money(account.total * percent / 100, account.currency)
            self.items[number] = item
            self._by_customer[invoice.customer, account.currency].append(item)
        for items in self._by_customer.values():
            items.sort(key=lambda i: (i.due, i.date, i.number))

    def of(self, customer: str, currency: str, on: dt.date) -> list[OpenItem]:
        """A customer's invoices issued by `on` that still owe, oldest due first."""
        return [
            i
            for i in self._by_customer.get((customer, currency), [])
            if i.open > 0 and i.date <= on
        ]

    def open_in(self, currency: str, on: dt.date) -> list[OpenItem]:
        return [
            i for i in self.items.values() if i.currency == currency and i.open > 0 and i.date <= on
        ]

    def settle(self, applied: Iterable[Applied]) -> None:
        for part in applied:
            self.items[part.invoice].open -= part.amount + part.discount


def pay_in_full(item: OpenItem, on: dt.date) -> Applied:
    """Everything an invoice owes, less the discount a payment on `on` may take."""
    discount = item.discount_on(on)
    return Applied(item.number, item.open - discount, discount)


def oldest_first(items: list[OpenItem], amount: Decimal, on: dt.date) -> list[Applied]:
    """Apply `amount` to `items` in order; an invoice paid in full in time gets its discount."""
    applied: list[Applied] = []
    for item in items:
        if amount <= 0:
            break
        full = pay_in_full(item, on)
        part = full if amount >= full.amount else Applied(item.number, min(amount, item.open))
        applied.append(part)
        amount -= part.amount
    return applied


class PaymentIds:
    """New payment ids `PAY-<year>-<seq>`, continuing after the highest already in the book."""

    _PATTERN = re.compile(r"PAY-(\d{4})-(\d+)")

    def __init__(self, existing: Iterable[str]) -> None:
        self._last: dict[int, int] = defaultdict(int)
        for pid in existing:
            match = self._PATTERN.fullmatch(pid)
            if match:
                year, seq = int(match[1]), int(match[2])
                self._last[year] = max(self._last[year], seq)

    def next(self, date: dt.date) -> str:
        self._last[date.year] += 1
        return f"PAY-{date.year}-{self._last[date.year]:04d}"
