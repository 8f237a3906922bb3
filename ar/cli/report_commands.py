"""Reports on the receivables: aging, metrics, statements, the cash-in forecast."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from ar.cli.env import Env, parse_date
from ar.cli.options import AsOf, CustomerFilter, Format, FormatOption, InCurrency
from ar.errors import ArlError


class By(StrEnum):
    customer = "customer"
    invoice = "invoice"


class Basis(StrEnum):
    due_date = "due_date"
    invoice_date = "invoice_date"


CurrencyFilter = Annotated[
    str | None,
    typer.Option("--currency", metavar="CUR", help="Only this currency.", show_default=False),
]
FromOption = Annotated[
    str | None,
    typer.Option("--from", metavar="DATE", help="First day of the period.", show_default=False),
]
ToOption = Annotated[
    str | None,
    typer.Option(
        "--to",
        metavar="DATE",
        help="Last day of the period (default: --as-of or today).",
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    app.command("aging")(aging)
    app.command("metrics")(metrics)
    app.command("statement")(statement)
    app.command("forecast")(forecast)


def parse_buckets(text: str) -> tuple[int, ...]:
    """'30,60,90' -> (30, 60, 90): positive day counts in increasing order."""
    try:
        days = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise ArlError(f"buckets '{text}' are not day counts", "write them as 30,60,90") from None
    if any(d <= 0 for d in days) or list(days) != sorted(set(days)):
        raise ArlError(f"buckets '{text}' must increase", "write them as 30,60,90")
    return days


def aging(
    ctx: typer.Context,
    as_of: AsOf = None,
    by: Annotated[
        By, typer.Option("--by", help="One row per customer or per invoice.")
    ] = By.customer,
    buckets: Annotated[
        str | None,
        typer.Option(
            "--buckets",
            metavar="DAYS",
            help="Bucket limits such as 30,60,90,120 (default: ledger.yaml aging.buckets).",
            show_default=False,
        ),
    ] = None,
    basis: Annotated[
        Basis | None,
        typer.Option(
            "--basis",
            help="Age from the due date or the invoice date (default: ledger.yaml aging.basis).",
            show_default=False,
        ),
    ] = None,
    customer: CustomerFilter = None,
    currency: CurrencyFilter = None,
    into: InCurrency = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Aged receivables as of a date: open amounts by days past due, per currency.

    Buckets are 'current' (not yet due), then 1-30, 31-60, ... and the last open-ended one;
    they always add up to the open total. Unapplied credit has its own column.
    """
    from dataclasses import replace

    from ar import api
    from ar.cli.rates_commands import converted
    from ar.render.aging import print_aging

    env: Env = ctx.obj
    aged = api.aging(
        env.book(),
        as_of=parse_date(as_of, env.today()),
        by=by.value,
        buckets=parse_buckets(buckets) if buckets else None,
        basis=basis.value if basis else None,
        customer=customer,
        currency=currency,
    )
    money = [*aged.labels, "total", "unapplied"] if by == By.customer else ["open"]
    report = converted(env, aged.report, money, into, aged.report.meta["as_of"])
    print_aging(replace(aged, report=report), fmt.value, env.out)


def metrics(
    ctx: typer.Context,
    start: FromOption = None,
    end: ToOption = None,
    as_of: AsOf = None,
    customer: CustomerFilter = None,
    by_month: Annotated[
        bool,
        typer.Option(
            "--by-month", help="The monthly series: DSO, CEI, % current, collected, invoiced."
        ),
    ] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Collection metrics per currency and per customer, with each customer's risk.

    Average days to pay and days late, % paid late, DSO (simple and count-back), best
    possible DSO, ADD, CEI, turnover and % current. The period defaults to the twelve
    months up to --to. Formulas: docs/metrics.md.
    """
    from ar import api
    from ar.render.metrics import print_metrics

    env: Env = ctx.obj
    last = parse_date(end, parse_date(as_of, env.today()))
    first = parse_date(start, last) if start is not None else None
    found = api.metrics(env.book(), as_of=last, start=first, customer=customer, by_month=by_month)
    print_metrics(found.report, fmt.value, env.out)


class StatementFormat(StrEnum):
    text = "text"
    html = "html"
    json = "json"


def statement(
    ctx: typer.Context,
    customer: Annotated[str, typer.Argument(help="Customer id.")],
    start: FromOption = None,
    end: ToOption = None,
    as_of: AsOf = None,
    fmt: Annotated[
        StatementFormat,
        typer.Option("--format", "-f", help="text or html for the customer, json for scripts."),
    ] = StatementFormat.text,
    internal: Annotated[
        bool,
        typer.Option("--internal", help="Add the notes and calls: for the desk, not the customer."),
    ] = False,
) -> None:
    """A customer statement: the period's activity with a running balance, and open items.

    The period defaults to the month of --to; --to defaults to --as-of, which defaults to
    today. Rendered from templates/statement.txt or .html: the ledger's own templates/
    folder overrides the built-in ones, and a translation in templates/<lang>/ is used for
    customers of that language (their locale, else the ledger's).
    """
    from ar import api
    from ar.render.statement import render_statement

    env: Env = ctx.obj
    last = parse_date(end, parse_date(as_of, env.today()))
    day = parse_date(as_of, last)
    first = parse_date(start, last) if start is not None else None
    book = env.book()
    data = api.statement(book, customer, as_of=day, start=first, end=last).data
    if internal:
        from ar.reports.detail import log_rows

        data = {**data, "log": log_rows(book, customer, day)}
    locale = book.locale_of(book.customers.get(customer))
    env.out.file.write(render_statement(data, fmt.value, env.root(), locale))


def forecast(
    ctx: typer.Context,
    weeks: Annotated[
        int, typer.Option("--weeks", min=1, max=260, help="How many weeks ahead.")
    ] = 13,
    as_of: AsOf = None,
    customer: CustomerFilter = None,
    currency: CurrencyFilter = None,
    into: InCurrency = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Expected receipts per week: each open invoice on its due date plus the customer's
    usual delay (amount-weighted, over what they paid in the last year).

    What is past due is shown as 'overdue'; what is not yet due is expected in a week (never
    before --as-of) or 'later', beyond the last week; disputed invoices apart.
    """
    from ar import api
    from ar.cli.rates_commands import converted
    from ar.render.forecast import print_forecast

    env: Env = ctx.obj
    day = parse_date(as_of, env.today())
    found = api.forecast(env.book(), as_of=day, weeks=weeks, customer=customer, currency=currency)
    print_forecast(converted(env, found.report, ["expected"], into, day), fmt.value, env.out)
