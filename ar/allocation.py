"""How money received is spread over a customer's open invoices.

Rules, written down once:
- `--auto` pays the invoice due first (then the older, then the lower number) and moves on
  while money is left.
- An early-payment discount is offered when the money arrives within the terms' window
  and nothing has settled the invoice yet; it is a share of the invoice total, rounded to
  the currency. An invoice in its window is settled by `open - discount`, and the discount
  is recorded on the allocation. Money beyond that stays unapplied credit.
- An allocation dated D never takes an invoice below zero on D or on any later day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ar.book import Book
from ar.errors import ArlError
from ar.money import ZERO, round_money
from ar.plan import lookup, money
from ar.settlement import Account, accounts
from ar.terms import discount_deadline


@dataclass(frozen=True)
class OpenItem:
    """An invoice that can take money on a date: how much, and the discount it offers."""

    number: str
    date: dt.date
    due: dt.date
    room: Decimal
    discount: Decimal
    currency: str


def room_on(account: Account, on: dt.date) -> Decimal:
    """The most that may settle the invoice on `on` without it going below zero afterwards."""
    if account.void_on is not None or on < account.invoice.date:
        return ZERO
    later = [m.date for m in account.movements if m.date > on]
    return max(min(account.open_on(day) for day in [on, *later]), ZERO)


def discount_offered(book: Book, account: Account, paid_on: dt.date) -> Decimal:
    """The early-payment discount for paying the whole invoice on `paid_on` (zero if none)."""
    invoice = account.invoice
    window = discount_deadline(invoice, book.customers.get(invoice.customer), book.ledger)
    if window is None or paid_on > window[0] or paid_on < invoice.date:
        return ZERO
    settled = any(m.amount < 0 for m in account.movements)
    percent = window[1].discount.percent if window[1].discount else ZERO
    if settled or not percent:
        return ZERO
    return min(round_money(account.total * percent / 100, account.currency), account.total)


def settle(item: OpenItem, available: Decimal) -> tuple[Decimal, Decimal]:
    """(amount, discount) to put on one invoice out of `available`, discount when it settles."""
    if item.discount and available >= item.room - item.discount:
        return item.room - item.discount, item.discount
    return min(available, item.room), ZERO


def settle_exactly(item: OpenItem, amount: Decimal, available: Decimal) -> tuple[Decimal, Decimal]:
    """(amount, discount) for an amount the user chose; refuses more than is open or left."""
    if amount > item.room:
        raise ArlError(
            f"{item.number} has only {money(item.room, item.currency)} open to settle",
            f"apply at most {item.room}",
        )
    if amount > available:
        raise ArlError(
            f"only {money(available, item.currency)} is left to apply to {item.number}",
            "apply less, or record the rest of the money first",
        )
    discount = item.discount if item.discount and amount == item.room - item.discount else ZERO
    return amount, discount


def auto_allocate(
    items: list[OpenItem], available: Decimal
) -> list[tuple[OpenItem, Decimal, Decimal]]:
    """Due first while money is left: (item, amount, discount) for each invoice paid."""
    chosen = []
    for item in sorted(items, key=lambda i: (i.due, i.date, i.number)):
        if available <= 0:
            break
        amount, discount = settle(item, available)
        if amount > 0 or discount > 0:
            chosen.append((item, amount, discount))
            available -= amount
    return chosen


class Allocator:
    """Spreads money of one customer and currency over invoices, on the date `on`.

    `paid_on` is when the money arrived, which decides the discount; it differs from `on`
    when unapplied credit is applied later. Invoices named twice, or named and then
    reached by `auto`, add up to one allocation each.
    """

    def __init__(
        self, book: Book, customer: str, currency: str, on: dt.date, paid_on: dt.date
    ) -> None:
        self.book, self.customer, self.currency = book, customer, currency
        self.on, self.paid_on = on, paid_on
        self.accounts = accounts(book)
        self.taken: dict[str, tuple[Decimal, Decimal]] = {}

    def item(self, account: Account) -> OpenItem:
        """The invoice as this allocation sees it: less what it already took, no second discount."""
        invoice = account.invoice
        item = OpenItem(
            invoice.number,
            invoice.date,
            account.due,
            room_on(account, self.on),
            discount_offered(self.book, account, self.paid_on),
            account.currency,
        )
        if invoice.number not in self.taken:
            return item
        amount, discount = self.taken[invoice.number]
        return dataclasses.replace(item, room=item.room - amount - discount, discount=ZERO)

    def named(self, number: str, wanted: Decimal | None, available: Decimal) -> Decimal:
        """Apply to one invoice the user named; returns the amount taken from `available`."""
        item = self.item(self._account(number))
        if item.room <= 0:
            raise ArlError(
                f"{number} {self._why_closed(number)}", f"see 'arl invoice show {number}'"
            )
        if wanted is None:
            amount, discount = settle(item, available)
        else:
            amount, discount = settle_exactly(item, wanted, available)
        if amount <= 0 and discount <= 0:
            raise ArlError(f"no money left to apply to {number}")
        self._take(number, amount, discount)
        return amount

    def auto(self, available: Decimal) -> Decimal:
        """Apply to the customer's open invoices, due first; returns the amount taken."""
        items = [
            self.item(account)
            for account in self.accounts.values()
            if account.invoice.customer == self.customer and account.currency == self.currency
        ]
        used = ZERO
        for item, amount, discount in auto_allocate([i for i in items if i.room > 0], available):
            self._take(item.number, amount, discount)
            used += amount
        return used

    def chosen(self) -> list[tuple[str, Decimal, Decimal]]:
        """(invoice, amount, discount) for every invoice that took money, in order taken."""
        return [(number, amount, discount) for number, (amount, discount) in self.taken.items()]

    def _take(self, number: str, amount: Decimal, discount: Decimal) -> None:
        old = self.taken.get(number, (ZERO, ZERO))
        self.taken[number] = (old[0] + amount, old[1] + discount)

    def _account(self, number: str) -> Account:
        account = self.accounts[lookup(self.book.invoices, number, "invoice").number]
        owner = account.invoice.customer
        if owner != self.customer:
            raise ArlError(f"{number} is an invoice of {owner}, not {self.customer}")
        if account.currency != self.currency:
            raise ArlError(f"{number} is in {account.currency}, the money in {self.currency}")
        return account

    def _why_closed(self, number: str) -> str:
        account = self.accounts[number]
        if account.void_on is not None:
            return f"was voided on {account.void_on}"
        if self.on < account.invoice.date:
            return f"is dated {account.invoice.date}, after {self.on}"
        return f"has nothing open on {self.on}"
