"""`arl query`: read-only SQL over the views of the book, rendered like any report."""

from __future__ import annotations

from typing import Annotated

import typer

from ar.cli.env import Env, parse_date
from ar.cli.options import AsOf, Format, FormatOption


def register(app: typer.Typer) -> None:
    app.command("query")(query)


def query(
    ctx: typer.Context,
    sql: Annotated[str, typer.Argument(metavar="SQL", help="One SELECT (or WITH) statement.")],
    as_of: AsOf = None,
    max_rows: Annotated[
        int, typer.Option("--max-rows", min=1, help="Refuse a result longer than this.")
    ] = 10_000,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.01, metavar="SECONDS", help="Stop a longer query.")
    ] = 10.0,
    fmt: FormatOption = Format.table,
) -> None:
    """Read-only SQL (SQLite) over views of the book: customers, invoices, lines, payments,
    allocations, credit_notes, events, unapplied, and open_items as of --as-of.

    Amounts are TEXT decimals with the currency's minor units; dsum(amount) adds them
    exactly. SELECT * FROM views lists every column. Views and examples: docs/query.md.
    """
    from ar.query.database import Limits, database, run
    from ar.render.table import print_report

    env: Env = ctx.obj
    day = parse_date(as_of, env.today())
    db = database(env.book(), day)
    report = run(db, sql, Limits(max_rows, timeout), day)
    print_report(report, fmt.value, env.out)
