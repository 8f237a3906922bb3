"""Rich tables for people at a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ar.render.plaintable import print_table
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


def write_binary(console: Console, data: bytes) -> None:
    """Bytes to the console's stream, which must not be a terminal."""
    from ar.errors import ArlError

    stream = console.file
    binary = getattr(stream, "buffer", None)
    if binary is None or stream.isatty():
        raise ArlError("xlsx is a binary file", "redirect it to a file: ... -f xlsx > report.xlsx")
    stream.flush()
    binary.write(data)
    binary.flush()


def print_report(report: Report, fmt: str, console: Console) -> None:
    """Print a report in the requested format: table, csv, json or xlsx."""
    from ar.render.report import as_csv, as_json

    if fmt == "xlsx":
        from ar.render.xlsx import workbook

        write_binary(console, workbook([report]))
    elif fmt == "json":
        console.file.write(as_json(report))
    elif fmt == "csv":
        console.file.write(as_csv(report))
    else:
        print_table(as_table(report), console)
