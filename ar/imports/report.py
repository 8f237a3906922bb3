"""An import plan as a report: what would be written, line by line."""

from __future__ import annotations

from decimal import Decimal

from ar.book import Book, record_key
from ar.imports.plan import Plan
from ar.model import Customer, Invoice, Payment, Record
from ar.money import ZERO
from ar.reports.base import Column, Report, Row
from ar.settlement import lines_total

COLUMNS = [
    Column("line", "Line", True),
    Column("record", "Record"),
    Column("customer", "Customer"),
    Column("date", "Date"),
    Column("currency", "Cur"),
    Column("amount", "Amount", True),
    Column("applied", "Applied to"),
]


def plan_report(book: Book, plan: Plan, name: str) -> Report:
    """One row per record that would be written, in the order of the file."""
    rows = [_row(book, record) for record in plan.new]
    meta = {
        "file": name,
        "new": len(plan.new),
        "already_in_ledger": len(plan.existing),
        "problems": len(plan.problems),
    }
    return Report(f"Would import from {name}", COLUMNS, rows, meta)


def _row(book: Book, record: Record) -> Row:
    row: Row = {"line": record.source.line, "record": record_key(record)}
    if isinstance(record, Customer):
        return {**row, "customer": record.name, "currency": book.currency_of(record)}
    assert isinstance(record, Invoice | Payment)
    currency = book.currency_of(record)
    amount, applied = _amounts(record, currency)
    return {
        **row,
        "customer": record.customer,
        "date": record.date,
        "currency": currency,
        "amount": amount,
        "applied": applied,
    }


def _amounts(record: Invoice | Payment, currency: str) -> tuple[Decimal, str]:
    if isinstance(record, Invoice):
        return lines_total(record.lines, currency), ""
    parts = [f"{a.invoice} {a.amount}" for a in record.apply]
    left = record.amount - sum((a.amount for a in record.apply), ZERO)
    if left:
        parts.append(f"unapplied {left}")
    return record.amount, ", ".join(parts)
