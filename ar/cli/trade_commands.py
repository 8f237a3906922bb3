"""Commands that trade with the tools around arl: import, reconcile, export."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ar.cli.env import Env
from ar.cli.options import Format, FormatOption


class ImportKind(StrEnum):
    invoices = "invoices"
    payments = "payments"
    customers = "customers"


def register(app: typer.Typer) -> None:
    app.command("import")(import_csv)


MapOption = Annotated[
    str | None,
    typer.Option(
        "--map",
        metavar="FIELD=COLUMN,...",
        help="Which column holds which field: a header name or #N for the N-th column.",
        show_default=False,
    ),
]
MappingOption = Annotated[
    str | None,
    typer.Option(
        "--mapping",
        metavar="NAME",
        help="A mapping saved in ledger.yaml under imports: (default: named like the kind).",
        show_default=False,
    ),
]
DateFormatOption = Annotated[
    str | None,
    typer.Option(
        "--date-format", metavar="FMT", help="e.g. %d.%m.%Y; default: detected.", show_default=False
    ),
]
DecimalOption = Annotated[
    str | None,
    typer.Option(
        "--decimal",
        metavar="MARK",
        help="Decimal mark, '.' or ','; default: detected.",
        show_default=False,
    ),
]
DelimiterOption = Annotated[
    str | None,
    typer.Option(
        "--delimiter",
        metavar="CHAR",
        help="Column delimiter; default: detected.",
        show_default=False,
    ),
]
EncodingOption = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        metavar="NAME",
        help="utf-8, latin-1...; default: detected.",
        show_default=False,
    ),
]


def import_csv(
    ctx: typer.Context,
    kind: Annotated[ImportKind, typer.Argument(help="What the file holds.")],
    file: Annotated[Path, typer.Argument(help="The CSV file.", show_default=False)],
    map_: MapOption = None,
    mapping: MappingOption = None,
    date_format: DateFormatOption = None,
    decimal: DecimalOption = None,
    delimiter: DelimiterOption = None,
    encoding: EncodingOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be written; write nothing.")
    ] = False,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Import the good rows even if some are bad.")
    ] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Import customers, invoices or payments from a CSV file.

    Rows already in the ledger (same invoice number, customer id or payment reference) are
    skipped, so importing a file twice is harmless. A bad row is reported as FILE:LINE and
    nothing is written unless --skip-bad. Payments without an invoice column are applied
    to the customer's invoices oldest due first, taking early-payment discounts in time.
    """
    from ar.cli.trade_import import CsvOptions, run_import

    env: Env = ctx.obj
    options = CsvOptions(map_, mapping, date_format, decimal, delimiter, encoding)
    run_import(env, kind.value, file, options, dry_run=dry_run, skip_bad=skip_bad, fmt=fmt.value)
