"""`arl allowance`: the provision per aging bucket and customer, and its change; the worked
example of docs/allowance.md, figure by figure."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from ar.money import round_money
from tests.conftest import LEDGER_YAML, Result, write_ledger

ALLOWANCE = """\
allowance:
  buckets: {current: 0.01, 1-30: 0.05, 31-60: 0.10, 61-90: 0.25, 91-120: 0.50, 120+: 1.00}
  customers:
    BIGCO: {120+: 0.50}
"""


def invoice(number: str, customer: str, date: str, amount: str) -> str:
    return (
        f"number: {number}\ncustomer: {customer}\ndate: {date}\n"
        f"lines:\n  - description: Work\n    unit_price: {amount}\n"
    )


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_ledger(
        tmp_path / "book",
        {
            "ledger.yaml": LEDGER_YAML + ALLOWANCE,
            "customers/ACME.yaml": "id: ACME\nname: Acme\n",
            "customers/BIGCO.yaml": "id: BIGCO\nname: Big Co\n",
            "invoices/2026/INV-1.yaml": invoice("INV-1", "ACME", "2026-01-01", "1000.00"),
            "invoices/2026/INV-2.yaml": invoice("INV-2", "ACME", "2026-05-01", "400.00"),
            "invoices/2026/INV-3.yaml": invoice("INV-3", "ACME", "2026-06-15", "2000.00"),
            "invoices/2026/INV-4.yaml": invoice("INV-4", "BIGCO", "2026-01-10", "600.00"),
        },
    )


def test_the_worked_example_of_the_docs(book: Path, arl: Callable[..., Result]) -> None:
    result = arl("-L", book, "allowance", "--as-of", "2026-06-30", "--format", "json")
    assert result.code == 0, result.err
    body = json.loads(result.out)
    assert body["since"] == "2026-05-31"
    rows = {r["customer"]: r for r in body["rows"]}
    assert rows["ACME"]["120+"] == "1000.00"
    assert rows["ACME"]["1-30"] == "20.00"
    assert rows["ACME"]["current"] == "20.00"
    assert (rows["ACME"]["provision"], rows["ACME"]["previous"], rows["ACME"]["change"]) == (
        "1040.00",
        "504.00",
        "536.00",
    )
    assert (rows["BIGCO"]["provision"], rows["BIGCO"]["change"]) == ("300.00", "0.00")
    [total] = body["totals"]
    assert (total["provision"], total["previous"], total["change"]) == (
        "1340.00",
        "804.00",
        "536.00",
    )
    docs = (Path(__file__).resolve().parent.parent / "docs" / "allowance.md").read_text()
    assert "| total EUR | 1340.00 | 804.00 | 536.00 |" in docs


def test_the_provision_ages_as_the_aging_report_does(
    book: Path, arl: Callable[..., Result]
) -> None:
    """Every bucket's provision is its aging amount times the share: the two reports agree."""
    shares = {"current": "0.01", "1-30": "0.05", "31-60": "0.10", "61-90": "0.25"}
    for day in ("2026-02-15", "2026-04-01", "2026-06-30", "2026-09-30"):
        aged = json.loads(arl("-L", book, "aging", "--as-of", day, "-f", "json").out)
        kept = json.loads(arl("-L", book, "allowance", "--as-of", day, "-f", "json").out)
        provided = {r["customer"]: r for r in kept["rows"]}
        for row in aged["rows"]:
            for label, share in shares.items():
                expected = round_money(Decimal(row[label]) * Decimal(share), "EUR")
                got = provided.get(row["customer"], {}).get(label, "0.00")
                assert Decimal(got) == expected, (day, row["customer"], label)


def test_a_bucket_aging_does_not_have_is_refused(
    tmp_path: Path, arl: Callable[..., Result]
) -> None:
    root = write_ledger(
        tmp_path / "book", {"ledger.yaml": LEDGER_YAML + "allowance:\n  buckets: {90+: 0.5}\n"}
    )
    result = arl("-L", root, "check")
    assert result.code == 1
    assert "allowance names bucket '90+'" in result.out + result.err


def test_an_unknown_customer_and_missing_settings_are_one_line(
    tmp_path: Path, arl: Callable[..., Result]
) -> None:
    plain = write_ledger(tmp_path / "plain", {})
    result = arl("-L", plain, "allowance", "--as-of", "2026-06-30")
    assert (result.code, result.err.count("\n")) == (2, 1)
    assert "sets no allowance" in result.err
    stray = write_ledger(
        tmp_path / "stray",
        {"ledger.yaml": LEDGER_YAML + "allowance:\n  customers: {NOBODY: {120+: 1}}\n"},
    )
    result = arl("-L", stray, "allowance", "--as-of", "2026-06-30")
    assert result.code == 2 and "NOBODY" in result.err
