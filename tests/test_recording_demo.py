"""Recording on a copy of the demo book: every command leaves it clean, concurrent writers too."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ar.book import Book
from ar.settlement import accounts
from ar.store.load import load_book
from tests.concurrent import pay_and_invoice_at_once
from tests.conftest import Result

Arl = Callable[..., Result]


def demo_book(root: Path) -> Book:
    loaded = load_book(root)
    assert loaded.book is not None and not loaded.problems
    return loaded.book


def latest_date(book: Book) -> dt.date:
    dates = [i.date for i in book.invoices.values()] + [p.date for p in book.payments.values()]
    return max(dates, default=dt.date(2026, 1, 1))


def customer_in_book_currency(book: Book) -> str:
    """A customer whose money is in the book's currency (credit limit and hold do not matter:
    the tests force invoices)."""
    return next(
        c.id for c in sorted(book.customers.values(), key=lambda c: c.id)
        if book.currency_of(c) == book.ledger.currency
    )  # fmt: skip


@pytest.fixture
def clean(demo_copy: Path, arl: Arl) -> Callable[..., Result]:
    """Run a command on the demo copy that must succeed; `arl check` must stay clean."""
    assert arl("-L", demo_copy, "check").code == 0

    def run(*args: str) -> Result:
        result = arl("-L", demo_copy, *args)
        assert result.code == 0, result.err
        checked = arl("-L", demo_copy, "check")
        assert checked.code == 0, checked.out
        return result

    return run


def result_of(result: Result) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(result.out)["result"]
    return body


def test_a_day_on_the_demo_book(demo_copy: Path, clean: Callable[..., Result]) -> None:
    book = demo_book(demo_copy)
    customer = customer_in_book_currency(book)
    day = (latest_date(book) + dt.timedelta(days=1)).isoformat()
    on = ("--date", day)
    issued = clean(
        "invoice", "new", customer, *on, "--line", "Audit;2;400", "--force", "-f", "json"
    )
    number = result_of(issued)["invoice"]
    clean("pay", customer, "500", *on, "--ref", "DEMO-TEST-1", "--apply", number)
    mistake = clean(
        "pay", customer, "10", *on, "--ref", "DEMO-TEST-2", "--apply", number, "-f", "json"
    )
    payment = result_of(mistake)["payment"]
    clean("unapply", payment)
    clean("apply", payment, number, *on)
    clean("credit-note", customer, "40", "--invoice", number, *on, "--reason", "damaged")
    clean("credit-note", customer, "5", *on, "--reason", "goodwill")
    clean("write-off", number, "50", *on, "--reason", "agreed discount")
    last = result_of(clean("pay", customer, "250", *on, "--apply", f"{number}=200", "-f", "json"))
    assert (
        result_of(clean("refund", customer, "50", "--payment", last["payment"], *on, "-f", "json"))[
            "refunded"
        ]
        == "50.00"
    )
    clean("customer", "edit", customer, "--add-tag", "tested")
    clean("customer", "add", "DEMO-NEW", "--name", "Brand New", "--credit-limit", "100")
    fresh = result_of(
        clean("invoice", "new", "DEMO-NEW", *on, "--line", "Small;1;50", "-f", "json")
    )
    clean("invoice", "void", fresh["invoice"], *on, "--reason", "sent to the wrong customer")
    assert demo_book(demo_copy).invoices[number].events[-1].type == "write_off"


def test_comments_in_demo_files_survive_an_edit(
    demo_copy: Path, clean: Callable[..., Result]
) -> None:
    book = demo_book(demo_copy)
    day = latest_date(book)
    account = next(
        a for a in sorted(accounts(book).values(), key=lambda a: a.invoice.number)
        if a.open_on(dt.date.max) > 1 and a.invoice.date <= day
    )  # fmt: skip
    path = demo_copy / account.invoice.source.file
    path.write_text("# checked by hand\n" + path.read_text())
    clean("write-off", account.invoice.number, "1", "--date", day.isoformat(), "--reason", "test")
    assert path.read_text().startswith("# checked by hand\n")
    assert "type: write_off" in path.read_text()


def test_refuses_to_touch_a_broken_demo_record(demo_copy: Path, arl: Arl) -> None:
    book = demo_book(demo_copy)
    customer = customer_in_book_currency(book)
    path = demo_copy / book.customers[customer].source.file
    path.write_text(path.read_text() + "colour: blue\n")
    result = arl("-L", demo_copy, "pay", customer, "10", "--date", latest_date(book).isoformat())
    assert result.code == 2 and "unknown key 'colour'" in result.err


def test_thirty_writers_on_the_demo_book(demo_copy: Path) -> None:
    book = demo_book(demo_copy)
    day = latest_date(book) + dt.timedelta(days=1)
    pay_and_invoice_at_once(demo_copy, customer_in_book_currency(book), day.isoformat())
