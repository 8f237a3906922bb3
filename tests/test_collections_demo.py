"""Collections on a copy of the demo book: the plan, a real delivery, and sixty days of cron.

The demo's mail settings are pointed at a loopback SMTP server started by the fixture; the
day of the run is the demo's last recorded day, when it has open and overdue invoices.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from ar.book import Book
from ar.settlement import accounts
from ar.store.load import load_book
from ar.store.yamlwrite import dump_stream, load_stream
from tests.conftest import Result
from tests.cron_check import check_history, days_after, run_cron
from tests.smtp_server import Mailbox

Arl = Callable[..., Result]


def loaded(root: Path) -> Book:
    result = load_book(root)
    assert result.book is not None and not result.problems, result.problems
    return result.book


def last_day(book: Book) -> dt.date:
    """A week after the demo's latest record: the generator already sent every letter due
    up to that record, so the next round falls due in the days after it."""
    dates = [i.date for i in book.invoices.values()] + [p.date for p in book.payments.values()]
    return max(dates) + dt.timedelta(days=7)


def to_loopback(root: Path, port: int) -> None:
    """Point the demo's mail settings at the test server (no TLS, no login)."""
    path = root / "ledger.yaml"
    header, [doc] = load_stream(path.read_text())
    mail = doc.setdefault("mail", CommentedMap({"from": "billing@demo.example"}))
    mail["smtp"] = CommentedMap({"host": "127.0.0.1", "port": port, "security": "none"})
    path.write_text(dump_stream(header, [doc], explicit=False))


def files_of(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in root.rglob("*.yaml")}


def test_demo_has_a_dunning_policy_and_reminders_due(demo_copy: Path) -> None:
    book = loaded(demo_copy)
    assert book.ledger.dunning is not None and book.ledger.dunning.levels
    day = last_day(book)
    overdue = [a for a in accounts(book).values() if a.open_on(day) > 0 and a.due < day]
    assert overdue, "the demo should have overdue invoices on its last day"


def test_dry_run_lists_a_plausible_plan_and_writes_nothing(demo_copy: Path, arl: Arl) -> None:
    book = loaded(demo_copy)
    day = last_day(book)
    before = files_of(demo_copy)
    result = arl("-L", demo_copy, "remind", "--dry-run", "--as-of", day, "--format", "json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)["rows"]
    assert rows, "no reminders due on the demo's last day"
    accts = accounts(book)
    levels = {lv.level for lv in book.ledger.dunning.levels} | {0}  # type: ignore[union-attr]
    for row in rows:
        assert row["level"] in levels
        assert row["customer"] in book.customers and row["to"]
        for number in row["invoices"]:
            account = accts[number]
            assert account.invoice.customer == row["customer"]
            assert account.open_on(day) > 0 and not account.disputed_on(day)
        assert float(row["to_pay"]) >= float(row["open"]) > 0
    assert len({(r["customer"], r["currency"], r["level"]) for r in rows}) == len(rows)
    assert files_of(demo_copy) == before
    assert not (demo_copy / "outbox").exists()


def test_send_delivers_and_a_second_run_sends_nothing(
    demo_copy: Path, arl: Arl, smtp_server: Mailbox
) -> None:
    to_loopback(demo_copy, smtp_server.port)
    day = last_day(loaded(demo_copy))
    first = arl("-L", demo_copy, "remind", "--send", "--as-of", day)
    assert first.code == 0, first.err
    delivered = len(smtp_server.received)
    assert delivered > 0
    for got in smtp_server.received:
        assert got.message.get_body(("plain",)) is not None
        assert got.message.get_body(("html",)) is not None
    again = arl("-L", demo_copy, "remind", "--send", "--as-of", day)
    assert again.code == 0, again.err
    assert len(smtp_server.received) == delivered
    assert arl("-L", demo_copy, "check").code == 0


def test_sixty_days_of_cron_never_repeat_skip_or_remind_a_disputed_or_paid_invoice(
    demo_copy: Path, arl: Arl, smtp_server: Mailbox
) -> None:
    to_loopback(demo_copy, smtp_server.port)
    start = last_day(loaded(demo_copy))
    paid, disputed = None, None
    for index, day in enumerate(days_after(start - dt.timedelta(days=1), 61)):
        run_cron(arl, demo_copy, day)
        if index == 0:
            paid, disputed = _pay_and_dispute(arl, demo_copy, day + dt.timedelta(days=1))
    assert check_history(demo_copy, start - dt.timedelta(days=1), smtp_server) > 0
    book = loaded(demo_copy)
    assert paid is not None, "the first run reminded nobody"
    if paid:
        assert not [
            e for e in book.invoices[paid].events if e.type == "reminder" and e.date > start
        ]
    if disputed:
        assert not [
            e for e in book.invoices[disputed].events if e.type == "reminder" and e.date > start
        ]
    assert arl("-L", demo_copy, "check").code == 0


def _pay_and_dispute(arl: Arl, root: Path, day: dt.date) -> tuple[str | None, str | None]:
    """The morning after the first run: one reminded invoice is paid, another disputed."""
    book = loaded(root)
    reminded = sorted(
        a.invoice.number
        for a in accounts(book).values()
        if a.open_on(day) > 0 and any(e.type == "reminder" for e in a.invoice.events)
    )
    paid = reminded[0] if reminded else None
    disputed = reminded[1] if len(reminded) > 1 else None
    if paid:
        account = accounts(book)[paid]
        amount = account.open_on(day)
        path = root / f"payments/{day.year}/TEST-PAY.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"id: TEST-PAY\ncustomer: {account.invoice.customer}\ndate: {day}\n"
            f"amount: {amount}\ncurrency: {account.currency}\n"
            f"apply:\n  - invoice: {paid}\n    amount: {amount}\n"
        )
    if disputed:
        opened = arl("-L", root, "dispute", "open", disputed, "--reason", "test", "--date", day)
        assert opened.code == 0, opened.err
    return paid, disputed
