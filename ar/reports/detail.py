"""One customer or one invoice in full, as data for `show` commands."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from ar.book import Book
from ar.errors import ArlError
from ar.installments import in_force
from ar.notes import notes_of
from ar.reports.listing import customer_list, invoice_list, invoice_row
from ar.settlement import account_of, line_amounts
from ar.terms import terms_name


def unknown(kind: str, key: str, known: list[str]) -> ArlError:
    """The error for an id that names no record, suggesting the closest one."""
    folded = {name.casefold(): name for name in known}
    close = difflib.get_close_matches(key.casefold(), list(folded), n=1)
    return ArlError(
        f"no {kind} '{key}'",
        f"did you mean '{folded[close[0]]}'?" if close else f"see 'arl {kind} list'",
    )


def invoice_detail(book: Book, number: str, as_of: dt.date) -> dict[str, Any]:
    account = account_of(book, number)
    if account is None:
        raise unknown("invoice", number, list(book.invoices))
    invoice = account.invoice
    customer = book.customers.get(invoice.customer)
    lines = []
    for line in invoice.lines:
        net, tax = line_amounts(line, account.currency)
        lines.append(
            {
                "description": line.description,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "tax_rate": line.tax_rate,
                "net": net,
                "tax": tax,
                "currency": account.currency,
            }
        )
    return {
        **invoice_row(account, as_of),
        "as_of": as_of,
        "name": customer.name if customer else None,
        "terms": terms_name(invoice, customer, book.ledger),
        "po": invoice.po,
        "notes": invoice.notes,
        "forced": invoice.forced,
        "lines": lines,
        "installments": [
            {"due": i.due, "amount": i.amount, "currency": account.currency}
            for i in invoice.installments
            if in_force(account, as_of)
        ],
        "activity": [
            {
                "date": m.date,
                "kind": m.kind,
                "ref": m.ref,
                "amount": m.amount,
                "currency": account.currency,
            }
            for m in account.movements
            if m.date <= as_of
        ],
        "events": [
            event.model_dump(by_alias=True, exclude_none=True)
            for event in invoice.events
            if event.date <= as_of
        ],
    }


def customer_detail(book: Book, customer_id: str, as_of: dt.date) -> dict[str, Any]:
    customer = book.customers.get(customer_id)
    if customer is None:
        raise unknown("customer", customer_id, list(book.customers))
    balances = [row for row in customer_list(book, as_of).rows if row["customer"] == customer_id]
    return {
        "customer": customer.id,
        "name": customer.name,
        "email": customer.email,
        "address": customer.address,
        "terms": customer.terms or book.ledger.default_terms,
        "currency": book.currency_of(customer),
        "credit_limit": customer.credit_limit,
        "hold": customer.hold,
        "tags": customer.tags,
        "notes": customer.notes,
        "as_of": as_of,
        "balances": balances,
        "open_invoices": invoice_list(book, as_of, customer=customer_id, only_open=True).rows,
        "log": log_rows(book, customer_id, as_of),
    }


def log_rows(book: Book, customer_id: str, as_of: dt.date) -> list[dict[str, Any]]:
    """The customer's notes and calls (its own and its invoices'), oldest first."""
    return [
        {
            "date": noted.note.date,
            "invoice": noted.invoice,
            "kind": "call" if noted.note.call else "note",
            "text": noted.note.text,
            "follow_up": noted.note.follow_up,
            "owner": noted.note.owner,
        }
        for noted in notes_of(book, customer_id, as_of)
    ]
