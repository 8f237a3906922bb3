"""Rich tables for people at a terminal, and the one dispatcher of report formats.

Every report command hands its report to `print_report` with the format asked for; a
report with a richer view for people (aging's bars, metrics' reasons) passes it as
`people`, and CSV, JSON and xlsx come out the same way for all of them.
"""

from __future__ import annotations

from collections.abc import Callable

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


BINARY_HINT = "redirect it to a file: ... -f xlsx > report.xlsx"


def write_binary(console: Console, data: bytes, hint: str = BINARY_HINT) -> None:
    """Bytes to the console's stream; a terminal is refused, since it would show garbage."""
    from ar.errors import ArlError

    stream = console.file
    binary = getattr(stream, "buffer", None)
    if binary is None or stream.isatty():
        raise ArlError("an xlsx workbook is binary and not for a terminal", hint)
    stream.flush()
    binary.write(data)
    binary.flush()


People = Callable[[Console], None]


def print_report(
    report: Report, fmt: str, console: Console, *, people: People | None = None,
    with_totals: bool = False,
) -> None:  # fmt: skip
    """Every report's one way out: table (its own `people` view, or the plain table), csv,
    json (`with_totals`: the totals key even when empty) or an xlsx workbook."""
    from ar.render.report import as_csv, as_json

    if fmt == "xlsx":
        from ar.render.xlsx import workbook

        write_binary(console, workbook([report]))
    elif fmt == "json":
        console.file.write(as_json(report, with_totals=with_totals))
    elif fmt == "csv":
        console.file.write(as_csv(report))
    elif people is not None:
        people(console)
    else:
        print_table(as_table(report), console)
