"""Cash-in forecast: due date plus the customer's usual delay, week by week."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ar.reports.aging import Options, aging
from ar.reports.forecast import forecast, slot
from ar.store.load import load_book
from tests.books import EMPTY, MIXED, ONE_INVOICE, load
from tests.conftest import Result, write_ledger


def invoice(number: str, date: str, amount: int, extra: str = "") -> str:
    return (
        f"number: {number}\ncustomer: LATE\ndate: {date}\n"
        f"lines:\n  - description: work\n    unit_price: {amount}\n{extra}"
    )


def paid(ident: str, date: str, number: str, amount: int) -> str:
    return (
        f"id: {ident}\ncustomer: LATE\ndate: {date}\namount: {amount}\n"
        f"apply:\n  - invoice: {number}\n    amount: {amount}\n"
    )


LATE = {
    "customers/LATE.yaml": "id: LATE\nname: Always Late\n",
    # Paid 4 days late on 1000 and 12 days late on 3000: usual delay 10 days.
    "invoices/2026/H1.yaml": invoice("H1", "2026-01-01", 1000),
    "payments/2026/R1.yaml": paid("R1", "2026-02-04", "H1", 1000),
    "invoices/2026/H2.yaml": invoice("H2", "2026-01-15", 3000),
    "payments/2026/R2.yaml": paid("R2", "2026-02-26", "H2", 3000),
    # Due 1 April, expected 11 April: week 2 from 1 April.
    "invoices/2026/O1.yaml": invoice("O1", "2026-03-02", 700),
    # Due 15 March, expected 25 March: already past.
    "invoices/2026/O2.yaml": invoice("O2", "2026-02-13", 200),
    # Due 6 June, expected 16 June: beyond four weeks.
    "invoices/2026/O3.yaml": invoice("O3", "2026-05-07", 90),
    "invoices/2026/O4.yaml": invoice(
        "O4", "2026-03-20", 55, "events:\n  - date: 2026-03-25\n    type: dispute\n    reason: x\n"
    ),
}


def test_expected_weeks_by_hand(tmp_path: Path) -> None:
    report = forecast(load(tmp_path, LATE), dt.date(2026, 4, 1), weeks=4)
    assert report.meta["delays"] == [
        {"customer": "LATE", "currency": "EUR", "avg_delay_days": 10.0, "invoices": 2}
    ]
    shown = {r["week"]: (r["invoices"], r["expected"]) for r in report.rows}
    assert shown == {
        "overdue": (1, 200),
        "1": (0, 0),
        "2": (1, 700),
        "3": (0, 0),
        "4": (0, 0),
        "disputed": (1, 55),
    }
    assert report.totals == [{"currency": "EUR", "expected": 955}]
    assert (report.rows[2]["from"], report.rows[2]["to"]) == (
        dt.date(2026, 4, 8),
        dt.date(2026, 4, 14),
    )


def test_later_than_the_horizon(tmp_path: Path) -> None:
    rows = forecast(load(tmp_path, LATE), dt.date(2026, 5, 10), weeks=4).rows
    assert [(r["week"], r["expected"]) for r in rows if r["expected"]] == [
        ("overdue", 900),
        ("later", 90),
        ("disputed", 55),
    ]


def test_installments_expected_on_their_own_dates(tmp_path: Path) -> None:
    report = forecast(load(tmp_path, MIXED), dt.date(2026, 3, 31), weeks=6, currency="USD")
    assert [(r["week"], r["expected"]) for r in report.rows if r["expected"]] == [
        ("overdue", 300),
        ("3", 400),
    ]


def test_slots() -> None:
    today = dt.date(2026, 1, 1)
    assert [slot(today + dt.timedelta(days=d), 0, today, 2) for d in (-1, 0, 6, 7, 13, 14)] == [
        "overdue",
        "1",
        "1",
        "2",
        "2",
        "later",
    ]


def test_slots_overdue_means_past_due_whatever_the_delay() -> None:
    today = dt.date(2026, 12, 7)
    assert slot(dt.date(2026, 12, 9), -10, today, 2) == "1"
    assert slot(dt.date(2026, 12, 6), 30, today, 2) == "overdue"


EARLY = {
    "customers/EARLY.yaml": "id: EARLY\nname: Early Payer\n",
    # Paid 5 days before the due date: usual delay -5 days.
    "invoices/2026/INV-0001.yaml": invoice("INV-0001", "2026-10-01", 100).replace("LATE", "EARLY"),
    "payments/2026/R1.yaml": paid("R1", "2026-10-26", "INV-0001", 100).replace("LATE", "EARLY"),
    # Due 9 December, expected 4 December: not past due on the 7th.
    "invoices/2026/INV-0008.yaml": invoice("INV-0008", "2026-11-09", 400).replace("LATE", "EARLY"),
}


def test_regression_an_invoice_not_yet_due_is_never_in_the_overdue_row(tmp_path: Path) -> None:
    """Reproducer: as of 12-07 the 'overdue' row held INV-0008, due 12-09 (an early payer)."""
    book = load(tmp_path, EARLY)
    report = forecast(book, dt.date(2026, 12, 7), weeks=2)
    assert [(r["week"], r["expected"]) for r in report.rows] == [("1", 400), ("2", 0)]


def test_forecast_total_equals_the_aging_total_on_the_demo(demo_copy: Path) -> None:
    demo_book = load_book(demo_copy).book
    assert demo_book is not None
    for day in (dt.date(2026, 6, 30), dt.date(2026, 11, 20)):
        aged = aging(demo_book, Options(as_of=day)).report.totals
        expected = forecast(demo_book, day).totals
        assert {t["currency"]: t["total"] for t in aged} == {
            t["currency"]: t["expected"] for t in expected
        }


CASES = {"mixed": MIXED, "one-invoice": ONE_INVOICE, "empty": EMPTY}
FORMATS = {"table": "txt", "csv": "csv", "json": "json"}


@pytest.mark.parametrize("book", CASES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(
    tmp_path: Path,
    arl: Callable[..., Result],
    golden: Callable[[str, str], None],
    book: str,
    fmt: str,
) -> None:
    root = write_ledger(tmp_path / "book", CASES[book])
    args = ["forecast", "--as-of", "2026-03-01", "--weeks", "8", "--format", fmt]
    result = arl("-L", root, *args)
    assert result.code == 0, result.err
    golden(f"forecast-{book}.{FORMATS[fmt]}", result.out)


def test_json_shape(ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result]) -> None:
    body = json.loads(arl("-L", ledger(EMPTY), "forecast", "-f", "json").out)
    assert list(body) == ["as_of", "weeks", "delays", "rows", "totals"]
    assert (body["weeks"], body["rows"], body["totals"]) == (13, [], [])
