"""The aging report for people (a table, then each bucket's share as a bar) and scripts."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.table import Table

from ar.render.bars import bar
from ar.render.plaintable import print_table
from ar.render.report import as_json, cell_text
from ar.render.table import print_report
from ar.reports.aging import Aged
from ar.reports.base import Column, Row

OVER_LIMIT_NOTE = "! over credit limit"


def print_aging(aged: Aged, fmt: str, console: Console) -> None:
    """In any format; `totals` in JSON even when nothing is open."""
    print_report(aged.report, fmt, console, people=lambda c: _people(aged, c), with_totals=True)


def _people(aged: Aged, console: Console) -> None:
    table, *rest = aging_table(aged).renderables
    assert isinstance(table, Table)
    print_table(table, console)  # thousands of rows: written directly where it can be
    for part in rest:
        console.print(part)


def aging_json(aged: Aged) -> str:
    """The documented shape; `totals` is there even when nothing is open."""
    return as_json(aged.report, with_totals=True)


def aging_table(aged: Aged) -> Group:
    """The rows (customers over their limit marked), the totals, and each currency's shape."""
    report = aged.report
    meta = report.meta
    by_customer = any(column.key == "total" for column in report.columns)
    title = f"{report.title} as of {meta['as_of']} (by {meta['basis'].replace('_', ' ')})"
    table = Table(title=title, title_justify="left", header_style="bold")
    for column in report.columns:
        table.add_column(column.label, justify="right" if column.numeric else "left")
    for row in report.rows:
        over = by_customer and (row["customer"], row["currency"]) in aged.over_limit
        cells = [cell_text(row, c.key) for c in report.columns]
        table.add_row(
            *(["! " + cells[0], *cells[1:]] if over else cells), style="red" if over else None
        )
    if by_customer and report.totals:
        table.add_section()
        for row in report.totals:
            table.add_row(*_total_cells(row, report.columns), style="bold")
    parts: list[Any] = [table]
    if not report.rows:
        parts.append(f"Nothing is owed as of {meta['as_of']}.")
    if by_customer and aged.over_limit:
        parts.append(OVER_LIMIT_NOTE)
    for row in report.totals:
        parts += ["", _shape(row, aged.labels)]
    return Group(*parts)


def _total_cells(row: Row, columns: list[Column]) -> list[str]:
    cells = [cell_text(row, c.key) if c.key in row else "" for c in columns]
    cells[0] = "Total"
    return cells


def _shape(total: Row, labels: list[str]) -> Table:
    """Each bucket's share of the currency's open total, as a bar."""
    currency = total["currency"]
    table = Table(
        title=f"{currency} open {cell_text(total, 'total')}, by bucket",
        title_justify="left",
        show_header=False,
        box=None,
        padding=(0, 1),
    )
    table.add_column("bucket")
    table.add_column("amount", justify="right")
    table.add_column("bar")
    table.add_column("share", justify="right")
    for label in labels:
        share = total[label] / total["total"] if total["total"] else None
        table.add_row(
            label,
            cell_text(total, label),
            bar(float(share or 0)),
            "—" if share is None else f"{share * 100:.1f} %",
        )
    if total["unapplied"]:
        table.add_row("unapplied", cell_text(total, "unapplied"), "", "")
    return table
