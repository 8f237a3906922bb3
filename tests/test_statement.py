"""Statements: activity with a running balance, open items, templates and their overrides."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings

from ar.model import Record
from ar.reports.statement import statement
from tests.books import MIXED, ONE_INVOICE, load
from tests.conftest import Result, write_ledger
from tests.strategies import book_of, book_records

Q1 = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))


def test_activity_and_balances_by_hand(tmp_path: Path) -> None:
    data = statement(load(tmp_path, MIXED), "ACME", dt.date(2026, 2, 1), *Q1[1:], Q1[1])
    (section,) = data["sections"]
    assert section["opening_balance"] == 1000  # A1, issued in January
    assert [(e["kind"], e["ref"], e["amount"], e["balance"]) for e in section["activity"]] == [
        ("invoice", "A2", 500, 1500),
        ("payment", "P2", -490, 1010),
        ("discount", "A2", -10, 1000),
        ("invoice", "A3", 800, 1800),
        ("invoice", "A4", 300, 2100),
        ("credit", "CN1", -200, 1900),
        ("payment", "P1", -600, 1300),
        ("void", "A4", -300, 1000),
    ]
    assert section["closing_balance"] == section["balance_due"] == 1000
    assert [(i["invoice"], i["bucket"], i["open"]) for i in section["open_items"]] == [
        ("A1", "31-60", 400),
        ("A3", "1-30", 600),
    ]


def test_unapplied_credit_lowers_the_balance(tmp_path: Path) -> None:
    data = statement(load(tmp_path, MIXED), "CASH", *Q1, Q1[1])
    (section,) = data["sections"]
    assert [(e["kind"], e["amount"], e["balance"]) for e in section["activity"]] == [
        ("invoice", 250, 250),
        ("payment", -400, -150),
        ("credit", -50, -200),
    ]
    assert (section["total_open"], section["unapplied"], section["balance_due"]) == (0, 200, -200)


def test_installments_are_open_items_of_their_own(tmp_path: Path) -> None:
    (section,) = statement(load(tmp_path, MIXED), "BETA", *Q1, Q1[1])["sections"]
    assert section["currency"] == "USD"
    assert [(i["due"], i["open"]) for i in section["open_items"]] == [
        (dt.date(2026, 3, 21), 300),
        (dt.date(2026, 4, 20), 400),
    ]


@settings(max_examples=100, deadline=None)
@given(book_records())
def test_running_balance_ends_at_the_closing_balance(records: list[Record]) -> None:
    book = book_of(records)
    start, end = dt.date(2026, 2, 1), dt.date(2026, 4, 30)
    for customer in book.customers:
        for section in statement(book, customer, start, end, end)["sections"]:
            last = section["activity"][-1]["balance"] if section["activity"] else None
            moved = sum((e["amount"] for e in section["activity"]), Decimal(0))
            assert section["opening_balance"] + moved == section["closing_balance"]
            assert last in (None, section["closing_balance"])


CASES = {"mixed": (MIXED, "ACME"), "cash": (MIXED, "CASH"), "one-invoice": (ONE_INVOICE, "ACME")}
FORMATS = {"text": "txt", "html": "html", "json": "json"}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(
    tmp_path: Path,
    arl: Callable[..., Result],
    golden: Callable[[str, str], None],
    case: str,
    fmt: str,
) -> None:
    files, customer = CASES[case]
    root = write_ledger(tmp_path / "book", files)
    args = ["statement", customer, "--from", "2026-01-01", "--to", "2026-03-31", "-f", fmt]
    result = arl("-L", root, *args)
    assert result.code == 0, result.err
    golden(f"statement-{case}.{FORMATS[fmt]}", result.out)


def test_json_amounts_in_the_section_currency(
    ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result]
) -> None:
    out = arl("-L", ledger(MIXED), "statement", "BETA", "--to", "2026-03-31", "-f", "json").out
    body = json.loads(out)
    assert list(body) == ["company", "customer", "as_of", "from", "to", "sections"]
    assert body["from"] == "2026-03-01"
    assert body["sections"][0]["balance_due"] == "700.00"


def test_the_ledgers_own_template_wins(
    ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result]
) -> None:
    own = "{{ customer.name }} owes {{ sections[0].balance_due | money('EUR') }}\n"
    root = ledger({**ONE_INVOICE, "templates/statement.txt": own})
    result = arl("-L", root, "statement", "ACME", "--as-of", "2026-03-31")
    assert (result.code, result.out) == (0, "Acme Ltd owes 1,205.00\n")


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ customer.nickname }}", "has no attribute 'nickname'"),
        ("{{ oops }}", "'oops' is undefined"),
        ("{% for x in %}", "templates/statement.txt:1: "),
        ("{{ customer.__class__.__mro__ }}", "__class__"),
    ],
)
def test_template_mistakes_are_one_line_errors(
    ledger: Callable[[dict[str, str]], Path],
    arl: Callable[..., Result],
    template: str,
    message: str,
) -> None:
    root = ledger({**ONE_INVOICE, "templates/statement.txt": template})
    result = arl("-L", root, "statement", "ACME", "--as-of", "2026-03-31")
    assert result.code == 2 and message in result.err, result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["NOBODY"], "no customer 'NOBODY'"),
        (["ACME", "--from", "2026-04-01", "--to", "2026-03-01"], "is after --to"),
        (["ACME", "--to", "2026-04-01", "--as-of", "2026-03-01"], "is after --as-of"),
    ],
)
def test_bad_arguments(
    ledger: Callable[[dict[str, str]], Path],
    arl: Callable[..., Result],
    args: list[str],
    message: str,
) -> None:
    result = arl("-L", ledger(ONE_INVOICE), "statement", *args)
    assert result.code == 2 and message in result.err
