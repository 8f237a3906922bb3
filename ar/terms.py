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
    """Months on from the invoice date (or its month's end), then net days, then the next
    day of payment. Calendar months, not day counts: 2016-01-22 "end of next month" is
    2016-02-29, which no fixed number of days gives in every month."""
    start = add_months(date, terms.months)
    if terms.end_of_month:
        start = month_end(start)
    start += dt.timedelta(days=terms.days)
    return next_day_of_month(start, terms.day_of_month) if terms.day_of_month else start


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, on the month's last day where that month is shorter."""
    year, month = divmod(day.month - 1 + months, 12)
    first = dt.date(day.year + year, month + 1, 1)
    return first.replace(day=min(day.day, month_end(first).day))


def next_day_of_month(day: dt.date, wanted: int) -> dt.date:
    """The first day on or after `day` that is the `wanted` day of its month (or, in a month
    too short for it, that month's last day): "payable on the 10th"."""
    candidate = day.replace(day=min(wanted, month_end(day).day))
    if candidate >= day:
        return candidate
    following = add_months(day.replace(day=1), 1)
    return following.replace(day=min(wanted, month_end(following).day))


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
