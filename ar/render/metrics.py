"""Metrics for people: a table of figures, the reasons behind each risk, a DSO trend."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rich.console import Console, Group
from rich.table import Table

from ar.render.bars import sparkline
from ar.render.report import cell_text
from ar.render.table import print_report
from ar.reports.base import Report, Row

WORDS = frozenset({"risk_reasons"})


def print_metrics(report: Report, fmt: str, console: Console) -> None:
    print_report(report, fmt, console, people=lambda c: _people(report, c))


def _people(report: Report, console: Console) -> None:
    """The figures, then DSO trends (by month) or each customer's risk in words."""
    monthly = bool(report.rows) and "month" in report.rows[0]
    more = _trends(report.rows) if monthly else _reasons(report.rows)
    console.print(metrics_table(report), more)


def figure(row: Row, key: str) -> str:
    """A cell: figures with two decimals, an em dash where undefined."""
    value = row.get(key)
    if isinstance(value, float):
        return f"{value:.2f}"
    return cell_text(row, key)


def metrics_table(report: Report) -> Table:
    period = f"{report.meta['from']} to {report.meta['to']}"
    table = Table(title=f"{report.title}, {period}", title_justify="left", header_style="bold")
    columns = [c for c in report.columns if c.key not in WORDS]
    for column in columns:
        table.add_column(column.label, justify="right" if column.numeric else "left")
    for row in report.rows:
        table.add_row(*(figure(row, c.key) for c in columns))
    if not report.rows:
        table.caption = "No invoices by the end of the period."
    return table


def _reasons(rows: list[Row]) -> Group:
    """Why each customer scores what it does, in words."""
    lines = [
        f"{row['scope']} ({row['currency']}) risk {row['risk']} {row['risk_level']}: "
        + "; ".join(row["risk_reasons"])
        for row in rows
        if row.get("risk") is not None
    ]
    return Group(*(["", "Risk, and why:", *lines] if lines else []))


def _trends(rows: list[Row]) -> Group:
    """One line per scope and currency: DSO month by month as a sparkline."""
    series: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for row in rows:
        series[row["scope"], row["currency"]].append(row["dso"])
    lines = []
    for (scope, currency), values in series.items():
        known = [v for v in values if v is not None]
        ends = f"  {known[0]:.2f} → {known[-1]:.2f}" if known else "  no sales"
        lines.append(f"DSO trend {scope} {currency}: {sparkline(values)}{ends}")
    return Group("", *lines)
