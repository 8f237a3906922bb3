"""Which invoices recurring plans owe by a date, and what each of them holds.

Decisions depend only on the book: an issue date is due when it is on or before `as_of`
and no invoice records that it came from this plan on that date. Running late creates
every missed invoice (dated on its own issue date); running twice creates nothing new.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ar.book import Book
from ar.model import Invoice, Recurring
from ar.numbering import Numbers

_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}


def add_months(anchor: dt.date, months: int) -> dt.date:
    """The same day `months` later, or that month's last day when it is shorter."""
    index = anchor.year * 12 + anchor.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(anchor.day, last))


def issue_dates(plan: Recurring, until: dt.date) -> Iterator[dt.date]:
    """Every issue date of the plan up to and including `until` (and its `end`)."""
    last = min(until, plan.end) if plan.end else until
    step = 0
    while True:
        if plan.interval == "weekly":
            date = plan.start + dt.timedelta(weeks=step)
        else:
            date = add_months(plan.start, step * _MONTHS[plan.interval])
        if date > last:
            return
        yield date
        step += 1


def period_label(plan: Recurring, date: dt.date) -> str:
    """The billed period in words, for `{period}` in line descriptions."""
    if plan.interval == "monthly":
        return f"{calendar.month_name[date.month]} {date.year}"
    if plan.interval == "quarterly":
        return f"Q{(date.month - 1) // 3 + 1} {date.year}"
    if plan.interval == "yearly":
        return str(date.year)
    week = date.isocalendar()
    return f"week {week.week} of {week.year}"


@dataclass(frozen=True)
class Skipped:
    plan: str
    date: dt.date
    reason: str


def due_invoices(book: Book, as_of: dt.date) -> tuple[list[Invoice], list[Skipped]]:
    """New invoices every plan owes by `as_of`, numbered in date order, and those held back."""
    issued: dict[str, set[dt.date]] = defaultdict(set)
    for invoice in book.invoices.values():
        if invoice.recurring:
            issued[invoice.recurring].add(invoice.date)
    wanted = sorted(
        (date, plan.id)
        for plan in book.recurring.values()
        for date in issue_dates(plan, as_of)
        if date not in issued[plan.id]
    )
    numbers = Numbers(book.ledger.invoice_number, book.invoices)
    created: list[Invoice] = []
    skipped: list[Skipped] = []
    for date, plan_id in wanted:
        plan = book.recurring[plan_id]
        customer = book.customers.get(plan.customer)
        if customer is not None and customer.hold:
            skipped.append(Skipped(plan.id, date, f"customer {customer.id} is on hold"))
            continue
        created.append(invoice_from_plan(plan, date, numbers.next(date.year)))
    return created, skipped


def invoice_from_plan(plan: Recurring, date: dt.date, number: str) -> Invoice:
    period = period_label(plan, date)
    lines = [
        line.model_copy(update={"description": line.description.replace("{period}", period)})
        for line in plan.lines
    ]
    return Invoice(
        number=number,
        customer=plan.customer,
        date=date,
        terms=plan.terms,
        currency=plan.currency,
        lines=lines,
        po=plan.po,
        notes=plan.notes,
        recurring=plan.id,
    )
