"""Collections: remind, send, worklist, and the dispute, promise and plan records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import typer

from ar.cli.env import Env, parse_date
from ar.cli.options import AsOf, CustomerFilter, Format, FormatOption

if TYPE_CHECKING:
    from ar.book import Book
    from ar.model.base import Strict
    from ar.model.settings import Mail
    from ar.settlement import Account

    Make = Callable[[Account, dt.date], Strict]

dispute_app = typer.Typer(help="Open or resolve a dispute on an invoice.", no_args_is_help=True)

Number = Annotated[str, typer.Argument(help="Invoice number.", show_default=False)]
OnDate = Annotated[
    str | None,
    typer.Option(
        "--date", metavar="DATE", help="Date of the record; default today.", show_default=False
    ),
]


def register(app: typer.Typer) -> None:
    app.command("remind")(remind)
    app.command("send")(send)
    app.command("worklist")(worklist)
    app.add_typer(dispute_app, name="dispute")
    app.command("promise")(promise)
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
    if dry_run:
        book = env.book()
        _known_customer(book, customer)
        planned = make_plan(book, day, customer)
        print_report(plan_report(book, planned), fmt.value, env.out)
        env.err.print(f"{len(planned.letters)} letter(s) due; {held_summary(planned)}")
        return
    if send_now:  # refuse before writing anything when the letters could not go out
        _mail(env.book(), smtp=True)
    ok = _write_letters(env, day, customer, fmt)
    if send_now:
        ok = _deliver(env, retry=False) and ok
    if not ok:
        raise typer.Exit(1)


def _write_letters(env: Env, day: dt.date, customer: str | None, fmt: Format) -> bool:
    from ar.letters.run import write_letters
    from ar.mail.queue import recover
    from ar.reminders import plan as make_plan
    from ar.render.table import print_report
    from ar.reports.remind_plan import plan_report
    from ar.store.write import ledger_lock

    root = env.root()
    with ledger_lock(root):
        book = env.book()  # refused when it does not add up: letters never quote wrong amounts
        if recover(root, book):
            env.err.print("completed the letters an interrupted run left in outbox/")
            book = env.book()
        _known_customer(book, customer)
        planned = make_plan(book, day, customer)
        result = write_letters(root, book, planned, _mail(book), env.now())
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
) -> None:
    """Deliver the letters waiting in outbox/ over SMTP; delivered ones move to outbox/sent/.

    The password comes from $ARL_SMTP_PASSWORD. Exit 1 if any letter was not delivered.
    """
    env: Env = ctx.obj
    if not _deliver(env, retry):
        raise typer.Exit(1)


def _deliver(env: Env, retry: bool) -> bool:
    from ar.mail.deliver import deliver_outbox

    mail = _mail(env.book(), smtp=True)
    result = deliver_outbox(env.root(), mail, env.environ.get("ARL_SMTP_PASSWORD"), retry)
    for key in result.sent:
        env.err.print(f"sent {key}")
    for key, failure in result.failed:
        env.err.print(f"failed {key}: {failure.reason}")
    for key, why in result.held:
        env.err.print(f"held {key}: {why}")
    env.err.print(f"{len(result.sent)} sent, {len(result.failed)} failed, {len(result.held)} held")
    return result.ok


def _mail(book: Book, smtp: bool = False) -> Mail:
    from ar.errors import ArlError

    mail = book.ledger.mail
    if mail is None:
        raise ArlError("ledger.yaml has no 'mail' section", "add mail: {from: you@example.com}")
    if smtp and mail.smtp is None:
        raise ArlError(
            "ledger.yaml has no 'mail.smtp' section", "add mail.smtp: {host, port, security}"
        )
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
    fmt: FormatOption = Format.table,
) -> None:
    """Today's collection to-do list: who to contact, why, what next; most at risk first."""
    from ar.render.table import print_report
    from ar.reports.worklist import worklist as build

    env: Env = ctx.obj
    day = parse_date(as_of, env.today())
    print_report(build(env.book(), day, dispute_days), fmt.value, env.out)


@dispute_app.command("open")
def dispute_open(
    ctx: typer.Context,
    number: Number,
    reason: Annotated[str, typer.Option("--reason", "-r", help="What the customer disputes.")],
    date: OnDate = None,
) -> None:
    """Open a dispute: reminders for the invoice pause until it is resolved."""
    from ar.collecting import open_dispute

    env: Env = ctx.obj
    _record(env, number, date, lambda account, day: open_dispute(account, day, reason))


@dispute_app.command("resolve")
def dispute_resolve(
    ctx: typer.Context,
    number: Number,
    note: Annotated[str | None, typer.Option("--note", help="How it was settled.")] = None,
    date: OnDate = None,
) -> None:
    """Resolve the open dispute: reminders resume at the next level."""
    from ar.collecting import resolve_dispute

    env: Env = ctx.obj
    _record(env, number, date, lambda account, day: resolve_dispute(account, day, note))


def promise(
    ctx: typer.Context,
    number: Number,
    amount: Annotated[str, typer.Argument(help="Amount promised.", show_default=False)],
    by: Annotated[str, typer.Option("--by", metavar="DATE", help="Promised payment day.")],
    date: OnDate = None,
) -> None:
    """Record a promise to pay: reminders pause until the day; if broken, they resume."""
    from ar.collecting import promise as make

    env: Env = ctx.obj
    value = _amount(amount)
    until = parse_date(by, env.today())
    _record(env, number, date, lambda account, day: make(account, day, value, until))


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
    date: OnDate = None,
) -> None:
    """Agree a payment plan: reminders pause while installments are paid on time."""
    from ar.collecting import add_period, payment_plan
    from ar.errors import ArlError
    from ar.store.events import set_installments
    from ar.store.write import ledger_lock

    env: Env = ctx.obj
    root = env.root()
    with ledger_lock(root):
        book = env.book()
        account = _account(book, number)
        day = parse_date(date, env.today())
        first = parse_date(start, add_period(day, every, 1))
        if account.invoice.installments:
            raise ArlError(f"{number} has a payment plan already", "edit its installments")
        schedule = payment_plan(account, day, installments, every, first)
        set_installments(root, account.invoice, schedule)
    for item in schedule:
        typer.echo(f"{item.due}  {item.amount:f} {account.currency}")


def _record(env: Env, number: str, date: str | None, make: Make) -> None:
    """Build one event for the invoice (checked as of its date) and append it to the file."""
    from ar.store.events import append_events
    from ar.store.write import ledger_lock

    root = env.root()
    with ledger_lock(root):
        book = env.book()
        account = _account(book, number)
        event = make(account, parse_date(date, env.today()))
        append_events(root, account.invoice, [event])
    typer.echo(f"recorded {getattr(event, 'type', 'event')} on {number}")


def _account(book: Book, number: str) -> Account:
    from ar.errors import ArlError
    from ar.settlement import accounts

    account = accounts(book).get(number)
    if account is None:
        raise ArlError(f"no invoice '{number}'", "see 'arl invoice list'")
    return account


def _amount(text: str) -> Decimal:
    from decimal import InvalidOperation

    from ar.errors import ArlError

    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ArlError(f"'{text}' is not an amount", "write it like 1250.00") from None
    if not value.is_finite():
        raise ArlError(f"'{text}' is not an amount", "write it like 1250.00")
    return value
