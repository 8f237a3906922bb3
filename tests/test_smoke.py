"""The CLI starts, and a one-invoice ledger checks clean."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Result

INVOICE = """\
number: INV-1
customer: ACME
date: 2026-01-10
lines:
  - description: Consulting
    quantity: 10
    unit_price: 120.50
"""


def test_version(arl: Callable[..., Result]) -> None:
    result = arl("--version")
    assert result.code == 0
    assert result.out.startswith("arl ")


def test_one_invoice_book_checks_clean(
    ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result]
) -> None:
    root = ledger(
        {"customers/ACME.yaml": "id: ACME\nname: Acme\n", "invoices/2026/INV-1.yaml": INVOICE}
    )
    result = arl("-L", root, "check")
    assert result.code == 0, result.out
    assert "1 invoices" in result.err
