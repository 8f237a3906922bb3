"""Whether a customer may be invoiced: not on hold, and within its credit limit.

Exposure is everything the customer owes in the limit's currency (the customer's own)
minus its unapplied credit, counting every record in the book whatever its date: a
credit decision is about what is owed now, including invoices dated ahead. Invoices in
other currencies are never added to it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ar.book import Book
from ar.model import Customer
from ar.money import ZERO
from ar.plan import money
from ar.settlement import accounts, unapplied

END = dt.date.max


def exposure(book: Book, customer: Customer, currency: str) -> Decimal:
    """What the customer owes in `currency` net of its unapplied credit."""
    owed = sum(
        (
            account.open_on(END)
            for account in accounts(book).values()
            if account.invoice.customer == customer.id and account.currency == currency
        ),
        ZERO,
    )
    return owed - unapplied(book, END).get((customer.id, currency), ZERO)


def credit_refusal(book: Book, customer: Customer, amount: Decimal, currency: str) -> str | None:
    """Why a new invoice of `amount` must not be issued without --force, or None if it may."""
    if customer.hold:
        return f"customer {customer.id} is on hold"
    limit = customer.credit_limit
    if limit is None or currency != book.currency_of(customer):
        return None
    owed = exposure(book, customer, currency)
    if owed + amount <= limit:
        return None
    return (
        f"invoice of {money(amount, currency)} would take {customer.id} to "
        f"{money(owed + amount, currency)} owed, over its credit limit of {money(limit, currency)}"
    )
