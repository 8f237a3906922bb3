"""Commands that look at records: customers and invoices."""

from __future__ import annotations

from typing import Annotated

import typer

from ar.cli.env import Env, parse_date
from ar.cli.options import AsOf, CustomerFilter, Format, FormatOption, InCurrency

customer_app = typer.Typer(help="Customers, with balance and credit used.", no_args_is_help=True)
invoice_app = typer.Typer(help="Invoices and what they still owe.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    from ar.cli import document_commands

    document_commands.register(invoice_app)
    app.add_typer(customer_app, name="customer")
    app.add_typer(invoice_app, name="invoice")


@customer_app.command("list")
def customer_list(
    ctx: typer.Context,
    as_of: AsOf = None,
    into: InCurrency = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Every customer with open, overdue and unapplied amounts per currency."""
    from ar.cli.rates_commands import converted
    from ar.render.table import print_report
    from ar.reports.listing import customer_list as build

    env: Env = ctx.obj
    day = parse_date(as_of, env.today())
    money = ["open", "overdue", "unapplied", "credit_limit"]
    report = converted(env, build(env.book(), day), money, into, day)
    print_report(report, fmt.value, env.out)


@customer_app.command("show")
def customer_show(
    ctx: typer.Context,
    customer: Annotated[str, typer.Argument(help="Customer id.")],
    as_of: AsOf = None,
    fmt: FormatOption = Format.table,
) -> None:
    """One customer's details and open invoices."""
    from ar.cli.show import show_customer

    env: Env = ctx.obj
    show_customer(env, customer, parse_date(as_of, env.today()), fmt.value)


@invoice_app.command("list")
def invoice_list(
    ctx: typer.Context,
    customer: CustomerFilter = None,
    only_open: Annotated[
        bool, typer.Option("--open", help="Only invoices with money owed.")
    ] = False,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only open invoices past due.")
    ] = False,
    as_of: AsOf = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Invoices issued by the date, oldest first, with what each still owes."""
    from ar.render.table import print_report
    from ar.reports.listing import invoice_list as build

    env: Env = ctx.obj
    report = build(
        env.book(),
        parse_date(as_of, env.today()),
        customer=customer,
        only_open=only_open,
        only_overdue=overdue,
    )
    print_report(report, fmt.value, env.out)


@invoice_app.command("show")
def invoice_show(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="Invoice number.")],
    as_of: AsOf = None,
    fmt: FormatOption = Format.table,
) -> None:
    """One invoice: lines, due date, every payment, credit and event, and what is open."""
    from ar.cli.show import show_invoice

    env: Env = ctx.obj
    show_invoice(env, number, parse_date(as_of, env.today()), fmt.value)
