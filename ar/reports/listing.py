"""The invoice and customer lists: each record with what it owes as of a date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from ar.book import Book
from ar.installments import past_due
from ar.money import ZERO
from ar.reports.base import Column, Report, Row
from ar.reports.risk import Risk, risks
from ar.settlement import Account, accounts, open_accounts, unapplied

INVOICE_COLUMNS = [
    Column("number", "Invoice"),
    Column("customer", "Customer"),
    Column("currency", "Cur"),
    Column("date", "Date"),
    Column("due", "Due"),
    Column("total", "Total", True),
    Column("open", "Open", True),
    Column("days_past_due", "Days late", True),
    Column("status", "Status"),
]

CUSTOMER_COLUMNS = [
    Column("customer", "Customer"),
    Column("name", "Name"),
    Column("currency", "Cur"),
    Column("terms", "Terms"),
    Column("open", "Open", True),
    Column("overdue", "Overdue", True),
    Column("unapplied", "Unapplied", True),
    Column("credit_limit", "Limit", True),
    Column("credit_used", "Used %", True),
    Column("hold", "Hold"),
    Column("risk", "Risk", True),
    Column("risk_level", "Level"),
]


def status(account: Account, as_of: dt.date) -> str:
    """One word for where an invoice stands: void, paid, disputed, overdue or open."""
    if account.is_void(as_of):
        return "void"
    if account.open_on(as_of) <= 0:
        return "paid"
    if account.disputed_on(as_of):
        return "disputed"
    return "overdue" if past_due(account, as_of).amount > 0 else "open"


def invoice_row(account: Account, as_of: dt.date) -> Row:
    open_amount = account.open_on(as_of)
    late = past_due(account, as_of)
    return {
        "number": account.number,
        "customer": account.customer,
        "currency": account.currency,
        "date": account.date,
        "due": account.due,
        "total": account.total,
        "open": open_amount,
        "days_past_due": late.days,
        "status": status(account, as_of),
    }


def invoice_list(
    book: Book,
    as_of: dt.date,
    *,
    customer: str | None = None,
    only_open: bool = False,
    only_overdue: bool = False,
) -> Report:
    """Invoices issued by `as_of`, oldest first, optionally only open or overdue ones."""
    rows = []
    found = open_accounts(book, as_of) if only_open or only_overdue else accounts(book).values()
    for account in sorted(found, key=lambda a: (a.date, a.number)):
        if account.date > as_of or (customer and account.customer != customer):
            continue
        row = invoice_row(account, as_of)
        if (only_open or only_overdue) and row["open"] <= 0:
            continue
        if only_overdue and row["days_past_due"] <= 0:
            continue
        rows.append(row)
    return Report("Invoices", INVOICE_COLUMNS, rows, {"as_of": as_of})


def customer_list(book: Book, as_of: dt.date) -> Report:
    """One row per customer and currency with open, overdue and unapplied amounts."""
    open_by: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    overdue_by: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    accts = accounts(book)
    risk = risks(book, as_of, accts)
    for account in accts.values():
        key = (account.customer, account.currency)
        open_by[key] += account.open_on(as_of)
        overdue_by[key] += past_due(account, as_of).amount
    credit = unapplied(book, as_of)
    currencies_of: dict[str, set[str]] = defaultdict(set)
    for cid, cur in (*open_by, *credit):
        currencies_of[cid].add(cur)
    rows = []
    for customer in sorted(book.customers.values(), key=lambda c: c.id):
        currencies = sorted(currencies_of.get(customer.id, ()))
        for currency in currencies or [book.currency_of(customer)]:
            key = (customer.id, currency)
            limit = customer.credit_limit
            used = open_by[key] - credit.get(key, ZERO)
            rows.append(
                {
                    "customer": customer.id,
                    "name": customer.name,
                    "currency": currency,
                    "terms": customer.terms or book.ledger.default_terms,
                    "open": open_by[key],
                    "overdue": overdue_by[key],
                    "unapplied": credit.get(key, ZERO),
                    "credit_limit": limit,
                    "credit_used": round(float(used / limit * 100), 1) if limit else None,
                    "hold": customer.hold,
                    **risk_fields(risk.get(key)),
                }
            )
    return Report("Customers", CUSTOMER_COLUMNS, rows, {"as_of": as_of})


def risk_fields(risk: Risk | None) -> Row:
    """A customer's risk as row fields; None where there is no invoice to judge by."""
    return {
        "risk": risk.score if risk else None,
        "risk_level": risk.level if risk else None,
        "risk_reasons": list(risk.reasons) if risk else None,
    }
