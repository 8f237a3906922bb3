"""Aging, checked by hand on a small mixed book at several dates."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from ar.reports.aging import Options, aging, bucket_of, labels
from tests.books import EMPTY, MIXED, ONE_INVOICE, load
from tests.conftest import Result, write_ledger

D = Decimal
LABELS = ["current", "1-30", "31-60", "61-90", "91-120", "120+"]


def buckets(**amounts: int) -> dict[str, Decimal]:
    """Bucket amounts by label ('b1_30' for '1-30', 'over_120' for '120+')."""
    named = {
        k.removeprefix("b").replace("_", "-").replace("over-120", "120+"): v
        for k, v in amounts.items()
    }
    return {label: D(named.get(label, 0)) for label in LABELS}


def rows_by_customer(book_rows: list[dict[str, object]]) -> dict[tuple[object, object], object]:
    return {(r["customer"], r["currency"]): r for r in book_rows}


# (as of, customer, currency, buckets, unapplied), hand-computed from tests/books.py MIXED.
EXPECTED = [
    ("2026-01-31", "ACME", "EUR", buckets(current=1000), 0),
    ("2026-01-31", "BETA", "USD", buckets(current=1200), 0),
    ("2026-01-31", "CASH", "EUR", buckets(current=250), 0),
    # A2 settled by a payment with its discount; C1 paid with 150 left over.
    ("2026-02-28", "ACME", "EUR", buckets(current=800, b1_30=1000), 0),
    ("2026-02-28", "BETA", "USD", buckets(current=800, b1_30=400), 0),
    ("2026-02-28", "CASH", "EUR", buckets(), 150),
    # A4 is issued but not yet void; A3 credited 200.
    ("2026-03-05", "ACME", "EUR", buckets(current=900, b1_30=1000), 0),
    ("2026-03-05", "CASH", "EUR", buckets(), 200),
    # A1 partly paid, A4 void, B1's payment covered the first installment and 100 of the next.
    ("2026-03-31", "ACME", "EUR", buckets(b1_30=600, b31_60=400), 0),
    ("2026-03-31", "BETA", "USD", buckets(current=400, b1_30=300), 0),
    ("2026-03-31", "CASH", "EUR", buckets(), 200),
    # A3 written off by 100.
    ("2026-04-30", "ACME", "EUR", buckets(b31_60=500, b61_90=400), 0),
    ("2026-04-30", "BETA", "USD", buckets(b1_30=400, b31_60=300), 0),
]


@pytest.mark.parametrize(("as_of", "customer", "currency", "amounts", "credit"), EXPECTED)
def test_mixed_book_by_hand(
    tmp_path: Path,
    as_of: str,
    customer: str,
    currency: str,
    amounts: dict[str, Decimal],
    credit: int,
) -> None:
    book = load(tmp_path, MIXED)
    report = aging(book, Options(dt.date.fromisoformat(as_of))).report
    row = rows_by_customer(report.rows)[customer, currency]
    assert isinstance(row, dict)
    assert {label: row[label] for label in LABELS} == amounts
    assert row["total"] == sum(amounts.values())
    assert row["unapplied"] == credit


def test_totals_one_row_per_currency(tmp_path: Path) -> None:
    report = aging(load(tmp_path, MIXED), Options(dt.date(2026, 3, 31))).report
    assert [t["currency"] for t in report.totals] == ["EUR", "USD"]
    eur, usd = report.totals
    assert (eur["1-30"], eur["31-60"], eur["total"], eur["unapplied"]) == (600, 400, 1000, 200)
    assert (usd["current"], usd["1-30"], usd["total"], usd["unapplied"]) == (400, 300, 700, 0)


def test_installments_age_on_their_own_due_dates(tmp_path: Path) -> None:
    options = Options(dt.date(2026, 3, 31), by="invoice", customer="BETA")
    rows = aging(load(tmp_path, MIXED), options).report.rows
    assert [(r["due"], r["days_past_due"], r["bucket"], r["open"]) for r in rows] == [
        (dt.date(2026, 3, 21), 10, "1-30", 300),
        (dt.date(2026, 4, 20), 0, "current", 400),
    ]


def test_invoice_date_basis(tmp_path: Path) -> None:
    options = Options(dt.date(2026, 3, 31), basis="invoice_date")
    rows = rows_by_customer(aging(load(tmp_path, MIXED), options).report.rows)
    assert rows["ACME", "EUR"] == {
        **rows["ACME", "EUR"],  # type: ignore[dict-item]
        **buckets(b31_60=600, b61_90=400),
    }
    assert rows["BETA", "USD"]["61-90"] == 700  # type: ignore[index]


def test_credit_limit(tmp_path: Path) -> None:
    book = load(tmp_path, MIXED)
    assert aging(book, Options(dt.date(2026, 2, 28))).over_limit == {("ACME", "EUR")}
    assert aging(book, Options(dt.date(2026, 3, 31))).over_limit == frozenset()


def test_filters(tmp_path: Path) -> None:
    book = load(tmp_path, MIXED)
    usd = aging(book, Options(dt.date(2026, 3, 31), currency="USD")).report
    assert [r["customer"] for r in usd.rows] == ["BETA"]
    assert [t["currency"] for t in usd.totals] == ["USD"]
    cash = aging(book, Options(dt.date(2026, 3, 31), customer="CASH")).report
    assert [(r["customer"], r["total"], r["unapplied"]) for r in cash.rows] == [("CASH", 0, 200)]


def test_labels_and_buckets() -> None:
    assert labels((30, 60, 90, 120)) == LABELS
    assert labels((15,)) == ["current", "1-15", "15+"]
    assert [bucket_of(age, (30, 60)) for age in (-5, 0, 1, 30, 31, 60, 61)] == [
        "current",
        "current",
        "1-30",
        "1-30",
        "31-60",
        "31-60",
        "60+",
    ]


def test_unknown_customer_is_a_usage_error(
    ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result]
) -> None:
    result = arl("-L", ledger(MIXED), "aging", "--customer", "ACNE")
    assert result.code == 2
    assert "no customer 'ACNE'" in result.err and "did you mean 'ACME'" in result.err


@pytest.mark.parametrize("bad", ["30,x", "60,30", "0,30"])
def test_bad_buckets(
    ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result], bad: str
) -> None:
    result = arl("-L", ledger(MIXED), "aging", "--buckets", bad)
    assert result.code == 2 and "buckets" in result.err


CASES = {
    "mixed": MIXED,
    "one-invoice": ONE_INVOICE,
    "empty": EMPTY,
}
FORMATS = {"table": "txt", "csv": "csv", "json": "json"}


@pytest.mark.parametrize("book", CASES)
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("by", ["customer", "invoice"])
def test_golden(
    tmp_path: Path,
    arl: Callable[..., Result],
    golden: Callable[[str, str], None],
    book: str,
    fmt: str,
    by: str,
) -> None:
    root = write_ledger(tmp_path / "book", CASES[book])
    result = arl("-L", root, "aging", "--as-of", "2026-02-28", "--by", by, "--format", fmt)
    assert result.code == 0, result.err
    golden(f"aging-{book}-by-{by}.{FORMATS[fmt]}", result.out)


def test_json_shape(ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result]) -> None:
    body = json.loads(arl("-L", ledger(MIXED), "aging", "--as-of", "2026-03-31", "-f", "json").out)
    assert list(body) == ["as_of", "basis", "buckets", "rows", "totals"]
    assert list(body["rows"][0]) == ["customer", "name", "currency", *LABELS, "total", "unapplied"]
    assert list(body["totals"][0]) == ["currency", *LABELS, "total", "unapplied"]
    assert body["rows"][0]["31-60"] == "400.00"


def test_ledger_settings_give_the_defaults(
    ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result]
) -> None:
    settings = (
        "company:\n  name: T\ncurrency: EUR\naging:\n  basis: invoice_date\n  buckets: [45]\n"
    )
    root = ledger({**ONE_INVOICE, "ledger.yaml": settings})
    body = json.loads(arl("-L", root, "aging", "--as-of", "2026-03-31", "-f", "json").out)
    assert (body["basis"], body["buckets"]) == ("invoice_date", ["current", "1-45", "45+"])
    assert body["rows"][0]["45+"] == "1205.00"
