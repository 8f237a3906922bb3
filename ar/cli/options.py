"""Options that many commands share, declared once."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Report as of this date (YYYY-MM-DD); default today.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    Format,
    typer.Option(
        "--format", "-f", help="table for people, csv or json for scripts, xlsx for spreadsheets."
    ),
]
CustomerFilter = Annotated[
    str | None,
    typer.Option("--customer", "-c", metavar="ID", help="Only this customer.", show_default=False),
]
InCurrency = Annotated[
    str | None,
    typer.Option(
        "--in",
        metavar="CUR",
        help="Amounts converted into this currency at the ECB rate of the report's day "
        "(rates from `arl rates import`), with one total.",
        show_default=False,
    ),
]
