"""The collector's desk: notes and calls, hand-off to an agency, a returned payment."""

from __future__ import annotations

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
