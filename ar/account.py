"""An invoice's account: its total, its due date, and every dated movement of its balance.

Reports read accounts by the hundred thousand, so an account carries the few facts they
need (number, customer, date, currency, total, due, void date, movements) and reaches
for its invoice record only when asked: a book restored from the parse cache decodes an
invoice on that first request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import NamedTuple

from ar.model import Invoice
from ar.money import ZERO


class Movement(NamedTuple):
    """A dated change to what an invoice owes: positive adds, negative settles."""

    date: dt.date
    kind: str  # fee | interest | payment | discount | credit | write_off
    amount: Decimal
    ref: str


Plan = tuple[tuple[dt.date, Decimal], ...]  # installments: (due, amount)
Head = tuple[str, str, dt.date, str, Decimal, dt.date, dt.date | None]
"""An account's number, customer, date, currency, total, due date and void date."""
Facts = tuple[str, str, dt.date, str, Decimal, dt.date, dt.date | None, tuple[Movement, ...], Plan]


class Account:
    """An invoice with everything that moved its balance, in date order.

    `number`, `customer`, `date` and `installments` (as (due, amount) pairs) repeat the
    invoice's own, so that a report over every account need not touch the invoice records:
    a book restored from the parse cache decodes an invoice only when `invoice` is asked for.
    """

    __slots__ = (
        "_installments",
        "_invoice",
        "_invoices",
        "_later",
        "_movements",
        "_settled",
        "currency",
        "customer",
        "date",
        "due",
        "number",
        "total",
        "void_on",
    )

    def __init__(
        self,
        invoice: Invoice,
        currency: str,
        total: Decimal,
        due: dt.date,
        void_on: dt.date | None,
        movements: tuple[Movement, ...],
    ) -> None:
        self._invoice: Invoice | None = invoice
        self._invoices: Mapping[str, Invoice] = {}
        self.number, self.customer, self.date = invoice.number, invoice.customer, invoice.date
        self.currency, self.total, self.due = currency, total, due
        self.void_on = void_on
        self._movements: tuple[Movement, ...] | None = movements
        self._installments: Plan = tuple((i.due, i.amount) for i in invoice.installments)
        self._later: Callable[[], tuple[Movement, ...]] | None = None
        self._settled: tuple[dt.date, Decimal] | None = None

    @classmethod
    def restore(cls, invoices: Mapping[str, Invoice], facts: Facts) -> Account:
        """An account from its `facts`, its invoice looked up in `invoices` when needed."""
        account = cls._bare(invoices, facts[:7])
        account._movements, account._installments = facts[7], facts[8]
        return account

    @classmethod
    def later(
        cls,
        invoices: Mapping[str, Invoice],
        head: Head,
        settled: tuple[dt.date, Decimal],
        installments: Plan,
        movements: Callable[[], tuple[Movement, ...]],
    ) -> Account:
        """An account whose `movements` are worked out when first needed; `settled` is its
        `quiet_from()`, which answers `open_on` for the days after it."""
        account = cls._bare(invoices, head)
        account._later, account._settled, account._installments = movements, settled, installments
        return account

    @classmethod
    def _bare(cls, invoices: Mapping[str, Invoice], head: Head) -> Account:
        """An account with just the head of its facts (number to void date)."""
        account = cls.__new__(cls)
        account._invoice, account._invoices = None, invoices
        account._later, account._settled, account._movements = None, None, None
        (
            account.number,
            account.customer,
            account.date,
            account.currency,
            account.total,
            account.due,
            account.void_on,
        ) = head
        return account

    @property
    def movements(self) -> tuple[Movement, ...]:
        if self._movements is None:
            assert self._later is not None
            self._movements = self._later()
        return self._movements

    @property
    def installments(self) -> Plan:
        """The invoice's installment plan as (due, amount) pairs."""
        return self._installments

    @property
    def invoice(self) -> Invoice:
        if self._invoice is None:
            self._invoice = self._invoices[self.number]
        return self._invoice

    def facts(self) -> Facts:
        """Everything the account knows, as plain values (what a cache stores)."""
        return (
            self.number,
            self.customer,
            self.date,
            self.currency,
            self.total,
            self.due,
            self.void_on,
            self.movements,
            self.installments,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Account) and self.facts() == other.facts()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Account{self.facts()!r}"

    def quiet_from(self) -> tuple[dt.date, Decimal]:
        """The day from which the open amount stops changing, and the amount it stays at."""
        last = max(self.date, self.void_on or self.date, *(m.date for m in self.movements))
        return last, self.open_on(last)

    def is_void(self, as_of: dt.date) -> bool:
        return self.void_on is not None and self.void_on <= as_of

    def open_on(self, as_of: dt.date) -> Decimal:
        """What the customer owes on this invoice at the end of `as_of`."""
        if self._settled is not None and as_of >= self._settled[0]:
            return self._settled[1]
        if as_of < self.date or self.is_void(as_of):
            return ZERO
        return self.total + sum((m.amount for m in self.movements if m.date <= as_of), ZERO)

    def settled_on(self) -> dt.date | None:
        """The first day at whose end nothing was left to pay, or None while still open.

        A returned receipt (`bounce`) that leaves money owed again undoes that day.
        """
        balance, settled, bounced = self.total, None, False
        for index, movement in enumerate(self.movements):
            balance += movement.amount
            bounced = bounced or movement.kind == "bounce"
            if index + 1 < len(self.movements) and self.movements[index + 1].date == movement.date:
                continue
            if balance <= 0 and settled is None:
                settled = max(movement.date, self.date)
            elif balance > 0 and bounced:
                settled = None
            bounced = False
        return settled

    def disputed_on(self, as_of: dt.date) -> bool:
        """True while the latest dispute event up to `as_of` opened a dispute."""
        state = False
        for event in self.invoice.events:
            if event.date <= as_of and event.type in ("dispute", "dispute_resolved"):
                state = event.type == "dispute"
        return state

    def sum_of(self, kind: str, as_of: dt.date | None = None) -> Decimal:
        """The size of one kind of movement (always positive), optionally up to a date."""
        return sum(
            (
                abs(m.amount)
                for m in self.movements
                if m.kind == kind and (as_of is None or m.date <= as_of)
            ),
            ZERO,
        )
