"""What each invoice still owes, and each customer's unapplied credit, as of any date.

Open amount as of D = total + fees + interest - payments applied - discounts taken - credit
notes - write-offs, counting only what is dated on or before D. A void invoice owes nothing.
Every figure is computed from dated movements, so a report for a past date sees exactly
what was recorded by then.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from ar.book import Book
from ar.model import CreditNote, Invoice, Line
from ar.model.events import Fee, Interest, Void, WriteOff
from ar.money import ZERO, round_money
from ar.terms import due_date


@dataclass(frozen=True)
class Movement:
    """A dated change to what an invoice owes: positive adds, negative settles."""

    date: dt.date
    kind: str  # fee | interest | payment | discount | credit | write_off
    amount: Decimal
    ref: str


@dataclass(frozen=True)
class Account:
    """An invoice with everything that moved its balance, in date order."""

    invoice: Invoice
    currency: str
    total: Decimal
    due: dt.date
    void_on: dt.date | None
    movements: tuple[Movement, ...]

    def is_void(self, as_of: dt.date) -> bool:
        return self.void_on is not None and self.void_on <= as_of

    def open_on(self, as_of: dt.date) -> Decimal:
        """What the customer owes on this invoice at the end of `as_of`."""
        if as_of < self.invoice.date or self.is_void(as_of):
            return ZERO
        return self.total + sum((m.amount for m in self.movements if m.date <= as_of), ZERO)

    def settled_on(self) -> dt.date | None:
        """The first day at whose end nothing was left to pay, or None while still open."""
        balance = self.total
        for index, movement in enumerate(self.movements):
            balance += movement.amount
            last_of_day = (
                index + 1 == len(self.movements) or self.movements[index + 1].date != movement.date
            )
            if balance <= 0 and last_of_day:
                return max(movement.date, self.invoice.date)
        return None

    def disputed_on(self, as_of: dt.date) -> bool:
        """True while the latest dispute event up to `as_of` opened a dispute."""
        state = False
        for event in self.invoice.events:
            if event.date <= as_of and event.type in ("dispute", "dispute_resolved"):
                state = event.type == "dispute"
        return state

    def days_past_due(self, as_of: dt.date) -> int:
        return max((as_of - self.due).days, 0)

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


def line_amounts(line: Line, currency: str) -> tuple[Decimal, Decimal]:
    """Net and tax of one line, each rounded half-up to the currency's minor unit."""
    net = round_money(line.quantity * line.unit_price, currency)
    tax = round_money(net * line.tax_rate, currency) if line.tax_rate else ZERO
    return net, tax


def lines_total(lines: list[Line], currency: str) -> Decimal:
    return sum((net + tax for net, tax in (line_amounts(ln, currency) for ln in lines)), ZERO)


def credit_note_total(note: CreditNote, currency: str) -> Decimal:
    return note.amount if note.amount is not None else lines_total(note.lines or [], currency)


def accounts(book: Book) -> dict[str, Account]:
    """Every invoice's account, built in one pass over payments and credit notes."""
    moves: dict[str, list[Movement]] = defaultdict(list)
    for payment in book.payments.values():
        for alloc in payment.apply:
            when = alloc.date or payment.date
            moves[alloc.invoice].append(Movement(when, "payment", -alloc.amount, payment.id))
            if alloc.discount:
                moves[alloc.invoice].append(Movement(when, "discount", -alloc.discount, payment.id))
    for note in book.credit_notes.values():
        if note.invoice:
            amount = credit_note_total(note, book.currency_of(note))
            moves[note.invoice].append(Movement(note.date, "credit", -amount, note.number))
    return {
        number: _account(book, invoice, moves.get(number, []))
        for number, invoice in book.invoices.items()
    }


def _account(book: Book, invoice: Invoice, moves: list[Movement]) -> Account:
    void_on = None
    for event in invoice.events:
        if isinstance(event, Fee | Interest):
            moves.append(Movement(event.date, event.type, event.amount, invoice.number))
        elif isinstance(event, WriteOff):
            moves.append(Movement(event.date, "write_off", -event.amount, invoice.number))
        elif isinstance(event, Void) and void_on is None:
            void_on = event.date
    moves.sort(key=lambda m: m.date)
    currency = book.currency_of(invoice)
    customer = book.customers.get(invoice.customer)
    return Account(
        invoice,
        currency,
        lines_total(invoice.lines, currency),
        due_date(invoice, customer, book.ledger),
        void_on,
        tuple(moves),
    )


def unapplied(book: Book, as_of: dt.date) -> dict[tuple[str, str], Decimal]:
    """Each (customer, currency)'s credit not yet applied to an invoice at the end of `as_of`.

    Receipts count from their date; an application dated later still leaves the credit
    unapplied until that date, and a refund takes credit away from its date on. Credit
    notes not tied to an invoice are credit on account.
    """
    credit: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for payment in book.payments.values():
        if payment.date > as_of:
            continue
        applied = sum((a.amount for a in payment.apply if (a.date or payment.date) <= as_of), ZERO)
        refunded = sum((r.amount for r in payment.refunds if r.date <= as_of), ZERO)
        credit[payment.customer, book.currency_of(payment)] += payment.amount - applied - refunded
    for note in book.credit_notes.values():
        if note.invoice is None and note.date <= as_of:
            currency = book.currency_of(note)
            credit[note.customer, currency] += credit_note_total(note, currency)
    return {key: amount for key, amount in credit.items() if amount}
