"""Whole-book checks of the money itself: totals that are positive and bounded, and
discounts that the terms offer.

Part of `ar.integrity.CHECKS`. A total outside the bounds of `ar.money` is refused so that
no sum a report makes of a checked book can fail; a discount written by hand is held to
the one rule `arl pay` grants it by (`ar.terms.early_discount`), since otherwise a typed
`discount:` could settle any invoice without a problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal

from ar.book import Book
from ar.errors import Problem
from ar.model import Allocation, Payment, Record
from ar.money import LARGEST_AMOUNT, ZERO, format_amount
from ar.settlement import Account, credit_note_total
from ar.terms import discount_deadline, early_discount

_WRITE_OFF = "record what was let go with 'arl write-off INV AMOUNT --reason ...'"


def totals_positive(book: Book, accts: dict[str, Account]) -> Iterator[Problem]:
    """An invoice owes something: a negative line may lower its total, never to zero or
    below (money given back is a credit note). Credit notes made of lines likewise."""
    for number, account in accts.items():
        yield from _total(account.invoice, f"invoice {number}", account.total, account.currency)
    for note in book.credit_notes.values():
        if note.lines is not None:
            currency = book.currency_of(note)
            total = credit_note_total(note, currency)
            yield from _total(note, f"credit note {note.number}", total, currency)


def _total(record: Record, what: str, total: Decimal, currency: str) -> Iterator[Problem]:
    shown = f"{format_amount(total, currency)} {currency}"
    if total <= ZERO:
        hint = "a negative line may only lower a positive total; give money back with a credit note"
        yield Problem(record.source, f"{what} totals {shown}, not above zero", hint, ("lines",))
    elif total >= LARGEST_AMOUNT:
        limit = f"{LARGEST_AMOUNT:,}"
        yield Problem(record.source, f"{what} totals {shown}, not below {limit}", "", ("lines",))


def discounts_offered(book: Book, accts: dict[str, Account]) -> Iterator[Problem]:
    """Every discount on an allocation is the early-payment discount of the invoice's terms:
    the money arrived within the window and the amount is the terms' share, to the cent."""
    for payment in book.payments.values():
        yield from discount_problems(book, payment, accts.get)


def discount_problems(
    book: Book, payment: Payment, account_of: Callable[[str], Account | None]
) -> Iterator[Problem]:
    """The problems of one payment's discounts (`arl diff` asks this of changed payments)."""
    for index, alloc in enumerate(payment.apply):
        account = account_of(alloc.invoice)
        if account is None or not alloc.discount:
            continue
        message = _discount_error(book, payment, alloc, account)
        if message:
            yield Problem(payment.source, message, _WRITE_OFF, ("apply", index, "discount"))


def _discount_error(book: Book, payment: Payment, alloc: Allocation, account: Account) -> str:
    """Why the allocation's discount is not the one offered ('' when it is)."""
    invoice, currency = account.invoice, account.currency
    taken = f"discount {format_amount(alloc.discount or ZERO, currency)} on {invoice.number}"
    window = discount_deadline(invoice, book.customers.get(invoice.customer), book.ledger)
    offered = window[1].discount if window else None
    if window is None or offered is None or not offered.percent:
        return f"{taken}: its terms offer no early-payment discount"
    if not invoice.date <= payment.date <= window[0]:
        return f"{taken}: paid {payment.date}, outside the discount window ending {window[0]}"
    if _settled_before(account, payment.id, payment.date):
        return f"{taken}: it was already partly settled, so no discount is offered"
    allowed = early_discount(account.total, offered, currency)
    if alloc.discount != allowed:
        return f"{taken}: the terms offer {format_amount(allowed, currency)} {currency}"
    return ""


def _settled_before(account: Account, payment_id: str, on: dt.date) -> bool:
    """Money from elsewhere settled part of the invoice before this payment arrived."""
    return any(m.amount < 0 and m.date < on and m.ref != payment_id for m in account.movements)
