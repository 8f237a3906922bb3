"""Commands that trade with the tools around arl: import, reconcile, export."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ar.cli.env import Env, parse_date
from ar.cli.options import AsOf, Format, FormatOption


class ImportKind(StrEnum):
    invoices = "invoices"
    payments = "payments"
    customers = "customers"


class ExportTarget(StrEnum):
    hledger = "hledger"
    ledger = "ledger"
    beancount = "beancount"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"
    parquet = "parquet"


class TableKind(StrEnum):
    customers = "customers"
    invoices = "invoices"
    lines = "lines"
    payments = "payments"
    allocations = "allocations"
    refunds = "refunds"
    credit_notes = "credit-notes"
    events = "events"


class StatementFormat(StrEnum):
    csv = "csv"
    camt053 = "camt053"
    mt940 = "mt940"


def register(app: typer.Typer) -> None:
    app.command("import")(import_csv)
    app.command("reconcile")(reconcile)
    app.command("export")(export)


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


def reconcile(
    ctx: typer.Context,
    bank: Annotated[Path, typer.Argument(help="The bank statement file.", show_default=False)],
    statement_format: Annotated[
        StatementFormat | None,
        typer.Option("--format", help="Statement format; default: detected.", show_default=False),
    ] = None,
    record: Annotated[
        bool, typer.Option("--record", help="Write a payment for every accepted match.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Record without asking.")] = False,
    min_confidence: Annotated[
        int,
        typer.Option(
            "--min-confidence", min=0, max=100, help="Record matches from this confidence (%)."
        ),
    ] = 70,
    as_of: AsOf = None,
    output: Annotated[
        Format, typer.Option("--output-format", "-O", help="table, csv or json.")
    ] = Format.table,
    map_: MapOption = None,
    mapping: MappingOption = None,
    date_format: DateFormatOption = None,
    decimal: DecimalOption = None,
    delimiter: DelimiterOption = None,
    encoding: EncodingOption = None,
) -> None:
    """Match a bank statement's credits to open invoices; record them with --record.

    Reads ISO 20022 camt.053 XML, SWIFT MT940, or CSV (with --map or the mapping saved
    as imports: bank: in ledger.yaml: fields date, amount or credit/debit, currency,
    text, name, reference). Each credit is matched by invoice or order number in the
    remittance text, then by payer and exact amount, then by a combination of the
    payer's open invoices; every match shows its confidence and reason. Lines already
    recorded (same bank reference) are recognised, so a statement can be reconciled again.
    """
    from ar.cli.trade_import import CsvOptions
    from ar.cli.trade_reconcile import run_reconcile

    env: Env = ctx.obj
    options = CsvOptions(map_, mapping, date_format, decimal, delimiter, encoding)
    fmt = statement_format.value if statement_format else None
    when = parse_date(as_of, env.today())
    run_reconcile(
        env, bank, fmt, options, when,
        record=record, yes=yes, record_from=min_confidence, output=output.value,
    )  # fmt: skip


def export(
    ctx: typer.Context,
    target: Annotated[ExportTarget, typer.Argument(help="The tool or file format to export to.")],
    as_of: AsOf = None,
    kind: Annotated[
        TableKind | None,
        typer.Option("--kind", help="For csv: which table to print.", show_default=False),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (for csv without --kind: a folder, one file per table).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Export the book: an hledger/ledger journal, a beancount file, or tables.

    Journals hold one transaction per invoice, payment, application, refund, credit note,
    write-off, fee, interest charge and void, in date order, tagged with customer and
    invoice, and end with assertions of each customer's receivable and credit at the
    export date, so 'hledger check' or 'bean-check' proves the export agrees with arl.
    csv, json and xlsx give every record kind as a table (customers, invoices, lines,
    payments, allocations, refunds, credit-notes, events). parquet writes `arl query`'s
    views, typed, one file each into the folder -o names, for DuckDB and warehouses
    (docs/parquet.md; needs pyarrow: pip install 'ar-ledger[parquet]').
    """
    from ar.cli.trade_export import run_export

    env: Env = ctx.obj
    when = parse_date(as_of, env.today())
    run_export(env, target.value, when, kind.value if kind else None, output)
