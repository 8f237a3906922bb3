"""Commands that move money: pay, apply, unapply, credit-note, write-off, refund."""

from __future__ import annotations

from typing import Annotated

import typer

from ar.cli.writing import (
    AMOUNT_ARGUMENTS,
    DateOption,
    DryRun,
    WriteFormat,
    WriteFormatOption,
    date_option,
    parse_amount,
    parse_currency,
    parse_target,
    record,
)

Targets = Annotated[
    list[str] | None,
    typer.Argument(metavar="INV[=AMOUNT]...", help="Invoices, each with an optional amount."),
]
Auto = Annotated[
    bool, typer.Option("--auto", help="Apply to open invoices, earliest due date first.")
]
Method = Annotated[str | None, typer.Option("--method", help="bank, card, cash...")]
Ref = Annotated[str | None, typer.Option("--ref", help="Bank or cheque reference.")]


def register(app: typer.Typer) -> None:
    app.command("pay", context_settings=AMOUNT_ARGUMENTS)(pay)
    app.command("apply")(apply)
    app.command("unapply")(unapply)
    app.command("credit-note", context_settings=AMOUNT_ARGUMENTS)(credit_note)
    app.command("write-off", context_settings=AMOUNT_ARGUMENTS)(write_off)
    app.command("refund", context_settings=AMOUNT_ARGUMENTS)(refund)


def pay(
    ctx: typer.Context,
    customer: Annotated[str, typer.Argument(metavar="CUSTOMER", help="Customer id.")],
    amount: Annotated[str, typer.Argument(metavar="AMOUNT", help="Amount received.")],
    date: DateOption = None,
    method: Method = None,
    ref: Ref = None,
    apply_to: Annotated[
        list[str] | None,
        typer.Option(
            "--apply", metavar="INV[=AMOUNT]", help="Apply to this invoice; repeat for more."
        ),
    ] = None,
    auto: Auto = False,
    currency: Annotated[
        str | None, typer.Option("--currency", help="Default: the customer's.")
    ] = None,
    allow_duplicate: Annotated[
        bool, typer.Option("--allow-duplicate", help="Record it although one like it exists.")
    ] = False,
    payment_id: Annotated[
        str | None, typer.Option("--id", help="Payment id (default: the next).")
    ] = None,
    dry_run: DryRun = False,
    fmt: WriteFormatOption = WriteFormat.text,
) -> None:
    """Record a receipt and apply it: named invoices first, then with --auto the due first.

    Paid within an early-payment window, an invoice is settled with the discount recorded.
    Whatever is not applied stays as the customer's unapplied credit.
    """
    from ar.receipts import PaymentRequest, record_payment

    request = PaymentRequest(
        customer=customer,
        amount=parse_amount(amount),
        date=date_option(ctx, date),
        currency=parse_currency(currency),
        method=method,
        reference=ref,
        targets=tuple(parse_target(t) for t in apply_to or []),
        auto=auto,
        allow_duplicate=allow_duplicate,
        payment_id=payment_id,
    )
    names = [customer, *(number for number, _ in request.targets)]
    record(ctx, lambda book: record_payment(book, request), dry_run=dry_run, fmt=fmt, names=names)


def apply(
    ctx: typer.Context,
    payment: Annotated[
        str,
        typer.Argument(
            metavar="PAYMENT",
            help="A payment id, several joined by commas, or a customer id for all its credit.",
        ),
    ],
    targets: Targets = None,
    auto: Auto = False,
    date: DateOption = None,
    dry_run: DryRun = False,
    fmt: WriteFormatOption = WriteFormat.text,
) -> None:
    """Apply unapplied credit of receipts to invoices (dated the day it is done)."""
    from ar.credit_use import apply_credit

    chosen = tuple(parse_target(t) for t in targets or [])
    on = date_option(ctx, date)
    names = [*payment.split(","), *(n for n, _ in chosen)]
    record(
        ctx,
        lambda book: apply_credit(book, payment, chosen, auto=auto, on=on),
        dry_run=dry_run,
        fmt=fmt,
        names=names,
    )


def unapply(
    ctx: typer.Context,
    payment: Annotated[str, typer.Argument(metavar="PAYMENT", help="Payment id.")],
    targets: Targets = None,
    dry_run: DryRun = False,
    fmt: WriteFormatOption = WriteFormat.text,
) -> None:
    """Take back a mistaken application (all of the payment's, or the invoices named)."""
    from ar.credit_use import unapply as decide

    chosen = tuple(parse_target(t) for t in targets or [])
    names = [payment, *(n for n, _ in chosen)]
    record(ctx, lambda book: decide(book, payment, chosen), dry_run=dry_run, fmt=fmt, names=names)


def credit_note(
    ctx: typer.Context,
    customer: Annotated[str, typer.Argument(metavar="CUSTOMER", help="Customer id.")],
    amount: Annotated[str, typer.Argument(metavar="AMOUNT", help="Amount credited.")],
    invoice: Annotated[
        str | None, typer.Option("--invoice", help="Credit this invoice (default: the account).")
    ] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why.")] = None,
    date: DateOption = None,
    number: Annotated[str | None, typer.Option("--number", help="Default: the next.")] = None,
    dry_run: DryRun = False,
    fmt: WriteFormatOption = WriteFormat.text,
) -> None:
    """Issue a credit note against an invoice, or on the customer's account."""
    from ar.invoicing import credit_note as decide

    value, on = parse_amount(amount), date_option(ctx, date)
    record(
        ctx,
        lambda book: decide(
            book, customer, value, on=on, invoice=invoice, reason=reason, number=number
        ),
        dry_run=dry_run,
        fmt=fmt,
        names=[customer, *([invoice] if invoice else [])],
    )


def write_off(
    ctx: typer.Context,
    invoice: Annotated[str, typer.Argument(metavar="INV", help="Invoice number.")],
    reason: Annotated[str, typer.Option("--reason", help="Why it will not be paid.")],
    amount: Annotated[
        str | None, typer.Argument(metavar="AMOUNT", help="Default: all that is open.")
    ] = None,
    date: DateOption = None,
    dry_run: DryRun = False,
    fmt: WriteFormatOption = WriteFormat.text,
) -> None:
    """Write off what an invoice still owes, or part of it."""
    from ar.invoicing import write_off as decide

    value = None if amount is None else parse_amount(amount)
    on = date_option(ctx, date)
    record(
        ctx,
        lambda book: decide(book, invoice, value, reason, on),
        dry_run=dry_run,
        fmt=fmt,
        names=[invoice],
    )


def refund(
    ctx: typer.Context,
    customer: Annotated[str, typer.Argument(metavar="CUSTOMER", help="Customer id.")],
    amount: Annotated[
        str | None, typer.Argument(metavar="AMOUNT", help="Default: all its unapplied credit.")
    ] = None,
    payment: Annotated[
        str | None, typer.Option("--payment", help="Refund from this receipt only.")
    ] = None,
    date: DateOption = None,
    method: Method = None,
    ref: Ref = None,
    dry_run: DryRun = False,
    fmt: WriteFormatOption = WriteFormat.text,
) -> None:
    """Pay unapplied credit back to the customer (recorded on the receipts it came from)."""
    from ar.credit_use import refund as decide

    value = None if amount is None else parse_amount(amount)
    on = date_option(ctx, date)
    record(
        ctx,
        lambda book: decide(
            book, customer, value, on=on, payment_id=payment, method=method, reference=ref
        ),
        dry_run=dry_run,
        fmt=fmt,
        names=[customer, *([payment] if payment else [])],
    )
