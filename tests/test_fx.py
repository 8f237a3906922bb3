"""Exchange rates: the ECB's files read into rates/YYYY.csv, and reports in one currency
(docs/fx.md's worked example, figure by figure)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from ar.errors import ArlError
from ar.formats.ecb import read_ecb
from ar.fx import conversion
from tests.conftest import LEDGER_YAML, Result, write_ledger

ECB = Path(__file__).resolve().parent / "data" / "ecb"


def test_the_three_shapes_of_ecb_file_read_alike() -> None:
    hist = read_ecb((ECB / "eurofxref-hist.csv").read_bytes(), "hist.csv")
    assert hist[dt.date(2026, 11, 20)] == {
        "USD": Decimal("1.0512"),
        "JPY": Decimal("161.20"),
        "GBP": Decimal("0.8321"),
    }  # CYP was N/A: no rate, not zero
    daily = read_ecb((ECB / "eurofxref.csv").read_bytes(), "daily.csv")
    assert daily[dt.date(2026, 11, 23)]["USD"] == Decimal("1.0600")
    xml = read_ecb((ECB / "eurofxref-daily.xml").read_bytes(), "daily.xml")
    assert xml == {dt.date(2026, 11, 24): {"USD": Decimal("1.0700"), "GBP": Decimal("0.8500")}}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"Date,USD,\n2026-11-20,1e3,\n", "x.csv:2: '1e3' is not a rate for USD"),
        (b"Date,USD,\n2026-11-20,0,\n", "x.csv:2: '0' is not a rate for USD"),
        (b"Date,USD,\n2026-13-20,1.1,\n", "x.csv:2: '2026-13-20' is not a date"),
        (b"Date,usd,\n2026-11-20,1.1,\n", "x.csv:1: 'usd' is not a currency code"),
        (b"When,USD\n", "x.csv:1: not an ECB rates file"),
    ],
)
def test_a_bad_rates_file_is_one_line_with_its_place(text: bytes, message: str) -> None:
    with pytest.raises(ArlError, match=message.replace("(", r"\(")):
        read_ecb(text, "x.csv")


def test_a_cross_rate_is_the_ratio_of_two_quotes_dated_by_the_older() -> None:
    quotes = {
        dt.date(2026, 11, 19): {"USD": Decimal("1.05")},
        dt.date(2026, 11, 20): {"GBP": Decimal("0.84")},
    }
    found = conversion(quotes, "USD", "GBP", dt.date(2026, 11, 22))
    assert (found.rate, found.day) == (Decimal("0.84") / Decimal("1.05"), dt.date(2026, 11, 19))
    assert conversion(quotes, "USD", "EUR", dt.date(2026, 11, 22)).rate == 1 / Decimal("1.05")
    with pytest.raises(ArlError, match="no USD exchange rate on or before 2026-11-18"):
        conversion(quotes, "USD", "EUR", dt.date(2026, 11, 18))


def invoice(number: str, customer: str, amount: str) -> str:
    return (
        f"number: {number}\ncustomer: {customer}\ndate: 2026-10-01\n"
        f"lines:\n  - description: Work\n    unit_price: {amount}\n"
    )


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_ledger(
        tmp_path / "book",
        {
            "ledger.yaml": LEDGER_YAML,
            "customers/ACME.yaml": "id: ACME\nname: Acme\n",
            "customers/BOSTON.yaml": "id: BOSTON\nname: Boston Inc\ncurrency: USD\n",
            "customers/LEEDS.yaml": "id: LEEDS\nname: Leeds Ltd\ncurrency: GBP\n",
            "invoices/2026/INV-1.yaml": invoice("INV-1", "ACME", "500.00"),
            "invoices/2026/INV-2.yaml": invoice("INV-2", "BOSTON", "1051.20"),
            "invoices/2026/INV-3.yaml": invoice("INV-3", "LEEDS", "832.10"),
        },
    )


def test_rates_import_keeps_the_book_currencies_and_is_idempotent(
    book: Path, arl: Callable[..., Result]
) -> None:
    result = arl("-L", book, "rates", "import", ECB / "eurofxref-hist.csv")
    assert result.code == 0, result.err
    text = (book / "rates" / "2026.csv").read_text()
    assert "2026-11-20,GBP,0.8321\n2026-11-20,USD,1.0512\n" in text
    assert "JPY" not in text
    assert arl("-L", book, "rates", "import", ECB / "eurofxref-hist.csv").code == 0
    assert (book / "rates" / "2026.csv").read_text() == text
    assert arl("-L", book, "check").code == 0


def test_aging_in_one_currency_converts_each_row_and_totals_once(
    book: Path, arl: Callable[..., Result]
) -> None:
    arl("-L", book, "rates", "import", ECB / "eurofxref-hist.csv")
    result = arl("-L", book, "aging", "--as-of", "2026-11-22", "--in", "EUR", "-f", "json")
    assert result.code == 0, result.err
    body = json.loads(result.out)
    rows = {r["customer"]: r for r in body["rows"]}
    assert {c: (r["total"], r["currency"], r["converted_from"]) for c, r in rows.items()} == {
        "ACME": ("500.00", "EUR", "EUR"),
        "BOSTON": ("1000.00", "EUR", "USD"),
        "LEEDS": ("1000.00", "EUR", "GBP"),
    }
    assert [(t["currency"], t["total"]) for t in body["totals"]] == [("EUR", "2500.00")]
    assert {r["from"]: (r["rate"], r["date"]) for r in body["rates"]} == {
        "GBP": ("1.20177863", "2026-11-20"),
        "USD": ("0.95129376", "2026-11-20"),
    }
    docs = (Path(__file__).resolve().parent.parent / "docs" / "fx.md").read_text()
    assert "| total | | | 2500.00 |" in docs


def test_customer_list_and_forecast_take_in_too(book: Path, arl: Callable[..., Result]) -> None:
    arl("-L", book, "rates", "import", ECB / "eurofxref-hist.csv")
    listed = json.loads(
        arl(
            "-L", book, "customer", "list", "--as-of", "2026-11-22", "--in", "EUR", "-f", "json"
        ).out
    )
    assert [(t["currency"], t["open"]) for t in listed["totals"]] == [("EUR", "2500.00")]
    ahead = arl("-L", book, "forecast", "--as-of", "2026-11-22", "--in", "EUR", "-f", "json")
    assert ahead.code == 0, ahead.err
    assert [(t["currency"], t["expected"]) for t in json.loads(ahead.out)["totals"]] == [
        ("EUR", "2500.00")
    ]


def test_a_missing_rate_is_one_line_naming_the_day_and_currency(
    book: Path, arl: Callable[..., Result]
) -> None:
    result = arl("-L", book, "aging", "--as-of", "2026-11-22", "--in", "EUR")
    assert result.code == 2
    assert "no USD exchange rate on or before 2026-11-22" in result.err
    assert result.err.count("\n") == 1


def test_a_damaged_rates_file_names_its_line(book: Path, arl: Callable[..., Result]) -> None:
    (book / "rates").mkdir()
    (book / "rates" / "2026.csv").write_text("date,currency,rate\n2026-11-20,USD,one\n")
    result = arl("-L", book, "aging", "--as-of", "2026-11-22", "--in", "EUR")
    assert result.code == 2 and "rates/2026.csv:2: not a rate line" in result.err
