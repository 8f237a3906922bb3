"""Collections: remind, send, worklist, and the dispute, promise and plan records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import typer

from ar.cli.env import Env, parse_date
from ar.cli.options import AsOf, CustomerFilter, Format, FormatOption
from ar.cli.writing import (
    AMOUNT_ARGUMENTS,
    DateOption,
    DryRun,
    WriteFormat,
    WriteFormatOption,
    date_option,
    record,
)

if TYPE_CHECKING:
    from ar.book import Book
    from ar.mail.deliver import Delivery
    from ar.model import Event
    from ar.model.settings import Mail
    from ar.plan import Plan
    from ar.reminders import Plan as RemindPlan
    from ar.reports.base import Report
    from ar.settlement import Account
    from ar.store.transaction import Outcome

    Make = Callable[[Account, dt.date], Event]

dispute_app = typer.Typer(help="Open or resolve a dispute on an invoice.", no_args_is_help=True)

Number = Annotated[str, typer.Argument(help="Invoice number.", show_default=False)]


def register(app: typer.Typer) -> None:
    app.command("remind")(remind)
    app.command("send")(send)
    app.command("worklist")(worklist)
    app.add_typer(dispute_app, name="dispute")
    app.command("promise", context_settings=AMOUNT_ARGUMENTS)(promise)
    app.command("plan")(plan)


def remind(
    ctx: typer.Context,
    as_of: AsOf = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the plan; write and send nothing.")
    ] = False,
    send_now: Annotated[
        bool, typer.Option("--send", help="Deliver the outbox after writing the letters.")
    ] = False,
    show: Annotated[
        bool,
        typer.Option("--show", help="With --dry-run: print each letter as the customer reads it."),
    ] = False,
    customer: CustomerFilter = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Write the reminder letters due today into outbox/ and record them on the invoices.

    Levels go in order and are never skipped; disputes, promises not yet due and current
    payment plans pause reminders. Running it twice on a day writes nothing the second time.
    Exit 1 when a letter could not be written or delivered.
    """
    from ar.reminders import plan as make_plan
    from ar.render.table import print_report
    from ar.reports.remind_plan import held_summary, plan_report

    env: Env = ctx.obj
    day = parse_date(as_of, env.today())
    if show and not dry_run:
        from ar.errors import ArlError

        raise ArlError("--show goes with --dry-run", "arl remind --dry-run --show")
    if dry_run:
        book = env.book()
        _known_customer(book, customer)
        planned = make_plan(book, day, customer)
        if show:
            _show(env, book, planned, plan_report(book, planned), fmt)
        else:
            print_report(plan_report(book, planned), fmt.value, env.out)
        env.err.print(f"{len(planned.letters)} letter(s) due; {held_summary(planned)}")
        return
    if send_now:  # refuse before writing anything when the letters could not go out
        _mail(env.book(), smtp=True)
    ok = _write_letters(env, day, customer, fmt)
    if send_now:
        ok = _deliver(env, retry=False, day=day) and ok
    if not ok:
        raise typer.Exit(1)


def _show(env: Env, book: Book, planned: RemindPlan, report: Report, fmt: Format) -> None:
    """The letters' text (and, for scripts, the plan's rows with each letter's text)."""
    import json

    from ar.letters.preview import as_text, previews
    from ar.render.report import as_json

    shown = previews(env.root(), book, planned)
    if fmt == Format.json:
        data = json.loads(as_json(report))
        data["letters"] = shown
        env.out.file.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        env.out.file.write(as_text(shown))


def _write_letters(env: Env, day: dt.date, customer: str | None, fmt: Format) -> bool:
    from ar.letters.run import write_letters
    from ar.mail.queue import recover
    from ar.reminders import plan as make_plan
    from ar.render.table import print_report
    from ar.reports.remind_plan import plan_report
    from ar.store.transaction import transaction

    # the whole book must be sound: letters never quote wrong amounts
    with transaction(env.root()) as tx:
        if recover(tx):
            env.err.print("completed the letters an interrupted run left in outbox/")
        book = tx.book
        _known_customer(book, customer)
        planned = make_plan(book, day, customer)
        result = write_letters(tx, planned, _mail(book), env.now())
    print_report(plan_report(book, planned), fmt.value, env.out)
    for letter, why in result.skipped:
        env.err.print(f"not written: {letter.key}: {why}")
    env.err.print(f"wrote {len(result.written)} letter(s) to outbox/")
    return not result.skipped


def send(
    ctx: typer.Context,
    retry: Annotated[
        bool,
        typer.Option(
            "--retry",
            help="Also send letters refused for good earlier, and those in doubt "
            "after a crash (check their Message-ID first).",
        ),
    ] = False,
    as_of: AsOf = None,
    fmt: WriteFormatOption = WriteFormat.text,
) -> None:
    """Deliver the letters waiting in outbox/ over SMTP; delivered ones move to outbox/sent/.

    Each letter is checked against the book as of --as-of (default today) first: one whose
    figures no longer hold (money arrived, an invoice was voided) is withdrawn to
    outbox/withdrawn/ with the reason, never sent. The password comes from
    $ARL_SMTP_PASSWORD. Exit 1 if any letter was not delivered.
    """
    env: Env = ctx.obj
    if not _deliver(env, retry, parse_date(as_of, env.today()), fmt):
        raise typer.Exit(1)


def _deliver(env: Env, retry: bool, day: dt.date, fmt: WriteFormat = WriteFormat.text) -> bool:
    from ar.mail.deliver import deliver_outbox
    from ar.mail.recheck import withdraw_stale

    mail = _mail(env.book(), smtp=True)
    password = env.environ.get("ARL_SMTP_PASSWORD")
    result = deliver_outbox(
        env.root(), mail, password, retry, lambda box: withdraw_stale(box, env.book(), day)
    )
    if fmt == WriteFormat.json:
        env.out.file.write(_delivery_json(result))
    for key, why in result.withdrawn:
        env.err.print(f"withdrawn {key}: {why}")
    for key in result.sent:
        env.err.print(f"sent {key}")
    for key, failure in result.failed:
        env.err.print(f"failed {key}: {failure.reason}")
    for key, why in result.held:
        env.err.print(f"held {key}: {why}")
    counts = f"{len(result.sent)} sent, {len(result.failed)} failed, {len(result.held)} held"
    env.err.print(counts + (f", {len(result.withdrawn)} withdrawn" if result.withdrawn else ""))
    return result.ok


def _delivery_json(result: Delivery) -> str:
    """What `send --format json` prints: each letter by what became of it."""
    import json

    data = {
        "sent": result.sent,
        "failed": [{"key": key, "reason": f.reason} for key, f in result.failed],
        "held": [{"key": key, "reason": why} for key, why in result.held],
        "withdrawn": [{"key": key, "reason": why} for key, why in result.withdrawn],
    }
    return json.dumps(data, indent=2) + "\n"


def _mail(book: Book, smtp: bool = False) -> Mail:
    from ar.errors import ArlError

    mail = book.ledger.mail
    if mail is None:
        raise ArlError("ledger.yaml has no 'mail' section", "add mail: {from: you@example.com}")
    if smtp and mail.smtp is None:
        raise ArlError(
            "ledger.yaml has no 'mail.smtp' section", "add mail.smtp: {host, port, security}"
        )
    if smtp and mail.smtp is not None:
        from ar.mail.deliver import require_tls

        require_tls(mail.smtp)
    return mail


def _known_customer(book: Book, customer: str | None) -> None:
    from ar.errors import ArlError

    if customer is not None and customer not in book.customers:
        raise ArlError(f"no customer '{customer}'", "see 'arl customer list'")


def worklist(
    ctx: typer.Context,
    as_of: AsOf = None,
    dispute_days: Annotated[
        int, typer.Option("--dispute-days", help="Flag disputes open longer than this.")
    ] = 14,
    owner: Annotated[
        str | None,
        typer.Option("--owner", metavar="NAME", help="Only the follow-ups of this collector."),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Today's collection to-do list: who to contact, why, what next.

    Follow-ups noted for today (or earlier, unanswered) come first with their note; the
    rest most at risk first.
    """
    from ar.render.table import print_report
    from ar.reports.worklist import worklist as build

    env: Env = ctx.obj
    day = parse_date(as_of, env.today())
    from ar.reports.worklist import why_empty

    book = env.book()
    report = build(book, day, dispute_days, owner)
    print_report(report, fmt.value, env.out)
    if not report.rows:
        env.err.print(why_empty(book, day) if owner is None else f"no follow-ups for {owner}")


@dispute_app.command("open")
def dispute_open(
    ctx: typer.Context,
    number: Number,
    reason: Annotated[str, typer.Option("--reason", "-r", help="What the customer disputes.")],
    date: DateOption = None,
    dry_run: DryRun = False,
    fmt: WriteFormatOption = WriteFormat.text,
) -> None:
    """Open a dispute: reminders for the invoice pause until it is resolved."""
    from ar.collecting import open_dispute

    _record(ctx, number, date, lambda acct, day: open_dispute(acct, day, reason), dry_run, fmt)


@dispute_app.command("resolve")
def dispute_resolve(
    ctx: typer.Context,
    number: Number,
    note: Annotated[str | None, typer.Option("--note", help="How it was settled.")] = None,
    date: DateOption = None,
    dry_run: DryRun = False,
    fmt: WriteFormatOption = WriteFormat.text,
) -> None:
    """Resolve the open dispute: reminders resume at the next level."""
    from ar.collecting import resolve_dispute

    _record(ctx, number, date, lambda acct, day: resolve_dispute(acct, day, note), dry_run, fmt)


def promise(
    ctx: typer.Context,
    number: Number,
    amount: Annotated[str, typer.Argument(help="Amount promised.", show_default=False)],
    by: Annotated[str, typer.Option("--by", metavar="DATE", help="Promised payment day.")],
    date: DateOption = None,
    dry_run: DryRun = False,
    fmt: WriteFormatOption = WriteFormat.text,
) -> None:
    """Record a promise to pay: reminders pause until the day; if broken, they resume."""
    from ar.collecting import promise as make

    env: Env = ctx.obj
    value = _amount(amount)
    until = parse_date(by, env.today())
    _record(ctx, number, date, lambda account, day: make(account, day, value, until), dry_run, fmt)


def plan(
    ctx: typer.Context,
    number: Number,
    installments: Annotated[int, typer.Option("--installments", "-n", help="How many.")],
    every: Annotated[
        str, typer.Option("--every", help="month, week, '2 weeks', '10 days'.")
    ] = "month",
    start: Annotated[
        str | None,
        typer.Option("--start", metavar="DATE", help="First installment; default one period on."),
    ] = None,
    date: DateOption = None,
    dry_run: DryRun = False,
    fmt: WriteFormatOption = WriteFormat.text,
) -> None:
    """Agree a payment plan: reminders pause while installments are paid on time.

    The installments split what is open on the day the plan is agreed (--date, default
    today) and govern what is overdue from that day on. Prints them (due date, amount).
    """
    from ar.collecting import add_period, agreed, payment_plan

    day = date_option(ctx, date)
    first = parse_date(start, add_period(day, every, 1))

    def decide(book: Book) -> Plan:
        account = _account(book, number)
        return agreed(account, day, payment_plan(account, day, installments, every, first))

    record(ctx, decide, dry_run=dry_run, fmt=fmt, names=[number], say=_installments)


def _installments(outcome: Outcome) -> str:
    return "".join(f"{note}\n" for note in outcome.plan.notes)


def _record(
    ctx: typer.Context, number: str, date: str | None, make: Make, dry_run: bool, fmt: WriteFormat
) -> None:
    """Add one event to the invoice (checked as of its date), through the transaction."""
    from ar.collecting import recorded

    day = date_option(ctx, date)

    def decide(book: Book) -> Plan:
        account = _account(book, number)
        return recorded(account, make(account, day))

    def said(outcome: Outcome) -> str:
        return f"recorded {outcome.plan.result['event']} on {number}\n"

    record(ctx, decide, dry_run=dry_run, fmt=fmt, names=[number], say=said)


def _account(book: Book, number: str) -> Account:
    from ar.errors import ArlError
    from ar.settlement import account_of

    account = account_of(book, number)
    if account is None:
        raise ArlError(f"no invoice '{number}'", "see 'arl invoice list'")
    return account


def _amount(text: str) -> Decimal:
    from ar.cli.writing import parse_amount

    return parse_amount(text)
