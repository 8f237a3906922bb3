"""Reports on the receivables: aging, metrics, statements, the cash-in forecast."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from ar.cli.env import Env, parse_date
from ar.cli.options import AsOf, CustomerFilter, Format, FormatOption
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
    fmt: FormatOption = Format.table,
) -> None:
    """Aged receivables as of a date: open amounts by days past due, per currency.

    Buckets are 'current' (not yet due), then 1-30, 31-60, ... and the last open-ended one;
    they always add up to the open total. Unapplied credit has its own column.
    """
    from ar.render.aging import print_aging
    from ar.reports.aging import Options
    from ar.reports.aging import aging as build

    env: Env = ctx.obj
    book = env.book()
    settings = book.ledger.aging
    options = Options(
        as_of=parse_date(as_of, env.today()),
        basis=(basis.value if basis else settings.basis),
        buckets=parse_buckets(buckets) if buckets else tuple(settings.buckets),
        by=by.value,
        customer=customer,
        currency=currency.upper() if currency else None,
    )
    print_aging(build(book, options), fmt.value, env.out)


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
    from ar.render.metrics import print_metrics
    from ar.reports.collection import default_period, metrics_report, monthly_report
    from ar.reports.metrics import Period

    env: Env = ctx.obj
    last = parse_date(end, parse_date(as_of, env.today()))
    period = default_period(last)
    if start is not None:
        period = Period(parse_date(start, last), last)
    if period.start > period.end:
        raise ArlError(f"--from {period.start} is after --to {period.end}", "swap them")
    build = monthly_report if by_month else metrics_report
    print_metrics(build(env.book(), period, customer), fmt.value, env.out)


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
) -> None:
    """A customer statement: the period's activity with a running balance, and open items.

    The period defaults to the month of --to; --to defaults to --as-of, which defaults to
    today. Rendered from templates/statement.txt or .html: the ledger's own templates/
    folder overrides the built-in ones, and a translation in templates/<lang>/ is used for
    customers of that language (their locale, else the ledger's).
    """
    from ar.render.statement import render_statement
    from ar.reports.statement import statement as build

    env: Env = ctx.obj
    last = parse_date(end, parse_date(as_of, env.today()))
    day = parse_date(as_of, last)
    first = parse_date(start, last.replace(day=1))
    if first > last:
        raise ArlError(f"--from {first} is after --to {last}", "swap them")
    if last > day:
        raise ArlError(f"--to {last} is after --as-of {day}", "a statement cannot show the future")
    book = env.book()
    data = build(book, customer, first, last, day)
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
    fmt: FormatOption = Format.table,
) -> None:
    """Expected receipts per week: each open invoice on its due date plus the customer's
    usual delay (amount-weighted, over what they paid in the last year).

    What is past due is shown as 'overdue'; what is not yet due is expected in a week (never
    before --as-of) or 'later', beyond the last week; disputed invoices apart.
    """
    from ar.render.forecast import print_forecast
    from ar.reports.forecast import forecast as build

    env: Env = ctx.obj
    day = parse_date(as_of, env.today())
    chosen = currency.upper() if currency else None
    print_forecast(build(env.book(), day, weeks, customer, chosen), fmt.value, env.out)
