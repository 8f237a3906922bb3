"""The demo book: clean, canonical, reproducible, and rich enough to show every feature."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest

from ar.book import Book
from ar.installments import past_due
from ar.model.events import Promise, Reminder
from ar.settlement import Account, accounts, unapplied
from ar.store.layout import CACHE_DIR, LEDGER_FILE, record_files
from ar.store.load import load_book
from ar.store.yamlwrite import dump_stream, load_stream
from tests.conftest import DEMO, REPO, Result

END = dt.date(2026, 11, 20)
BUCKETS = ("current", "1-30", "31-60", "61-90", "91-120", "120+")


def _ledger_files(root: Path) -> list[str]:
    paths = [root / LEDGER_FILE, *(path for _, path in record_files(root))]
    return [path.relative_to(root).as_posix() for path in paths]


def _tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and CACHE_DIR not in path.parts
    }


@pytest.fixture(scope="module")
def book() -> Book:
    loaded = load_book(DEMO)
    assert loaded.problems == []
    assert loaded.book is not None
    return loaded.book


@pytest.fixture(scope="module")
def accts(book: Book) -> dict[str, Account]:
    return accounts(book)


def test_demo_checks_clean(arl: Callable[..., Result]) -> None:
    result = arl("-L", DEMO, "check")
    assert result.code == 0, result.out
    assert "31 customers" in result.err


def test_init_demo_copies_a_book_that_checks_clean(
    tmp_path: Path, arl: Callable[..., Result]
) -> None:
    target = tmp_path / "book"
    assert arl("init", "--demo", target).code == 0
    assert arl("-L", target, "check").code == 0
    assert _ledger_files(target) == _ledger_files(DEMO)


def test_demo_is_canonical(arl: Callable[..., Result]) -> None:
    result = arl("-L", DEMO, "fmt", "--check")
    assert (result.code, result.out, result.err) == (0, "", "")


@pytest.mark.parametrize("name", _ledger_files(DEMO))
def test_load_then_save_is_byte_identical(name: str) -> None:
    text = (DEMO / name).read_text("utf-8")
    header, docs = load_stream(text)
    assert dump_stream(header, docs, explicit=text.lstrip().startswith("---")) == text


def test_generator_reproduces_the_committed_book(tmp_path: Path) -> None:
    target = tmp_path / "demo"
    subprocess.run(
        [sys.executable, REPO / "ledgers" / "make_demo.py", target],
        check=True,
        capture_output=True,
    )
    generated, committed = _tree(target), _tree(DEMO)
    assert sorted(generated) == sorted(committed)
    assert [name for name in committed if generated[name] != committed[name]] == []


def test_demo_is_big_enough_to_be_real(book: Book) -> None:
    dates = [i.date for i in book.invoices.values()] + [p.date for p in book.payments.values()]
    assert 25 <= len(book.customers) <= 35
    assert 400 <= len(book.invoices) <= 800
    assert max(dates) == END
    assert (max(dates) - min(dates)).days >= 18 * 30
    assert {book.currency_of(i) for i in book.invoices.values()} >= {"EUR", "USD", "GBP"}


def test_demo_shows_every_collection_event(book: Book) -> None:
    events = Counter(e.type for i in book.invoices.values() for e in i.events)
    for kind in ("reminder", "fee", "interest", "promise", "dispute", "dispute_resolved"):
        assert events[kind] >= 3, kind
    assert events["void"] >= 1
    assert events["write_off"] >= 1
    levels = {e.level for i in book.invoices.values() for e in i.events if isinstance(e, Reminder)}
    assert levels >= {1, 2, 3}
    assert any(i.installments for i in book.invoices.values())


def test_demo_promises_are_kept_and_broken(accts: dict[str, Account]) -> None:
    kept = broken = 0
    for account in accts.values():
        settled = account.settled_on()
        for event in account.invoice.events:
            if isinstance(event, Promise) and event.by < END:
                if settled and settled <= event.by:
                    kept += 1
                else:
                    broken += 1
    assert kept >= 1
    assert broken >= 1


def test_demo_shows_every_kind_of_money_movement(book: Book) -> None:
    allocations = [a for p in book.payments.values() for a in p.apply]
    assert any(a.discount for a in allocations)
    assert any(a.date for a in allocations), "credit applied after the receipt"
    assert any(len(p.apply) > 1 for p in book.payments.values())
    notes = book.credit_notes.values()
    assert any(n.invoice for n in notes)
    assert any(n.invoice is None for n in notes)
    paid = Counter(a.invoice for a in allocations)
    assert any(count > 1 and not book.invoices[n].installments for n, count in paid.items())
    overpaid = [p for p in book.payments.values() if sum(a.amount for a in p.apply) < p.amount]
    assert overpaid, "a payment with unapplied credit"
    assert unapplied(book, END)


def test_demo_customers_vary(book: Book, accts: dict[str, Account]) -> None:
    customers = book.customers.values()
    assert any(c.hold for c in customers)
    assert any(len(c.email) > 1 for c in customers)
    assert any(c.tags for c in customers)
    assert any(c.address and "\n" in c.address for c in customers)
    owed: defaultdict[str, Decimal] = defaultdict(Decimal)
    for account in accts.values():
        owed[account.invoice.customer] += account.open_on(END)
    assert any(c.credit_limit is not None and owed[c.id] > c.credit_limit for c in customers)
    assert any(account.disputed_on(END) for account in accts.values()), "an open dispute"


def test_aging_at_the_end_fills_every_bucket(accts: dict[str, Account]) -> None:
    found = {_bucket(a) for a in accts.values() if a.open_on(END) > 0}
    assert found == set(BUCKETS)


def _bucket(account: Account) -> str:
    days = past_due(account, END).days
    if account.due >= END:
        return "current"
    limits = zip((30, 60, 90, 120), BUCKETS[1:], strict=False)
    return next((label for top, label in limits if days <= top), "120+")


def test_reminders_follow_the_dunning_rules(book: Book, accts: dict[str, Account]) -> None:
    """Levels in order, late enough, far enough apart, never while disputed or promised."""
    dunning = book.ledger.dunning
    assert dunning is not None and dunning.pre_due is not None
    after = {0: -dunning.pre_due.days_before} | {lv.level: lv.after_days for lv in dunning.levels}
    interval = dt.timedelta(days=dunning.min_interval_days)
    for account in accts.values():
        events = account.invoice.events
        reminders = [e for e in events if isinstance(e, Reminder)]
        levels = [e for e in reminders if e.level > 0]
        promised = [(e.date, e.by) for e in events if isinstance(e, Promise)]
        for index, reminder in enumerate(reminders):
            where = f"{account.invoice.number} {reminder.date}"
            assert reminder.level == (index + 1 if levels == reminders else index), where
            assert (reminder.date - account.due).days >= after[reminder.level], where
            assert account.open_on(reminder.date) > 0, where
            assert not account.disputed_on(reminder.date), where
            assert not any(start <= reminder.date <= by for start, by in promised), where
        for previous, reminder in pairwise(levels):
            assert reminder.date - previous.date >= interval, account.invoice.number
