"""The metrics reports: figures per currency and per customer, and the monthly series."""

from __future__ import annotations

import datetime as dt

from ar.book import Book
from ar.reports.base import Column, Report, Row
from ar.reports.detail import unknown
from ar.reports.listing import risk_fields
from ar.reports.metrics import Period, Scope, figures, month_series, months_of, scopes
from ar.reports.risk import risks
from ar.settlement import Account, accounts

METRIC_COLUMNS = [
    Column("scope", "Scope"),
    Column("currency", "Cur"),
    Column("invoices_paid", "Paid", True),
    Column("avg_days_to_pay", "Days to pay", True),
    Column("avg_days_late", "Days late", True),
    Column("pct_paid_late", "% late", True),
    Column("dso", "DSO", True),
    Column("dso_countback", "DSO cb", True),
    Column("best_possible_dso", "Best DSO", True),
    Column("add", "ADD", True),
    Column("cei", "CEI", True),
    Column("turnover", "Turnover", True),
    Column("pct_current", "% current", True),
    Column("risk", "Risk", True),
    Column("risk_level", "Level"),
    Column("risk_reasons", "Reasons"),
]

MONTH_COLUMNS = [
    Column("month", "Month"),
    Column("scope", "Scope"),
    Column("currency", "Cur"),
    Column("dso", "DSO", True),
    Column("cei", "CEI", True),
    Column("pct_current", "% current", True),
    Column("collected", "Collected", True),
    Column("invoiced", "Invoiced", True),
]


def default_period(end: dt.date) -> Period:
    """Twelve calendar months ending with the month of `end`, the last one cut at `end`."""
    start = end.replace(day=1)
    for _ in range(11):
        start = (start - dt.timedelta(days=1)).replace(day=1)
    return Period(start, end)


def _chosen(
    book: Book, accts: dict[str, Account], period: Period, customer: str | None
) -> list[Scope]:
    if customer and customer not in book.customers:
        raise unknown("customer", customer, list(book.customers))
    every = scopes(book, accts, period.end)
    return [s for s in every if customer is None or s.name == customer]


def metrics_report(book: Book, period: Period, customer: str | None = None) -> Report:
    """One row per currency for the whole book, then one per customer and currency."""
    accts = accounts(book)
    risk = risks(book, period.end, accts)
    rows: list[Row] = []
    for scope in _chosen(book, accts, period, customer):
        rows.append(
            {**figures(scope, period), **risk_fields(risk.get((scope.name, scope.currency)))}
        )
    meta = {"from": period.start, "to": period.end}
    return Report("Collection metrics", METRIC_COLUMNS, rows, meta)


def monthly_report(book: Book, period: Period, customer: str | None = None) -> Report:
    """The monthly series for each currency (or for one customer)."""
    months = months_of(period)
    rows = [
        row
        for scope in _chosen(book, accounts(book), period, customer)
        if scope.name == (customer or "all")
        for row in month_series(scope, months)
    ]
    meta = {"from": period.start, "to": period.end}
    return Report("Collection metrics by month", MONTH_COLUMNS, rows, meta)
