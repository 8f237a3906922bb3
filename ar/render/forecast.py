"""The cash-in forecast for people: expected receipts per week, each with a bar."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table

from ar.render.bars import bar
from ar.render.report import cell_text
from ar.render.table import print_report
from ar.reports.base import Report


def print_forecast(report: Report, fmt: str, console: Console) -> None:
    def people(console: Console) -> None:
        console.print(forecast_table(report))

    print_report(report, fmt, console, people=people, with_totals=True)


def forecast_table(report: Report) -> Group:
    """One table per currency; bars are scaled to that currency's largest row."""
    parts: list[Table | str] = []
    for total in report.totals:
        currency = total["currency"]
        rows = [r for r in report.rows if r["currency"] == currency]
        largest = max(r["expected"] for r in rows)
        title = f"{report.title} in {currency} from {report.meta['as_of']}"
        table = Table(title=title, title_justify="left", header_style="bold")
        for column in report.columns:
            if column.key != "currency":
                table.add_column(column.label, justify="right" if column.numeric else "left")
        table.add_column("")
        for row in rows:
            cells = [cell_text(row, c.key) for c in report.columns if c.key != "currency"]
            table.add_row(*cells, bar(float(row["expected"] / largest) if largest else 0.0))
        table.add_section()
        table.add_row("Total", "", "", "", cell_text(total, "expected"), "", style="bold")
        parts.append(table)
    if not parts:
        parts.append(f"Nothing is owed as of {report.meta['as_of']}.")
    return Group(*parts)
