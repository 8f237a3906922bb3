"""Commands that add or change customers and invoices: customer add/edit, invoice new/void."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from ar.book import Book
    from ar.plan import Plan

from ar.cli.book_commands import customer_app, invoice_app
from ar.cli.writing import (
    DateOption,
    DryRun,
    WriteFormat,
    WriteFormatOption,
    date_option,
    parse_amount,
    parse_currency,
    record,
)


def register(app: typer.Typer) -> None:
    """Add the write commands to the `customer` and `invoice` groups of `app`."""
    customer_app.command("add")(customer_add)
    customer_app.command("edit")(customer_edit)
    invoice_app.command("new")(invoice_new)
    invoice_app.command("void")(invoice_void)


def customer_add(
    ctx: typer.Context,
    customer: Annotated[
        str, typer.Argument(metavar="ID", help="New customer id (names its file).")
    ],
    name: Annotated[str, typer.Option("--name", help="Name as it appears on letters.")],
    email: Annotated[
        list[str] | None, typer.Option("--email", help="E-mail (repeat for more).")
    ] = None,
    address: Annotated[str | None, typer.Option("--address", help="Postal address.")] = None,
    terms: Annotated[
        str | None, typer.Option("--terms", help="Terms named in ledger.yaml.")
    ] = None,
    currency: Annotated[str | None, typer.Option("--currency", help="Currency, e.g. EUR.")] = None,
    credit_limit: Annotated[
        str | None, typer.Option("--credit-limit", help="Most the customer may owe.")
    ] = None,
    hold: Annotated[bool, typer.Option("--hold", help="No new invoices for now.")] = False,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Tag (repeat for more).")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Free text.")] = None,
    dry_run: DryRun = False,
    fmt: WriteFormatOption = WriteFormat.text,
) -> None:
    """Add a customer: customers/ID.yaml."""
    from ar.customers import add_customer

    fields: dict[str, Any] = {"id": customer, "name": name, "hold": hold}
    fields |= _given(
        email=email,
        address=address,
        terms=terms,
        currency=parse_currency(currency),
        tags=tag,
        notes=notes,
    )
    if credit_limit is not None:
        fields["credit_limit"] = parse_amount(credit_limit, "credit limit")
    record(ctx, lambda book: add_customer(book, fields), dry_run=dry_run, fmt=fmt, names=[customer])


def customer_edit(
    ctx: typer.Context,
    customer: Annotated[str, typer.Argument(metavar="CUSTOMER", help="Customer id.")],
    name: Annotated[str | None, typer.Option("--name", help="New name.")] = None,
    email: Annotated[
        list[str] | None, typer.Option("--email", help="Replace the e-mails (repeat for more).")
    ] = None,
    address: Annotated[str | None, typer.Option("--address", help="Postal address.")] = None,
    terms: Annotated[
        str | None, typer.Option("--terms", help="Terms named in ledger.yaml.")
    ] = None,
    currency: Annotated[str | None, typer.Option("--currency", help="Currency, e.g. EUR.")] = None,
    credit_limit: Annotated[
        str | None, typer.Option("--credit-limit", help="Most the customer may owe.")
    ] = None,
    hold: Annotated[
        bool | None,
        typer.Option("--hold/--no-hold", help="Stop or allow new invoices.", show_default=False),
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="Replace the tags (repeat for more).")
    ] = None,
    add_tag: Annotated[list[str] | None, typer.Option("--add-tag", help="Add a tag.")] = None,
    remove_tag: Annotated[
        list[str] | None, typer.Option("--remove-tag", help="Remove a tag.")
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Free text.")] = None,
    unset: Annotated[
        list[str] | None,
        typer.Option("--unset", metavar="FIELD", help="Remove a field, e.g. credit_limit."),
    ] = None,
    dry_run: DryRun = False,
    fmt: WriteFormatOption = WriteFormat.text,
) -> None:
    """Change a customer's terms, currency, credit limit, hold, e-mails or tags.

    Only the options given change; the rest of the file, comments included, stays as written.
    """
    from ar.customers import edit_customer

    fields = _given(
        name=name,
        email=email,
        address=address,
        terms=terms,
        currency=parse_currency(currency),
        tags=tag,
        notes=notes,
        hold=hold,
    )
    if credit_limit is not None:
        fields["credit_limit"] = parse_amount(credit_limit, "credit limit")

    tags = (list(add_tag or []), list(remove_tag or []))

    def decide(book: Book) -> Plan:
        return edit_customer(book, customer, fields, list(unset or []), tags)

    record(ctx, decide, dry_run=dry_run, fmt=fmt, names=[customer])


def _given(**options: Any) -> dict[str, Any]:
    return {key: value for key, value in options.items() if value is not None}


def invoice_new(
    ctx: typer.Context,
    customer: Annotated[str, typer.Argument(metavar="CUSTOMER", help="Customer id.")],
    line: Annotated[
        list[str] | None,
        typer.Option(
            "--line",
            metavar="'DESC;QTY;PRICE[;TAX]'",
            help="A line; repeat for more. TAX as 0.20 or 20%.",
        ),
    ] = None,
    lines: Annotated[
        str | None,
        typer.Option(
            "--lines",
            metavar="FILE",
            help="Lines from a YAML or JSON file, '-' for standard input.",
        ),
    ] = None,
    date: DateOption = None,
    terms: Annotated[
        str | None,
        typer.Option("--terms", help="Terms (default: the customer's, else the book's)."),
    ] = None,
    due: Annotated[
        str | None,
        typer.Option("--due", metavar="DATE", help="Due date instead of the one the terms give."),
    ] = None,
    currency: Annotated[
        str | None, typer.Option("--currency", help="Currency (default: the customer's).")
    ] = None,
    po: Annotated[str | None, typer.Option("--po", help="Customer's purchase order.")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Free text.")] = None,
    number: Annotated[
        str | None,
        typer.Option("--number", help="Number (default: the next from the book's pattern)."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Issue it despite a hold or the credit limit; the invoice says so."
        ),
    ] = False,
    dry_run: DryRun = False,
    fmt: WriteFormatOption = WriteFormat.text,
) -> None:
    """Issue an invoice: the next number, the due date from the terms, credit checked."""
    from ar.cli.env import parse_date
    from ar.cli.lines import parse_line_spec, read_lines_file
    from ar.errors import ArlError
    from ar.invoicing import InvoiceRequest, new_invoice

    items = [parse_line_spec(spec) for spec in line or []]
    if lines is not None:
        items += read_lines_file(lines)
    if not items:
        raise ArlError(
            "an invoice needs at least one line", "give --line 'desc;qty;price' or --lines FILE"
        )
    on = date_option(ctx, date)
    request = InvoiceRequest(
        customer,
        on,
        items,
        terms,
        parse_date(due, on) if due else None,
        parse_currency(currency),
        po,
        notes,
        number,
        force,
    )
    record(ctx, lambda book: new_invoice(book, request), dry_run=dry_run, fmt=fmt, names=[customer])


def invoice_void(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(metavar="NUMBER", help="Invoice number.")],
    reason: Annotated[str, typer.Option("--reason", help="Why it is void.")],
    date: DateOption = None,
    dry_run: DryRun = False,
    fmt: WriteFormatOption = WriteFormat.text,
) -> None:
    """Void an invoice (it keeps its number and owes nothing); refused while money is applied."""
    from ar.invoicing import void_invoice

    on = date_option(ctx, date)
    record(
        ctx,
        lambda book: void_invoice(book, number, reason, on),
        dry_run=dry_run,
        fmt=fmt,
        names=[number],
    )
