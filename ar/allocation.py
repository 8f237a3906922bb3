"""How money received is spread over a customer's open invoices: one model for every caller.

`arl pay` and `arl apply` allocate one receipt; imports and bank reconciliation plan many
in one run. All of them see the book's open invoices as `OpenItems`, and every planned
allocation is `settle`d into it, so the next receipt sees only what is left and no
invoice is paid twice.

Rules, written down once:
- Oldest first pays the invoice due first (then the older, then the lower number) and
  moves on while money is left.
- An early-payment discount is offered when the money arrives within the terms' window
  and nothing has settled the invoice yet (not in the book, not earlier in the same run);
  it is a share of the invoice total, rounded to the currency. An invoice in its window
  is settled by `open - discount`, and the discount is recorded on the allocation. Money
  beyond that stays unapplied credit.
- An allocation dated D never takes an invoice below zero on D or on any later day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from ar.book import Book
from ar.errors import ArlError
from ar.money import ZERO
from ar.plan import lookup, money
from ar.settlement import Account, settlement
from ar.terms import discount_deadline, early_discount


@dataclass
class OpenItem:
    """An invoice that can take money: how much (`open`), and the discount it offers."""

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
        """The discount money arriving on `day` may take: nothing outside the window."""
        if self.discount_until is None or day > self.discount_until or day < self.date:
            return ZERO
        return min(self.discount, self.open)


class Applied(NamedTuple):
    """Part of a receipt applied to one invoice, with any discount taken."""

    invoice: str
    amount: Decimal
    discount: Decimal = ZERO


def room_on(account: Account, on: dt.date) -> Decimal:
    """The most that may settle the invoice on `on` without it going below zero afterwards."""
    if account.void_on is not None or on < account.invoice.date:
        return ZERO
    later = [m.date for m in account.movements if m.date > on]
    return max(min(account.open_on(day) for day in [on, *later]), ZERO)


def discount_window(book: Book, account: Account) -> tuple[dt.date, Decimal] | None:
    """(last day, amount) of the early-payment discount; None once anything settled it."""
    invoice = account.invoice
    window = discount_deadline(invoice, book.customers.get(invoice.customer), book.ledger)
    if window is None or window[1].discount is None or not window[1].discount.percent:
        return None
    if any(m.amount < 0 for m in account.movements):
        return None
    return window[0], early_discount(account.total, window[1].discount, account.currency)


def open_item(book: Book, account: Account, on: dt.date) -> OpenItem:
    """The invoice as money dated `on` sees it."""
    invoice = account.invoice
    item = OpenItem(
        invoice.number, invoice.customer, account.currency, invoice.date, account.due,
        account.total, room_on(account, on), invoice.po,
    )  # fmt: skip
    window = discount_window(book, account)
    if window is not None:
        item.discount_until, item.discount = window
    return item


class OpenItems:
    """The book's open invoices for money dated `on`, consumed as receipts are planned.

    A customer's items are made when first asked for (one receipt reads only its
    customer's invoices, an import all of them)."""

    def __init__(self, book: Book, on: dt.date) -> None:
        self._book, self._on, self._settled = book, on, settlement(book)
        self.items: dict[str, OpenItem] = {}
        self._place: dict[str, int] = {}  # each open invoice's place in the book
        self._waiting: dict[tuple[str, str], list[Account]] = defaultdict(list)
        self._by_customer: dict[tuple[str, str], list[OpenItem]] = {}
        for place, account in enumerate(self._settled.active(on)):  # none other has room
            self._place[account.number] = place
            self._waiting[account.customer, account.currency].append(account)

    def account(self, number: str) -> Account:
        """The account of an invoice the book holds, open or not."""
        found = self._settled.account(number)
        assert found is not None, number
        return found

    def of(self, customer: str, currency: str, on: dt.date) -> list[OpenItem]:
        """A customer's invoices issued by `on` that still owe, oldest due first."""
        return [i for i in self._made(customer, currency) if i.open > 0 and i.date <= on]

    def open_in(self, currency: str, on: dt.date) -> list[OpenItem]:
        """Every customer's invoices in `currency` issued by `on` that still owe, in the
        book's order."""
        found = [
            item
            for customer, each in list(self._waiting) + list(self._by_customer)
            if each == currency
            for item in self._made(customer, currency)
            if item.open > 0 and item.date <= on
        ]
        return sorted(found, key=lambda item: self._place[item.number])

    def item(self, number: str) -> OpenItem | None:
        """The open item of an invoice, None if it has no room on the day."""
        account = self._settled.account(number)
        if account is not None:
            self._made(account.customer, account.currency)
        return self.items.get(number)

    def _made(self, customer: str, currency: str) -> list[OpenItem]:
        key = (customer, currency)
        made = self._by_customer.get(key)
        if made is None:
            items = [open_item(self._book, a, self._on) for a in self._waiting.pop(key, [])]
            made = sorted((i for i in items if i.open > 0), key=lambda i: (i.due, i.date, i.number))
            self.items.update((item.number, item) for item in made)
            self._by_customer[key] = made
        return made

    def settle(self, applied: Iterable[Applied]) -> None:
        """Take planned allocations off; a settled invoice offers no discount any more."""
        for part in applied:
            item = self.items[part.invoice]
            item.open -= part.amount + part.discount
            item.discount, item.discount_until = ZERO, None


def pay_in_full(item: OpenItem, on: dt.date) -> Applied:
    """Everything an invoice owes, less the discount money arriving on `on` may take."""
    discount = item.discount_on(on)
    return Applied(item.number, item.open - discount, discount)


def pay_what_fits(item: OpenItem, available: Decimal, on: dt.date) -> Applied:
    """In full (with any discount) when `available` covers it, else all that is available."""
    full = pay_in_full(item, on)
    return full if available >= full.amount else Applied(item.number, min(available, item.open))


def oldest_first(items: list[OpenItem], amount: Decimal, on: dt.date) -> list[Applied]:
    """Apply `amount` to `items` in order; an invoice paid in full in time gets its discount."""
    applied: list[Applied] = []
    for item in items:
        if amount <= 0:
            break
        part = pay_what_fits(item, amount, on)
        if part.amount > 0 or part.discount > 0:
            applied.append(part)
            amount -= part.amount
    return applied


def pay_exactly(item: OpenItem, amount: Decimal, available: Decimal, on: dt.date) -> Applied:
    """An amount the user chose; refuses more than is open or left. Discount if it settles."""
    if amount > item.open:
        raise ArlError(
            f"{item.number} has only {money(item.open, item.currency)} open to settle",
            f"apply at most {item.open}",
        )
    if amount > available:
        raise ArlError(
            f"only {money(available, item.currency)} is left to apply to {item.number}",
            "apply less, or record the rest of the money first",
        )
    full = pay_in_full(item, on)
    return full if full.discount and amount == full.amount else Applied(item.number, amount)


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
        self.items = OpenItems(book, on)
        self.taken: dict[str, Applied] = {}

    def named(self, number: str, wanted: Decimal | None, available: Decimal) -> Decimal:
        """Apply to one invoice the user named; returns the amount taken from `available`."""
        number = self._checked(number)
        item = self.items.item(number)
        if item is None or item.open <= 0:
            raise ArlError(
                f"{number} {self._why_closed(number)}", f"see 'arl invoice show {number}'"
            )
        if wanted is None:
            part = pay_what_fits(item, available, self.paid_on)
        else:
            part = pay_exactly(item, wanted, available, self.paid_on)
        if part.amount <= 0 and part.discount <= 0:
            raise ArlError(f"no money left to apply to {number}")
        self._take(part)
        return part.amount

    def auto(self, available: Decimal) -> Decimal:
        """Apply to the customer's open invoices, due first; returns the amount taken."""
        mine = self.items.of(self.customer, self.currency, self.on)
        parts = oldest_first(mine, available, self.paid_on)
        for part in parts:
            self._take(part)
        return sum((part.amount for part in parts), ZERO)

    def chosen(self) -> list[Applied]:
        """(invoice, amount, discount) for every invoice that took money, in order taken."""
        return list(self.taken.values())

    def _take(self, part: Applied) -> None:
        self.items.settle([part])
        old = self.taken.get(part.invoice, Applied(part.invoice, ZERO))
        self.taken[part.invoice] = Applied(
            part.invoice, old.amount + part.amount, old.discount + part.discount
        )

    def _checked(self, number: str) -> str:
        account = self.items.account(lookup(self.book.invoices, number, "invoice").number)
        owner = account.invoice.customer
        if owner != self.customer:
            raise ArlError(f"{number} is an invoice of {owner}, not {self.customer}")
        if account.currency != self.currency:
            raise ArlError(f"{number} is in {account.currency}, the money in {self.currency}")
        return account.invoice.number

    def _why_closed(self, number: str) -> str:
        account = self.items.account(number)
        if account.void_on is not None:
            return f"was voided on {account.void_on}"
        if self.on < account.invoice.date:
            return f"is dated {account.invoice.date}, after {self.on}"
        return f"has nothing open on {self.on}"
