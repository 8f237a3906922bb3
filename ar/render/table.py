"""Rich tables for people at a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ar.render.report import cell_text
from ar.reports.base import Report


def as_table(report: Report) -> Table:
    table = Table(title=report.title, title_justify="left", header_style="bold")
    for column in report.columns:
        table.add_column(
            column.label, justify="right" if column.numeric else "left", no_wrap=column.numeric
        )
    for row in report.rows:
        table.add_row(*(cell_text(row, c.key) for c in report.columns))
    if report.totals:
        table.add_section()
        for row in report.totals:
            table.add_row(*(cell_text(row, c.key) for c in report.columns), style="bold")
    return table


def print_report(report: Report, fmt: str, console: Console) -> None:
    """Print a report in the requested format: table, csv or json."""
    from ar.render.report import as_csv, as_json

    if fmt == "json":
        console.file.write(as_json(report))
    elif fmt == "csv":
        console.file.write(as_csv(report))
    else:
        console.print(as_table(report))
