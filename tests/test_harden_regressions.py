"""Defects the hardening runs found, each pinned by the smallest input that showed it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Result

INVOICE = """\
number: INV-1
customer: ACME
date: 2026-03-01
lines:
  - description: Work
    unit_price: {price}
"""


def test_a_control_character_is_a_problem_on_its_line(
    ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result]
) -> None:
    root = ledger({"customers/ACME.yaml": "id: ACME\nname: Ac\x1bme\n"})
    result = arl("-L", root, "check")
    assert result.code == 1
    assert "customers/ACME.yaml:2: character #x001b is not allowed in YAML" in result.out


def test_an_amount_beyond_decimal_precision_is_a_problem_not_a_crash(
    ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result]
) -> None:
    root = ledger(
        {
            "customers/ACME.yaml": "id: ACME\nname: Acme\n",
            "invoices/2026/INV-1.yaml": INVOICE.format(price="1e28"),
        }
    )
    result = arl("-L", root, "check")
    assert result.code == 1 and "invoices/2026/INV-1.yaml:6" in result.out
    assert "less than 1000000000000" in result.out
    assert arl("-L", root, "aging", "--as-of", "2026-06-30").code == 2


def test_a_damaged_mt940_statement_is_one_line(
    ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result], tmp_path: Path
) -> None:
    from tests.test_statements import MT940

    root = ledger({})
    statement = tmp_path / "bank.sta"
    statement.write_text(MT940.replace(":28C:00063/001", ":28C:0 063/001"), encoding="latin-1")
    result = arl("-L", root, "reconcile", statement, "--as-of", "2026-03-31")
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        f"arl: {statement}: not a readable MT940 statement "
        "(field :28: cannot be read from '0 063/001')"
    ]
