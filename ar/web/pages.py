"""What each page shows, as data: the same report values the command line prints.

A page is a template name, its context and the tables it offers as CSV downloads (each
one a `Report`, written by the CSV renderer the command line uses, so a download equals
`arl ... --format csv`). Nothing here computes a figure of its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ar.book import Book
from ar.render.report import plain, plain_row
from ar.reports.aging import Options, aging
from ar.reports.base import Report, Row
from ar.reports.collection import default_period, monthly_report
from ar.reports.detail import customer_detail, invoice_detail
from ar.reports.listing import customer_list
from ar.reports.statement import statement
from ar.reports.worklist import worklist
from ar.web.charts import Mark, bars, lines

TOP = 10  # customers on the overview's list of the most overdue


class BadRequest(ValueError):
    """A request the page cannot answer: one line for a 400 page."""


@dataclass(frozen=True)
class Page:
    template: str
    context: dict[str, Any]
    tables: dict[str, Report] = field(default_factory=dict)


def overview(book: Book, as_of: dt.date) -> Page:
    aged = aging(book, Options(as_of))  # the book's own buckets and basis
    charts = []
    for total in aged.report.totals:
        title = f"Aging in {total['currency']} as of {as_of}"
        marks = [Mark(label, float(total[label]), plain_row(total)[label]) for label in aged.labels]
        charts.append((title, bars(title, f"aging-{total['currency']}", marks)))
    monthly = monthly_report(book, default_period(as_of))
    customers = customer_list(book, as_of)
    top = sorted(customers.rows, key=lambda r: r["overdue"], reverse=True)[:TOP]
    todo = worklist(book, as_of)
    context = {
        "totals": [plain_row(t) for t in aged.report.totals],
        "labels": aged.labels,
        "charts": charts,
        "trends": _trends(monthly),
        "top": [plain_row(r) for r in top if r["overdue"] > 0],
        "worklist": [plain_row(r) for r in todo.rows],
    }
    return Page("overview.html", context, {"aging": aged.report, "worklist": todo})


def _trends(monthly: Report) -> list[tuple[str, str]]:
    """DSO and CEI by month, one chart per currency."""
    charts = []
    for currency in sorted({r["currency"] for r in monthly.rows}):
        rows = [r for r in monthly.rows if r["scope"] == "all" and r["currency"] == currency]
        named = {
            name: [Mark(r["month"], _number(r[key]), _figure(r[key])) for r in rows]
            for name, key in (("DSO", "dso"), ("CEI", "cei"))
        }
        title = f"DSO and CEI by month in {currency}"
        charts.append((title, lines(title, named)))
    return charts


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _figure(value: Any) -> str:
    return "—" if value is None else f"{float(value):.2f}"


def customers(book: Book, as_of: dt.date, sort: str | None, query: str | None) -> Page:
    report = customer_list(book, as_of)
    rows = report.rows
    if query:
        needle = query.casefold()
        rows = [r for r in rows if needle in f"{r['customer']} {r['name']}".casefold()]
    if sort:
        key, descending = sort.lstrip("-"), sort.startswith("-")
        if key not in {c.key for c in report.columns}:
            raise BadRequest(f"cannot sort by '{key}'")
        rows = sorted(rows, key=lambda r: _sort_key(r.get(key)), reverse=descending)
    shown = Report(report.title, report.columns, rows, report.meta)
    context = {
        "columns": report.columns,
        "rows": [plain_row(r) for r in rows],
        "sort": sort or "",
    }
    return Page("customers.html", context, {"customers": shown})


def _sort_key(value: Any) -> tuple[int, Any]:
    """None last; numbers and text each in their own order."""
    if value is None:
        return (2, "")
    return (0, value) if not isinstance(value, str) else (1, value.casefold())


def customer(book: Book, customer_id: str, as_of: dt.date) -> Page:
    detail = customer_detail(book, customer_id, as_of)
    shown = statement(book, customer_id, as_of - dt.timedelta(days=365), as_of, as_of)
    events = _timeline(book, customer_id, as_of)
    context = {
        "detail": plain(detail, None),
        "statement": plain(shown, None),
        "events": events,
        "letters": [e for e in events if e["type"] == "reminder"],
    }
    return Page("customer.html", context)


def _timeline(book: Book, customer_id: str, as_of: dt.date) -> list[Row]:
    """Every event on the customer's invoices up to `as_of`, newest first."""
    found = []
    for invoice in book.invoices.values():
        if invoice.customer != customer_id:
            continue
        for event in invoice.events:
            if event.date <= as_of:
                data = event.model_dump(exclude_none=True, by_alias=True)
                found.append({**plain(data, None), "invoice": invoice.number})
    return sorted(found, key=lambda e: (e["date"], e["invoice"]), reverse=True)


def invoice(book: Book, number: str, as_of: dt.date) -> Page:
    detail = invoice_detail(book, number, as_of)
    return Page("invoice.html", {"detail": plain(detail, None)})
