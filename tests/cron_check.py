"""Running `arl remind --send` once a day like cron, and checking what it did to the book."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from ar.dunning import PRE_DUE, reminders
from ar.settlement import accounts
from ar.store.load import load_book
from tests.conftest import Result
from tests.smtp_server import Mailbox

Arl = Callable[..., Result]


def days_after(start: dt.date, count: int) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range(1, count + 1)]


def run_cron(arl: Arl, root: Path, day: dt.date) -> None:
    result = arl("-L", root, "remind", "--send", "--as-of", day.isoformat())
    assert result.code == 0, f"{day}: {result.err}"


def check_history(root: Path, since: dt.date, mailbox: Mailbox) -> int:
    """Every reminder recorded after `since` was allowed, in order, and mailed exactly once.

    Returns how many reminder events were checked.
    """
    loaded = load_book(root)
    assert loaded.book is not None and not loaded.problems, loaded.problems
    book = loaded.book
    policy_interval = book.ledger.dunning.min_interval_days if book.ledger.dunning else 0
    checked = 0
    for account in accounts(book).values():
        history = reminders(account)
        earlier = [r.level for r in history if r.date <= since and r.level != PRE_DUE]
        expected = max(earlier, default=0) + 1
        previous = max((r.date for r in history if r.date <= since), default=None)
        for reminder in (r for r in history if r.date > since):
            checked += 1
            assert not account.disputed_on(reminder.date), (account.invoice.number, reminder)
            assert account.open_on(reminder.date) > 0, (account.invoice.number, reminder)
            if reminder.level != PRE_DUE:
                assert reminder.level == expected, (account.invoice.number, reminder)
                expected += 1
            if previous is not None:
                assert (reminder.date - previous).days >= policy_interval
            previous = reminder.date
    ids = [got.message["Message-ID"] for got in mailbox.received]
    assert len(ids) == len(set(ids)), "a letter was delivered twice"
    sent_dir = root / "outbox" / "sent"
    sent = sorted(p.stem for p in sent_dir.glob("*.eml")) if sent_dir.is_dir() else []
    assert sorted(got.message["X-Arl-Letter"] for got in mailbox.received) == sent
    assert not list((root / "outbox").glob("*.eml")) if (root / "outbox").is_dir() else True
    return checked
