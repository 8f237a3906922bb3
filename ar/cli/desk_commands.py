"""The collector's desk: notes and calls, hand-off to an agency, a returned payment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ar.cli.env import Env, parse_date
from ar.cli.writing import (
    DateOption,
    DryRun,
    WriteFormat,
    WriteFormatOption,
    date_option,
    record,
)

if TYPE_CHECKING:
    from ar.book import Book
    from ar.plan import Plan
    from ar.store.transaction import Outcome


def register(app: typer.Typer) -> None:
    app.command("note")(note)
    app.command("bounce")(bounce)
    app.command("escalate")(escalate)


def note(
    ctx: typer.Context,
    target: Annotated[
        str, typer.Argument(metavar="CUSTOMER|INVOICE", help="Where the note is kept.")
    ],
    text: Annotated[str, typer.Argument(help="What was said or done.", show_default=False)],
    call: Annotated[bool, typer.Option("--call", help="It was a phone call.")] = False,
    follow_up: Annotated[
        str | None,
        typer.Option("--follow-up", metavar="DATE", help="Day to come back to it (worklist)."),
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", metavar="NAME", help="Who follows it up.")
    ] = None,
    pause: Annotated[
        bool,
        typer.Option("--pause", help="Hold the invoice's reminders until the follow-up day."),
    ] = False,
    date: DateOption = None,
    dry_run: DryRun = False,
    fmt: WriteFormatOption = WriteFormat.text,
) -> None:
    """Record a note or a call on an invoice, or in the customer's file.

    A follow-up date puts it on the worklist from that day until a later note answers it;
    --pause holds that invoice's reminders until then.
    """
    from ar.notes import NoteRequest, add_note

    env: Env = ctx.obj
    day = date_option(ctx, date)
    back = parse_date(follow_up, env.today()) if follow_up is not None else None
    request = NoteRequest(target, text, day, call, back, owner, pause)

    def decide(book: Book) -> Plan:
        return add_note(book, request)

    def said(outcome: Outcome) -> str:
        return f"recorded {outcome.plan.changes[0].summary}\n"

    record(ctx, decide, dry_run=dry_run, fmt=fmt, names=[target], say=said)


def bounce(
    ctx: typer.Context,
    payment: Annotated[str, typer.Argument(help="Payment id.", show_default=False)],
    reason: Annotated[str, typer.Option("--reason", help="Why the bank returned it.")],
    fee: Annotated[
        str | None,
        typer.Option("--fee", metavar="AMOUNT", help="The bank's fee, charged on the invoice."),
    ] = None,
    date: DateOption = None,
    dry_run: DryRun = False,
    fmt: WriteFormatOption = WriteFormat.text,
) -> None:
    """Record a returned payment: from --date on it pays nothing and its invoices reopen.

    Reports as of an earlier day are unchanged. The bank's fee is charged on the first
    invoice the payment paid.
    """
    from ar.bounce import BounceRequest
    from ar.bounce import bounce as decide_bounce
    from ar.cli.writing import parse_amount

    day = date_option(ctx, date)
    charge = parse_amount(fee, "fee") if fee is not None else None
    request = BounceRequest(payment, day, reason, charge)

    def decide(book: Book) -> Plan:
        return decide_bounce(book, request)

    record(ctx, decide, dry_run=dry_run, fmt=fmt, names=[payment])


def escalate(
    ctx: typer.Context,
    invoices: Annotated[
        list[str] | None, typer.Argument(metavar="[INVOICE]...", help="Invoice numbers.")
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", metavar="NAME", help="The agency or lawyer.")
    ] = None,
    reference: Annotated[str | None, typer.Option("--reference", help="Their case number.")] = None,
    export: Annotated[
        Path | None,
        typer.Option("--export", metavar="FILE.csv", help="Write the claim file and stop."),
    ] = None,
    recovered: Annotated[
        str | None,
        typer.Option("--recovered", metavar="AMOUNT", help="What the agency collected."),
    ] = None,
    fee: Annotated[
        str | None, typer.Option("--fee", metavar="AMOUNT", help="What the agency kept.")
    ] = None,
    date: DateOption = None,
    dry_run: DryRun = False,
    fmt: WriteFormatOption = WriteFormat.text,
) -> None:
    """Hand invoices to a collection agency or lawyer: their reminders stop for good.

    --export writes the claim file (debtor, invoices, amounts, dates, letters sent,
    charges) of every escalated invoice (of --to only, if given), as of --date.
    --recovered and --fee record what the agency collected on the invoices named (a
    receipt from the debtor) and what it kept.
    """
    day = date_option(ctx, date)
    numbers = list(invoices or [])
    if export is not None:
        _export_claims(ctx, export, to, day)
    elif recovered is not None:
        _recovered(ctx, numbers, recovered, fee, day, dry_run, fmt)
    else:
        _escalate(ctx, numbers, to, reference, day, dry_run, fmt)


def _escalate(
    ctx: typer.Context,
    numbers: list[str],
    to: str | None,
    reference: str | None,
    day: dt.date,
    dry_run: bool,
    fmt: WriteFormat,
) -> None:
    from ar.errors import ArlError
    from ar.escalation import escalate as decide_escalate

    if not to:
        raise ArlError("say whom the invoices go to", "arl escalate INV-1 --to 'Agency Ltd'")

    def decide(book: Book) -> Plan:
        return decide_escalate(book, numbers, to, reference, day)

    record(ctx, decide, dry_run=dry_run, fmt=fmt, names=numbers)


def _recovered(
    ctx: typer.Context,
    numbers: list[str],
    amount: str,
    fee: str | None,
    day: dt.date,
    dry_run: bool,
    fmt: WriteFormat,
) -> None:
    from decimal import Decimal

    from ar.cli.writing import parse_amount
    from ar.escalation import recovered as decide_recovered

    collected = parse_amount(amount, "recovered amount")
    kept = parse_amount(fee, "fee") if fee is not None else Decimal(0)

    def decide(book: Book) -> Plan:
        return decide_recovered(book, numbers, collected, kept, day)

    record(ctx, decide, dry_run=dry_run, fmt=fmt, names=numbers)


def _export_claims(ctx: typer.Context, path: Path, to: str | None, day: dt.date) -> None:
    from ar.escalation import claim
    from ar.render.report import as_csv
    from ar.store.write import atomic_write

    env: Env = ctx.obj
    report = claim(env.book(), day, to)
    atomic_write(path, as_csv(report).encode())
    env.err.print(f"wrote {len(report.rows)} claim(s) to {path}")
