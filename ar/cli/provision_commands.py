"""The bad-debt provision: `arl allowance`."""

from __future__ import annotations

from typing import Annotated

import typer

from ar.cli.env import Env, parse_date
from ar.cli.options import AsOf, CustomerFilter, Format, FormatOption


def register(app: typer.Typer) -> None:
    app.command("allowance")(allowance)


def allowance(
    ctx: typer.Context,
    as_of: AsOf = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="Compare with the provision on this day (default: the end of last month).",
            show_default=False,
        ),
    ] = None,
    customer: CustomerFilter = None,
    fmt: FormatOption = Format.table,
) -> None:
    """The bad-debt allowance: each aging bucket's open amount times the share ledger.yaml's
    `allowance` reserves for it, per customer, and the change since the last period.

    The buckets and basis are those of `arl aging`, so the two always agree. Example
    settings: `allowance: {buckets: {current: 0.01, 1-30: 0.03, 120+: 0.5}, customers:
    {CITYHOSP: {120+: 0.2}}}`. The change is the journal entry to post.
    """
    from ar.render.table import print_report
    from ar.reports.aging import Options
    from ar.reports.allowance import allowance_report, previous_period_end

    env: Env = ctx.obj
    book = env.book()
    day = parse_date(as_of, env.today())
    options = Options(day, customer=customer)
    report = allowance_report(book, options, parse_date(since, previous_period_end(day)))
    print_report(report, fmt.value, env.out)
