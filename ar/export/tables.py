"""Every record kind as a flat table, for spreadsheets and scripts (CSV, JSON, xlsx).

One table per kind (customers get a row per currency they deal in); nested parts
(invoice lines, payment allocations, invoice events) get tables of their own that point
back to their record, so each sheet is rectangular. Records dated after the export date
are left out, and open amounts are as of that date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TypeVar

from ar.billing.credit_lines import credit_tax
from ar.book import Book, record_key
from ar.model import CreditNote, Payment, Refund
from ar.money import ZERO
from ar.reports.base import Column, Report, Row
from ar.reports.listing import status
from ar.settlement import Account, accounts, credit_note_total, line_amounts, unapplied

_R = TypeVar("_R", Payment, CreditNote)


def _columns(spec: str) -> list[Column]:
    """`number date total:n` -> columns; `:n` marks a numeric column."""
    out = []
    for word in spec.split():
        key, _, flag = word.partition(":")
        out.append(Column(key, key.replace("_", " ").capitalize(), flag == "n"))
    return out


COLUMNS = {
    "customers": _columns(
        "id name email address terms currency credit_limit:n hold tags notes open:n unapplied:n"
    ),
    "invoices": _columns("number customer date due terms currency po total:n open:n status notes"),
    "lines": _columns(
        "invoice line:n description quantity:n unit_price:n tax_rate:n net:n tax:n currency"
    ),
    "payments": _columns(
        "id customer date currency amount:n applied:n refunded:n unapplied:n method reference notes"
    ),
    "allocations": _columns("payment invoice customer date currency amount:n discount:n"),
    "refunds": _columns("payment customer date currency amount:n method reference"),
    "credit-notes": _columns("number customer date currency invoice net:n tax:n amount:n reason"),
    "events": _columns("invoice customer date type currency amount:n level:n detail"),
}
KINDS = tuple(COLUMNS)


def tables(book: Book, as_of: dt.date) -> dict[str, Report]:
    """Every kind's table, in the order of KINDS."""
    accts = accounts(book)
    builders: dict[str, Callable[[Book, dict[str, Account], dt.date], list[Row]]] = {
        "customers": _customers,
        "invoices": _invoices,
        "lines": _lines,
        "payments": _payments,
        "allocations": _allocations,
        "refunds": _refunds,
        "credit-notes": _credit_notes,
        "events": _events,
    }
    return {
        kind: Report(kind, COLUMNS[kind], build(book, accts, as_of), {"as_of": as_of})
        for kind, build in builders.items()
    }


def _customers(book: Book, accts: dict[str, Account], as_of: dt.date) -> list[Row]:
    owed: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for account in accts.values():
        owed[account.invoice.customer, account.currency] += account.open_on(as_of)
    credit = unapplied(book, as_of)
    rows = []
    for customer in sorted(book.customers.values(), key=lambda c: c.id):
        used = {cur for (cid, cur) in (*owed, *credit) if cid == customer.id}
        for currency in sorted(used or {book.currency_of(customer)}):
            rows.append(
                {
                    **customer.model_dump(exclude={"currency"}),
                    "currency": currency,
                    "open": owed.get((customer.id, currency), ZERO),
                    "unapplied": credit.get((customer.id, currency), ZERO),
                }
            )
    return rows


def _invoices(book: Book, accts: dict[str, Account], as_of: dt.date) -> list[Row]:
    rows = []
    for account in _issued(accts, as_of):
        invoice = account.invoice
        rows.append(
            {
                "number": invoice.number,
                "customer": invoice.customer,
                "date": invoice.date,
                "due": account.due,
                "terms": invoice.terms,
                "currency": account.currency,
                "po": invoice.po,
                "total": account.total,
                "open": account.open_on(as_of),
                "status": status(account, as_of),
                "notes": invoice.notes,
            }
        )
    return rows


def _issued(accts: dict[str, Account], as_of: dt.date) -> list[Account]:
    found = [a for a in accts.values() if a.invoice.date <= as_of]
    return sorted(found, key=lambda a: (a.invoice.date, a.invoice.number))


def _lines(book: Book, accts: dict[str, Account], as_of: dt.date) -> list[Row]:
    rows = []
    for account in _issued(accts, as_of):
        for index, line in enumerate(account.invoice.lines, 1):
            net, tax = line_amounts(line, account.currency)
            rows.append(
                {
                    "invoice": account.invoice.number,
                    "line": index,
                    **line.model_dump(),
                    "net": net,
                    "tax": tax,
                    "currency": account.currency,
                }
            )
    return rows


def _payments(book: Book, accts: dict[str, Account], as_of: dt.date) -> list[Row]:
    rows = []
    for payment in _dated(book.payments.values(), as_of):
        applied = sum((a.amount for a in payment.apply if (a.date or payment.date) <= as_of), ZERO)
        refunded = sum((r.amount for r in _refunded(payment, as_of)), ZERO)
        rows.append(
            {
                "id": payment.id,
                "customer": payment.customer,
                "date": payment.date,
                "currency": book.currency_of(payment),
                "amount": payment.amount,
                "applied": applied,
                "refunded": refunded,
                "unapplied": payment.amount - applied - refunded,
                "method": payment.method,
                "reference": payment.reference,
                "notes": payment.notes,
            }
        )
    return rows


def _allocations(book: Book, accts: dict[str, Account], as_of: dt.date) -> list[Row]:
    rows = []
    for payment in _dated(book.payments.values(), as_of):
        for alloc in payment.apply:
            when = alloc.date or payment.date
            if when <= as_of:
                rows.append(
                    {
                        "payment": payment.id,
                        "invoice": alloc.invoice,
                        "customer": payment.customer,
                        "date": when,
                        "currency": book.currency_of(payment),
                        "amount": alloc.amount,
                        "discount": alloc.discount,
                    }
                )
    return rows


def _refunds(book: Book, accts: dict[str, Account], as_of: dt.date) -> list[Row]:
    rows = []
    for payment in _dated(book.payments.values(), as_of):
        for refund in _refunded(payment, as_of):
            rows.append(
                {
                    "payment": payment.id,
                    "customer": payment.customer,
                    "date": max(refund.date, payment.date),
                    "currency": book.currency_of(payment),
                    "amount": refund.amount,
                    "method": refund.method,
                    "reference": refund.reference,
                }
            )
    return rows


def _refunded(payment: Payment, as_of: dt.date) -> list[Refund]:
    """The refunds paid out of a receipt by `as_of` (never counted before the receipt)."""
    return [r for r in payment.refunds if max(r.date, payment.date) <= as_of]


def _credit_notes(book: Book, accts: dict[str, Account], as_of: dt.date) -> list[Row]:
    rows = []
    for note in _dated(book.credit_notes.values(), as_of):
        currency = book.currency_of(note)
        total = credit_note_total(note, currency)
        tax = credit_tax(note, book.invoices.get(note.invoice or ""), currency)
        rows.append(
            {
                "number": note.number,
                "customer": note.customer,
                "date": note.date,
                "currency": currency,
                "invoice": note.invoice,
                "net": total - tax,
                "tax": tax,
                "amount": total,
                "reason": note.reason,
            }
        )
    return rows


def _events(book: Book, accts: dict[str, Account], as_of: dt.date) -> list[Row]:
    rows = []
    for account in _issued(accts, as_of):
        for event in account.invoice.events:
            if event.date > as_of:
                continue
            data = event.model_dump(by_alias=True, exclude={"date", "type"})
            rows.append(
                {
                    "invoice": account.invoice.number,
                    "customer": account.invoice.customer,
                    "date": event.date,
                    "type": event.type,
                    "currency": account.currency,
                    "amount": data.pop("amount", None),
                    "level": data.pop("level", None),
                    "detail": "; ".join(f"{k}: {_text(v)}" for k, v in data.items() if v),
                }
            )
    return rows


def _text(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _dated(records: Iterable[_R], as_of: dt.date) -> list[_R]:
    found = [r for r in records if r.date <= as_of]
    return sorted(found, key=lambda r: (r.date, record_key(r)))
