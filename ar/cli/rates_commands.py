"""Exchange rates in the ledger: `arl rates import`, and `--in CUR` for the reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from ar.cli.env import Env
from ar.reports.base import Report

rates_app = typer.Typer(help="Exchange rates kept in the ledger (rates/YYYY.csv).")


def register(app: typer.Typer) -> None:
    app.add_typer(rates_app, name="rates")


@rates_app.command("import")
def rates_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="An ECB rates file: CSV or XML, daily or history.")],
    currencies: Annotated[
        str | None,
        typer.Option(
            "--currencies",
            metavar="CUR,...",
            help="Keep these currencies (default: those the book bills in).",
            show_default=False,
        ),
    ] = None,
    keep_all: Annotated[bool, typer.Option("--all", help="Keep every currency.")] = False,
) -> None:
    """Read the ECB's euro reference rates into rates/YYYY.csv, one plain-text file a year.

    Takes eurofxref-hist.csv, the daily eurofxref.csv and their XML forms. A day already
    in the ledger is replaced by the imported one. Reports then take --in CUR.
    """
    from ar.cli.trade_import import read_input
    from ar.formats.ecb import read_ecb
    from ar.store.rates import save_rates
    from ar.store.write import ledger_lock

    env: Env = ctx.obj
    book = env.book()
    quotes = read_ecb(read_input(file), file.name)
    if keep_all:
        wanted = None
    elif currencies:
        wanted = {c.strip().upper() for c in currencies.split(",")}
    else:
        wanted = {book.currency_of(c) for c in book.customers.values()} | {book.ledger.currency}
    kept = {
        day: {c: r for c, r in rates.items() if wanted is None or c in wanted}
        for day, rates in quotes.items()
    }
    kept = {day: rates for day, rates in kept.items() if rates}
    with ledger_lock(env.root()):
        written = save_rates(env.root(), kept)
    names = ", ".join(str(p.relative_to(env.root())) for p in written) or "nothing"
    env.out.print(f"{sum(len(r) for r in kept.values())} rates on {len(kept)} days: {names}")


def converted(
    env: Env, report: Report, money: Sequence[str], target: str | None, day: dt.date
) -> Report:
    """The report in `target` when --in asked for it, else as it is."""
    if target is None:
        return report
    from ar.reports.converted import in_currency
    from ar.store.rates import load_rates

    return in_currency(report, money, target.upper(), load_rates(env.root()), day)
