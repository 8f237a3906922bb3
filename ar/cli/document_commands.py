"""Commands for the documents customers receive: render, send, and recurring invoices."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ar.cli.env import Env, parse_date
from ar.cli.options import AsOf

if TYPE_CHECKING:
    from ar.documents.sending import Outcome


class DocFormat(StrEnum):
    html = "html"
    pdf = "pdf"
    facturx = "facturx"
    ubl = "ubl"


def register(invoice_app: typer.Typer) -> None:
    invoice_app.command("render")(render)
    invoice_app.command("send")(send)
    invoice_app.command("run-recurring")(run_recurring)


def _documents_installed() -> None:
    """The document libraries are an extra; say how to get them rather than fail deep down."""
    import importlib.util

    missing = [
        m for m in ("weasyprint", "segno", "babel", "facturx") if not importlib.util.find_spec(m)
    ]
    if missing:
        from ar.errors import ArlError

        raise ArlError(
            f"missing {', '.join(missing)}",
            "install the documents extra: pip install 'ar-ledger[documents]'",
        )


def render(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="Invoice or credit note number.")],
    fmt: Annotated[
        DocFormat,
        typer.Option(
            "--format", "-f", help="pdf; html; facturx (PDF/A-3 with CII XML); ubl (XML)."
        ),
    ] = DocFormat.pdf,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write; '-' for stdout. Default: NUMBER.pdf/.html/.xml here.",
        ),
    ] = None,
) -> None:
    """Render an invoice or credit note as the customer receives it: PDF, HTML or e-invoice.

    The document comes from templates/invoice.html (a ledger's own templates/ overrides the
    built-in one): seller and buyer with tax ids, dates, terms in words with any early-payment
    discount, lines, tax per rate, totals, bank details with the payment reference, a payment
    link, and for EUR an EPC QR code banking apps scan. Amounts and dates follow the
    customer's locale. facturx embeds EN 16931 XML in a PDF/A-3; ubl writes Peppol BIS 3.0.
    """
    from ar.billing.document import invoice_document
    from ar.cli.output import write_output
    from ar.documents.files import EXTENSIONS, render_bytes

    _documents_installed()
    env: Env = ctx.obj
    doc = invoice_document(env.book(), number)
    data = render_bytes(env.root(), doc, fmt.value)
    target = output or Path(f"{number}.{EXTENSIONS[fmt.value]}")
    if str(target) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_output(target, data)
    typer.echo(f"wrote {target}", err=True)


def send(
    ctx: typer.Context,
    numbers: Annotated[
        list[str] | None, typer.Argument(help="Invoice or credit note numbers.", show_default=False)
    ] = None,
    all_unsent: Annotated[
        bool, typer.Option("--all-unsent", help="Every open invoice never sent yet.")
    ] = False,
    resend: Annotated[
        bool, typer.Option("--resend", help="Send again what was sent before.")
    ] = False,
    as_of: AsOf = None,
) -> None:
    """E-mail invoices or credit notes to their customers, PDF attached, and record it.

    The customer's `einvoice` setting adds the e-invoice: facturx sends a Factur-X PDF,
    ubl a UBL XML file next to the PDF. Each e-mail is written to outbox/ and a `sent`
    event to the invoice before delivery over the ledger's SMTP server (password from
    $ARL_SMTP_PASSWORD); what the server accepts moves to outbox/sent/. An invoice already
    sent is skipped unless --resend. Exit 1 when anything was not sent.
    """
    from ar.documents.sending import send as send_documents
    from ar.errors import ArlError

    _documents_installed()
    if bool(numbers) == all_unsent:
        raise ArlError("give invoice numbers or --all-unsent", "not both, not neither")
    env: Env = ctx.obj
    outcome = send_documents(
        env.root(),
        None if all_unsent else numbers,
        parse_date(as_of, env.today()),
        resend=resend,
        password=env.environ.get("ARL_SMTP_PASSWORD"),
        now=env.now(),
    )
    _report(outcome)


def _report(outcome: Outcome) -> None:
    """What was queued, and what the outbox's delivery did with everything waiting there."""
    delivered = outcome.delivered
    for number, path in outcome.queued:
        typer.echo(f"queued {number} ({path.name})")
    for key in delivered.sent:
        typer.echo(f"sent {key}.eml")
    for key, failure in delivered.failed:
        typer.echo(f"not delivered {key}.eml: {failure.reason} (it waits in outbox/)", err=True)
    for key, why in delivered.held:
        typer.echo(f"held {key}.eml: {why}", err=True)
    for number, why in outcome.refused:
        typer.echo(f"skipped {number}: {why}", err=True)
    if not delivered.ok or outcome.refused:
        raise typer.Exit(1)


def run_recurring(
    ctx: typer.Context,
    as_of: AsOf = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be created; write nothing.")
    ] = False,
) -> None:
    """Create every invoice recurring plans (recurring/*.yaml) owe by today; made for cron.

    Each issue date of a plan becomes one invoice dated that day and numbered from the
    book's pattern; days missed are caught up, and running twice (even at the same time)
    creates nothing twice. Plans with `send: true` e-mail their new invoices at once.
    Invoices for a customer on hold wait until the hold is lifted.
    """
    from ar.store.recurring import run_recurring as run

    env: Env = ctx.obj
    as_of_date = parse_date(as_of, env.today())
    result = run(env.root(), as_of_date, dry_run=dry_run)
    verb = "would create" if dry_run else "created"
    for invoice in result.created:
        typer.echo(
            f"{verb} {invoice.number} {invoice.date} {invoice.customer} ({invoice.recurring})"
        )
    for held in result.skipped:
        typer.echo(f"held {held.plan} {held.date}: {held.reason}", err=True)
    if result.to_send and not dry_run:
        from ar.documents.sending import send as send_documents

        _documents_installed()
        outcome = send_documents(
            env.root(),
            result.to_send,
            as_of_date,
            resend=False,
            password=env.environ.get("ARL_SMTP_PASSWORD"),
            now=env.now(),
        )
        _report(outcome)
