"""What each invoice still owes, and each customer's unapplied credit, as of any date.

Open amount as of D = total + fees + interest - payments applied - discounts taken - credit
notes - write-offs, counting only what is dated on or before D. A void invoice owes nothing.
Every figure is computed from dated movements, so a report for a past date sees exactly
what was recorded by then.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from ar.account import Account, Facts, Movement
from ar.book import Book
from ar.model import CreditNote, Invoice, Line, Payment
from ar.model.events import Fee, Interest, Void, WriteOff
from ar.money import ZERO, round_money
from ar.table import Table
from ar.terms import due_date


def line_amounts(line: Line, currency: str) -> tuple[Decimal, Decimal]:
    """Net and tax of one line, each rounded half-up to the currency's minor unit."""
    net = round_money(line.quantity * line.unit_price, currency)
    tax = round_money(net * line.tax_rate, currency) if line.tax_rate else ZERO
    return net, tax


def lines_total(lines: list[Line], currency: str) -> Decimal:
    return sum((net + tax for net, tax in (line_amounts(ln, currency) for ln in lines)), ZERO)


def credit_note_total(note: CreditNote, currency: str) -> Decimal:
    return note.amount if note.amount is not None else lines_total(note.lines or [], currency)


CreditKey = tuple[str, str]


class Settlement:
    """Every invoice's account and each (customer, currency)'s credit movements.

    What every report starts from. It is a function of the book alone, so a loader that
    keeps a parse cache may restore it rather than compute it (`ar.store.settled`), and
    bring it up to date after a few records changed (`ar.resettle`). This base class holds
    it all in memory.
    """

    def __init__(
        self,
        accounts: dict[str, Account],
        credits: dict[CreditKey, tuple[Movement, ...]],
        orphans: dict[str, tuple[Movement, ...]] | None = None,
    ) -> None:
        self._accounts, self._credits = accounts, credits
        self._orphans = orphans or {}

    def accounts(self) -> dict[str, Account]:
        """Every account by invoice number, in the book's order of invoices."""
        return self._accounts

    def account(self, number: str) -> Account | None:
        return self._accounts.get(number)

    def active(self, as_of: dt.date) -> list[Account]:
        """The accounts whose open amount at the end of `as_of` is not zero, in book order."""
        return [a for a in self._accounts.values() if a.open_on(as_of)]

    def pairs(self) -> set[tuple[str, str]]:
        """(customer, currency) of every invoice."""
        return {(a.customer, a.currency) for a in self._accounts.values()}

    def orphans(self) -> dict[str, tuple[Movement, ...]]:
        """Payments and credit notes applied to invoices the book does not hold, by number:
        `arl check` reports them; they settle the invoice once it turns up."""
        return self._orphans

    def orphan(self, number: str) -> tuple[Movement, ...]:
        return self._orphans.get(number, ())

    def credits(self) -> dict[CreditKey, tuple[Movement, ...]]:
        return self._credits

    def credit_keys(self) -> list[CreditKey]:
        return list(self._credits)

    def credit_movements(self, key: CreditKey) -> tuple[Movement, ...]:
        return self._credits.get(key, ())

    def touched_by(self, customers: set[str]) -> set[str]:
        """Invoices whose accounts a change to these customers can alter: their own (terms,
        currency) and those holding a credit note (rounded in its customer's currency),
        known to the book or not."""
        accounts = self.accounts().items()
        found = {
            number
            for number, account in accounts
            if account.customer in customers or any(m.kind == "credit" for m in account.movements)
        }
        orphans = self.orphans().items()
        return found | {n for n, moves in orphans if any(m.kind == "credit" for m in moves)}

    def unapplied(self, as_of: dt.date) -> dict[CreditKey, Decimal]:
        credit: dict[CreditKey, Decimal] = {}
        for key, moves in self._credits.items():
            amount = sum((m.amount for m in moves if m.date <= as_of), ZERO)
            if amount:
                credit[key] = amount
        return credit

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Settlement)
            and list(self.accounts().items()) == list(other.accounts().items())
            and self.credits() == other.credits()
            and self.orphans() == other.orphans()
        )

    __hash__ = None  # type: ignore[assignment]


def settlement(book: Book) -> Settlement:
    """The book's settlement: the one its loader restored or computed, while the book's
    tables are as loaded; else computed afresh (a book in memory may be changed in place)."""
    found = book.memo.get("settlement")
    if isinstance(found, Settlement) and _as_loaded(book):
        return found
    return settle(book)


def _as_loaded(book: Book) -> bool:
    tables = (book.customers, book.invoices, book.payments, book.credit_notes)
    return all(isinstance(table, Table) and not table.changes for table in tables)


def settle(book: Book) -> Settlement:
    payments, notes = book.payments.values(), book.credit_notes.values()
    moves = applied_movements(book, payments, notes)
    return Settlement(
        build_accounts(book, book.invoices.values(), moves),
        credit_movements(book, payments, notes),
        {n: tuple(moves[n]) for n in sorted(moves) if n not in book.invoices},
    )


def accounts(book: Book) -> dict[str, Account]:
    """Every invoice's account, by invoice number."""
    return dict(settlement(book).accounts())


def account_of(book: Book, number: str) -> Account | None:
    """One invoice's account (a restored settlement decodes just that one)."""
    return settlement(book).account(number)


def open_accounts(book: Book, as_of: dt.date) -> list[Account]:
    """The accounts with something open (or overpaid) at the end of `as_of`, in book order.

    The same as filtering `accounts(book)` on `open_on(as_of)`, but a restored settlement
    answers it without decoding the many accounts long since settled.
    """
    return settlement(book).active(as_of)


def unapplied(book: Book, as_of: dt.date) -> dict[CreditKey, Decimal]:
    """Each (customer, currency)'s credit not yet applied to an invoice at the end of `as_of`.

    Receipts count from their date; an application dated later still leaves the credit
    unapplied until that date. Credit notes not tied to an invoice are credit on account.
    """
    return settlement(book).unapplied(as_of)


def applied_movements(
    book: Book, payments: Iterable[Payment], notes: Iterable[CreditNote]
) -> dict[str, list[Movement]]:
    """What these payments and credit notes do to each invoice they name, by number.

    Their order is the book's, so movements of the same day keep the order in which the
    book lists them.
    """
    moves: dict[str, list[Movement]] = defaultdict(list)
    for payment in payments:
        for alloc in payment.apply:
            when = alloc.date or payment.date
            moves[alloc.invoice].append(Movement(when, "payment", -alloc.amount, payment.id))
            if alloc.discount:
                moves[alloc.invoice].append(Movement(when, "discount", -alloc.discount, payment.id))
        if payment.bounced is not None:
            _returned(payment, payment.bounced.date, moves)
    for note in notes:
        if note.invoice:
            amount = credit_note_total(note, book.currency_of(note))
            moves[note.invoice].append(Movement(note.date, "credit", -amount, note.number))
        for alloc in note.apply:
            when = max(alloc.date or note.date, note.date)
            moves[alloc.invoice].append(Movement(when, "credit", -alloc.amount, note.number))
    return moves


def _returned(payment: Payment, day: dt.date, moves: dict[str, list[Movement]]) -> None:
    """A returned receipt gives back, on the day it bounced, all it settled (discounts too)."""
    for alloc in payment.apply:
        moves[alloc.invoice].append(Movement(day, "bounce", alloc.amount, payment.id))
        if alloc.discount:
            moves[alloc.invoice].append(Movement(day, "discount", alloc.discount, payment.id))


def build_accounts(
    book: Book, invoices: Iterable[Invoice], moves: dict[str, list[Movement]]
) -> dict[str, Account]:
    """The accounts of `invoices`, given the movements applied to each."""
    return {
        invoice.number: _account(book, invoice, list(moves.get(invoice.number, ())))
        for invoice in invoices
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


def credit_movements(
    book: Book, payments: Iterable[Payment], notes: Iterable[CreditNote]
) -> dict[CreditKey, tuple[Movement, ...]]:
    """What adds to and takes from each (customer, currency)'s unapplied credit, and when.

    A receipt adds its amount on its date; each application and refund takes its amount
    away on its own date, but never before the receipt's. A credit note without an invoice
    adds.
    """
    credits: dict[CreditKey, list[Movement]] = defaultdict(list)
    for payment in payments:
        into = credits[payment.customer, book.currency_of(payment)]
        into.append(Movement(payment.date, "payment", payment.amount, payment.id))
        for alloc in payment.apply:
            when = max(alloc.date or payment.date, payment.date)
            into.append(Movement(when, "applied", -alloc.amount, payment.id))
        for refund in payment.refunds:
            when = max(refund.date, payment.date)
            into.append(Movement(when, "refund", -refund.amount, payment.id))
        if payment.bounced is not None:
            spent = [a.amount for a in payment.apply] + [r.amount for r in payment.refunds]
            kept = payment.amount - sum(spent, ZERO)
            into.append(Movement(payment.bounced.date, "bounce", -kept, payment.id))
    for note in notes:
        if note.invoice is None:
            currency = book.currency_of(note)
            amount = credit_note_total(note, currency)
            into = credits[note.customer, currency]
            into.append(Movement(note.date, "credit", amount, note.number))
            for alloc in note.apply:
                when = max(alloc.date or note.date, note.date)
                into.append(Movement(when, "applied", -alloc.amount, note.number))
            for refund in note.refunds:
                when = max(refund.date, note.date)
                into.append(Movement(when, "refund", -refund.amount, note.number))
    return {key: tuple(credits[key]) for key in sorted(credits)}


__all__ = [
    "Account",
    "CreditKey",
    "Facts",
    "Movement",
    "Settlement",
    "account_of",
    "accounts",
    "applied_movements",
    "build_accounts",
    "credit_movements",
    "credit_note_total",
    "line_amounts",
    "lines_total",
    "open_accounts",
    "settle",
    "settlement",
    "unapplied",
]
