"""Allocation rules on small books: due first, discounts in their window, never below zero."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from ar.allocation import Allocator, OpenItems, oldest_first, pay_in_full, room_on
from ar.book import Book
from ar.errors import ArlError
from ar.settlement import accounts
from ar.store.load import load_book

D = Decimal
CUSTOMER = "id: ACME\nname: Acme\nterms: 2/10 net 30\n"
LEDGER = """\
company:
  name: Test Co
currency: EUR
terms:
  net60:
    days: 60
  2/10 net 30:
    days: 30
    discount:
      percent: 0.02
      days: 10
default_terms: net60
"""


def invoice(number: str, date: str, price: str, terms: str = "2/10 net 30") -> str:
    return f"""\
number: {number}
customer: ACME
date: {date}
terms: {terms}
lines:
  - description: Work
    unit_price: {price}
"""


def book_of(make: Callable[[dict[str, str]], Path], files: dict[str, str]) -> Book:
    loaded = load_book(make({"customers/ACME.yaml": CUSTOMER, **files}))
    assert loaded.book is not None and not loaded.problems, loaded.problems
    return loaded.book


@pytest.fixture
def two_invoices(ledger: Callable[[dict[str, str]], Path]) -> Book:
    """INV-2 is dated later but due first (net30 against a 60-day term)."""
    text = invoice("INV-1", "2026-01-05", "1000.00", terms="net60")
    return book_of(
        ledger,
        {
            "ledger.yaml": LEDGER,
            "invoices/2026/INV-1.yaml": text,
            "invoices/2026/INV-2.yaml": invoice("INV-2", "2026-01-20", "500.00"),
        },
    )


def allocate(
    book: Book, amount: str, on: str, paid_on: str | None = None
) -> list[tuple[str, D, D]]:
    day = dt.date.fromisoformat(on)
    allocator = Allocator(book, "ACME", "EUR", day, dt.date.fromisoformat(paid_on or on))
    allocator.auto(D(amount))
    return allocator.chosen()


def test_auto_pays_the_invoice_due_first(two_invoices: Book) -> None:
    assert allocate(two_invoices, "600.00", "2026-03-01") == [
        ("INV-2", D("500.00"), D(0)),
        ("INV-1", D("100.00"), D(0)),
    ]


def test_discount_inside_the_window_leaves_the_rest_unapplied(two_invoices: Book) -> None:
    chosen = allocate(two_invoices, "600.00", "2026-01-25")
    assert chosen[0] == ("INV-2", D("490.00"), D("10.00"))
    assert chosen[1] == ("INV-1", D("110.00"), D(0))


def test_no_discount_when_the_money_does_not_settle(two_invoices: Book) -> None:
    assert allocate(two_invoices, "300.00", "2026-01-25") == [("INV-2", D("300.00"), D(0))]


def test_no_discount_after_the_window(two_invoices: Book) -> None:
    assert allocate(two_invoices, "500.00", "2026-01-31") == [("INV-2", D("500.00"), D(0))]


def test_discount_follows_when_the_money_arrived(two_invoices: Book) -> None:
    applied_late = allocate(two_invoices, "490.00", "2026-02-15", paid_on="2026-01-22")
    assert applied_late == [("INV-2", D("490.00"), D("10.00"))]


def test_no_discount_once_something_settled_the_invoice(
    ledger: Callable[[dict[str, str]], Path],
) -> None:
    payment = """\
id: P1
customer: ACME
date: 2026-01-21
amount: 100.00
apply:
  - invoice: INV-2
    amount: 100.00
"""
    book = book_of(
        ledger,
        {
            "invoices/2026/INV-2.yaml": invoice("INV-2", "2026-01-20", "500.00"),
            "payments/2026/P1.yaml": payment,
        },
    )
    assert allocate(book, "400.00", "2026-01-22") == [("INV-2", D("400.00"), D(0))]


def test_room_keeps_later_settlements_in_view(ledger: Callable[[dict[str, str]], Path]) -> None:
    later = """\
id: P1
customer: ACME
date: 2026-03-01
amount: 400.00
apply:
  - invoice: INV-2
    amount: 400.00
"""
    book = book_of(
        ledger,
        {
            "invoices/2026/INV-2.yaml": invoice("INV-2", "2026-01-20", "500.00"),
            "payments/2026/P1.yaml": later,
        },
    )
    account = accounts(book)["INV-2"]
    assert room_on(account, dt.date(2026, 2, 1)) == D("100.00")
    assert room_on(account, dt.date(2026, 1, 19)) == 0


def test_named_amount_beyond_what_is_open_is_refused(two_invoices: Book) -> None:
    allocator = Allocator(two_invoices, "ACME", "EUR", dt.date(2026, 3, 1), dt.date(2026, 3, 1))
    with pytest.raises(ArlError, match=r"INV-2 has only 500\.00 EUR open"):
        allocator.named("INV-2", D("600.00"), D("1000.00"))


def test_named_exact_discounted_amount_takes_the_discount(two_invoices: Book) -> None:
    allocator = Allocator(two_invoices, "ACME", "EUR", dt.date(2026, 1, 22), dt.date(2026, 1, 22))
    allocator.named("INV-2", D("490.00"), D("490.00"))
    assert allocator.chosen() == [("INV-2", D("490.00"), D("10.00"))]


def test_planned_receipts_share_the_open_items_and_the_discount_rule(two_invoices: Book) -> None:
    """Imports and reconciliation plan many receipts: the second one sees what is left, and
    an invoice that the first one part-paid offers no discount any more."""
    items = OpenItems(two_invoices, dt.date.max)
    mine = items.of("ACME", "EUR", dt.date(2026, 1, 22))
    first = oldest_first(mine, D("100.00"), dt.date(2026, 1, 22))
    assert first == [("INV-2", D("100.00"), D(0))]
    items.settle(first)
    second = pay_in_full(items.items["INV-2"], dt.date(2026, 1, 23))
    assert second == ("INV-2", D("400.00"), D(0))
