"""A customer statement as data: open items with their aging, and the period's activity.

The activity runs from the balance at the start of the period to the balance at its end,
one dated line per invoice, charge, receipt, discount, credit, write-off and refund. The balance
is what the customer owes less their unapplied credit, so receipts count in full on the
day they arrive, whether or not they have been applied yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ar.book import Book
from ar.model import Customer
from ar.model.records import Refund
from ar.money import ZERO
from ar.reports.aging import Options, aging
from ar.reports.detail import unknown
from ar.settlement import Account, accounts, credit_note_total, unapplied

KIND_ORDER = (
    "invoice",
    "fee",
    "interest",
    "payment",
    "discount",
    "credit",
    "write_off",
    "void",
    "refund",
    "bounce",
)


@dataclass(frozen=True)
class Span:
    """The period of the activity, and the day the open items are aged on."""

    start: dt.date
    end: dt.date
    as_of: dt.date


@dataclass(frozen=True)
class Entry:
    date: dt.date
    kind: str
    ref: str
    description: str
    amount: Decimal  # positive: the customer owes more


def balance(
    book: Book, accts: list[Account], customer: str, currency: str, day: dt.date
) -> Decimal:
    """What the customer owes at the end of `day`, less their unapplied credit."""
    owed = sum((a.open_on(day) for a in accts), ZERO)
    return owed - unapplied(book, day).get((customer, currency), ZERO)


def invoice_entries(account: Account) -> Iterator[Entry]:
    """The invoice, what was charged on it, and what settled it other than receipts."""
    invoice = account.invoice
    number = invoice.number
    yield Entry(invoice.date, "invoice", number, invoice.lines[0].description, account.total)
    for m in account.movements:
        if account.void_on is not None and m.date > account.void_on:
            continue
        if m.kind == "discount":
            yield Entry(m.date, "discount", number, f"early-payment discount on {number}", m.amount)
        elif m.kind in ("fee", "interest", "write_off"):
            yield Entry(m.date, m.kind, number, _event_reason(account, m.kind, m.date), m.amount)
    if account.void_on is not None:
        before = account.total + sum(
            (m.amount for m in account.movements if m.date <= account.void_on), ZERO
        )
        yield Entry(
            account.void_on,
            "void",
            number,
            _event_reason(account, "void", account.void_on),
            -before,
        )


def _event_reason(account: Account, kind: str, date: dt.date) -> str:
    for event in account.invoice.events:
        if event.type == kind and event.date == date:
            return str(getattr(event, "reason", None) or kind.replace("_", " "))
    return kind.replace("_", " ")


def receipt_entries(book: Book, customer: str, currency: str, end: dt.date) -> Iterator[Entry]:
    """Receipts in full on their date, and credit notes, against an invoice or on account."""
    for payment in book.payments.values():
        if payment.customer == customer and book.currency_of(payment) == currency:
            applied = ", ".join(a.invoice for a in payment.apply if (a.date or payment.date) <= end)
            words = [payment.reference or payment.method or "payment"]
            if applied:
                words.append(f"applied to {applied}")
            yield Entry(payment.date, "payment", payment.id, ", ".join(words), -payment.amount)
            yield from _refunds(payment.id, payment.date, payment.refunds)
            if payment.bounced is not None:
                what = f"payment returned: {payment.bounced.reason}"
                yield Entry(payment.bounced.date, "bounce", payment.id, what, payment.amount)
    for note in book.credit_notes.values():
        if note.customer == customer and book.currency_of(note) == currency:
            target = f"against {note.invoice}" if note.invoice else "on account"
            text = f"{note.reason}, {target}" if note.reason else target
            yield Entry(note.date, "credit", note.number, text, -credit_note_total(note, currency))
            yield from _refunds(note.number, note.date, note.refunds)


def _refunds(source: str, since: dt.date, refunds: list[Refund]) -> Iterator[Entry]:
    """Credit paid back to the customer, from a receipt or a credit note on account, on
    the refund's date but never before its source's (as the settlement counts it)."""
    for back in refunds:
        what = ", ".join(w for w in ("refund", back.reference or back.method) if w)
        yield Entry(max(back.date, since), "refund", source, what, back.amount)


def activity(
    book: Book, accts: list[Account], customer: str, currency: str, start: dt.date, end: dt.date
) -> list[dict[str, Any]]:
    """The period's entries in date order, each with the running balance after it."""
    entries = [e for a in accts for e in invoice_entries(a)]
    entries += receipt_entries(book, customer, currency, end)
    entries = sorted(
        (e for e in entries if start <= e.date <= end),
        key=lambda e: (e.date, KIND_ORDER.index(e.kind), e.ref),
    )
    running = balance(book, accts, customer, currency, start - dt.timedelta(days=1))
    rows = []
    for entry in entries:
        running += entry.amount
        rows.append({**entry.__dict__, "balance": running})
    return rows


def statement(
    book: Book, customer_id: str, start: dt.date, end: dt.date, as_of: dt.date
) -> dict[str, Any]:
    """Everything a statement shows, one section per currency the customer deals in."""
    customer = book.customers.get(customer_id)
    if customer is None:
        raise unknown("customer", customer_id, list(book.customers))
    mine = [a for a in accounts(book).values() if a.invoice.customer == customer_id]
    span = Span(start, end, as_of)
    return {
        "company": book.ledger.company.model_dump(),
        "customer": _customer(customer),
        "as_of": as_of,
        "from": start,
        "to": end,
        "sections": [
            _section(book, customer_id, [a for a in mine if a.currency == cur], cur, span)
            for cur in _currencies(book, customer, mine)
        ],
    }


def _currencies(book: Book, customer: Customer, mine: list[Account]) -> list[str]:
    found = {a.currency for a in mine}
    found |= {book.currency_of(p) for p in book.payments.values() if p.customer == customer.id}
    found |= {book.currency_of(n) for n in book.credit_notes.values() if n.customer == customer.id}
    return sorted(found or {book.currency_of(customer)})


def _customer(customer: Customer) -> dict[str, Any]:
    return {
        "id": customer.id,
        "name": customer.name,
        "address": customer.address,
        "email": customer.email,
    }


def _section(
    book: Book, customer: str, accts: list[Account], currency: str, span: Span
) -> dict[str, Any]:
    aging_settings = book.ledger.aging
    options = Options(
        span.as_of,
        aging_settings.basis,
        tuple(aging_settings.buckets),
        by="invoice",
        customer=customer,
        currency=currency,
    )
    aged = aging(book, options, {a.invoice.number: a for a in accts})
    totals = aged.report.totals[0] if aged.report.totals else None
    open_total = totals["total"] if totals else ZERO
    credit = totals["unapplied"] if totals else ZERO
    before = span.start - dt.timedelta(days=1)
    return {
        "currency": currency,
        "opening_balance": balance(book, accts, customer, currency, before),
        "closing_balance": balance(book, accts, customer, currency, span.end),
        "activity": activity(book, accts, customer, currency, span.start, span.end),
        "open_items": aged.report.rows,
        "aging": [
            {"bucket": label, "amount": totals[label] if totals else ZERO} for label in aged.labels
        ],
        "total_open": open_total,
        "unapplied": credit,
        "balance_due": open_total - credit,
    }
