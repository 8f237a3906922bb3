"""Payment terms: when an invoice falls due, and until when an early-payment discount holds."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from ar.model import Customer, Invoice, Ledger, Terms
from ar.model.settings import Discount
from ar.money import round_money


def terms_name(invoice: Invoice, customer: Customer | None, ledger: Ledger) -> str:
    """The invoice's terms, else its customer's, else the book's default."""
    return invoice.terms or (customer.terms if customer else None) or ledger.default_terms


def due_from_terms(date: dt.date, terms: Terms) -> dt.date:
    """Net days from the invoice date, or from the end of its month for end-of-month terms."""
    start = date
    if terms.end_of_month:
        start = date.replace(day=calendar.monthrange(date.year, date.month)[1])
    return start + dt.timedelta(days=terms.days)


def due_date(invoice: Invoice, customer: Customer | None, ledger: Ledger) -> dt.date:
    """The explicit `due`, else the date the terms give (unknown terms: due on the date)."""
    if invoice.due:
        return invoice.due
    terms = ledger.terms.get(terms_name(invoice, customer, ledger))
    return due_from_terms(invoice.date, terms) if terms else invoice.date


def discount_deadline(
    invoice: Invoice, customer: Customer | None, ledger: Ledger
) -> tuple[dt.date, Terms] | None:
    """The last day the early-payment discount may be taken, with the terms giving it."""
    terms = ledger.terms.get(terms_name(invoice, customer, ledger))
    if terms is None or terms.discount is None:
        return None
    return invoice.date + dt.timedelta(days=terms.discount.days), terms


def early_discount(total: Decimal, discount: Discount, currency: str) -> Decimal:
    """What the early-payment discount takes off `total`: its fraction of the invoice
    total, half-up to the minor unit. `arl pay` grants exactly this and `check` allows
    nothing else, so the two can never disagree."""
    return round_money(total * discount.percent, currency)
