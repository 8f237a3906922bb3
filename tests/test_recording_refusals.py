"""A write that would add a problem is refused, whether the book as it would be is checked
from the parse cache (for what the change reaches) or whole (without the cache)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ar.book import Book
from tests.conftest import Result
from tests.test_afterchange import counted

Arl = Callable[..., Result]
REFUSED = "this change would leave the book with problems; nothing was written"
CUSTOMERS = {
    "customers/ACME.yaml": "id: ACME\nname: Acme Ltd\n",
    "customers/JP.yaml": "id: JP\nname: Nippon\ncredit_limit: 100.50\n",
}


@pytest.fixture
def full_checks() -> Iterator[list[Book]]:
    """The books checked whole after a change: none while the parse cache is on."""
    with counted() as checked:
        yield checked
    assert len(checked) == (1 if os.environ.get("ARL_NO_CACHE") else 0)


def files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in root.rglob("*.yaml")}


def test_a_customer_edit_that_breaks_an_amount_is_refused(
    ledger: Callable[[dict[str, str]], Path], arl: Arl, full_checks: list[Book]
) -> None:
    root = ledger(CUSTOMERS)
    assert arl("-L", root, "check").code == 0
    before = files(root)
    result = arl("-L", root, "customer", "edit", "JP", "--currency", "JPY")
    assert result.code == 2
    assert result.err.splitlines() == [
        "customers/JP.yaml:1: credit_limit 100.50 has more decimals than JPY allows (0)"
        " (round it to the currency's minor unit)",
        f"arl: {REFUSED} (change the command, or fix the records it builds on)",
    ]
    assert files(root) == before


def test_an_invoice_a_receipt_of_another_customer_names_is_refused(
    ledger: Callable[[dict[str, str]], Path], arl: Arl, full_checks: list[Book]
) -> None:
    receipt = """\
id: P1
customer: JP
date: 2026-01-05
amount: 10.00
apply:
  - invoice: INV-9
    amount: 10.00
"""
    root = ledger({**CUSTOMERS, "payments/2026/P1.yaml": receipt})
    arl("-L", root, "check")
    new = ("invoice", "new", "ACME", "--number", "INV-9", "--date", "2026-01-01")
    result = arl("-L", root, *new, "--line", "Work;1;100", "--dry-run")
    assert result.code == 2
    assert "payments/2026/P1.yaml:1: applied to INV-9 of customer 'ACME'" in result.err
    assert REFUSED in result.err
    assert not (root / "invoices").exists()


def test_a_write_on_records_with_problems_is_refused_first(
    ledger: Callable[[dict[str, str]], Path], arl: Arl
) -> None:
    invoice = """\
number: INV-1
customer: ACME
date: 2026-01-10
due: 2026-01-01
lines:
  - description: Work
    unit_price: 100.00
"""
    root = ledger({**CUSTOMERS, "invoices/2026/INV-1.yaml": invoice})
    result = arl("-L", root, "pay", "ACME", "10", "--date", "2026-02-01", "--apply", "INV-1")
    assert result.code == 2
    assert result.err.splitlines()[0] == (
        "invoices/2026/INV-1.yaml:4: due 2026-01-01 is before the invoice date 2026-01-10"
    )
    assert "the records this command touches have problems; nothing was written" in result.err


def test_a_book_with_recurring_plans_takes_writes(
    ledger: Callable[[dict[str, str]], Path], arl: Arl, full_checks: list[Book]
) -> None:
    plan = """\
id: R1
customer: ACME
lines:
  - description: Hosting
    unit_price: 100.00
start: 2026-01-01
interval: monthly
"""
    root = ledger({**CUSTOMERS, "recurring/R1.yaml": plan})
    assert arl("-L", root, "invoice", "run-recurring", "--as-of", "2026-02-15").code == 0
    full_checks.clear()  # the plan's invoices are made: what follows is the write under test
    paid = arl("-L", root, "pay", "ACME", "100", "--date", "2026-02-20", "--auto")
    assert paid.code == 0, paid.err
    assert "applied 100.00 EUR to INV-2026-0001 (settled)" in paid.out
    assert arl("-L", root, "check").code == 0
