"""A credit note on account is credit like a receipt's: applied (named or --auto) and
refunded, dated the day it is done, and every report agrees before and after."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from tests.collections_book import collections_ledger, invoice_yaml
from tests.conftest import Result

Arl = Callable[..., Result]
NOTE = """\
number: CN-1
customer: ACME
date: 2026-02-01
amount: 300
reason: goodwill
"""


def book(tmp_path: Path) -> Path:
    files = {
        "invoices/2026/INV-1.yaml": invoice_yaml("INV-1", "2026-01-01", "1000"),
        "invoices/2026/INV-2.yaml": invoice_yaml("INV-2", "2026-01-05", "200"),
        "credit-notes/2026/CN-1.yaml": NOTE,
    }
    return collections_ledger(tmp_path / "book", files)


def totals(arl: Arl, root: Path, day: str) -> tuple[Decimal, Decimal]:
    result = arl("-L", root, "aging", "--as-of", day, "--format", "json")
    assert result.code == 0, result.err
    row = json.loads(result.out)["totals"][0]
    listed = json.loads(
        arl("-L", root, "customer", "list", "--as-of", day, "--format", "json").out
    )["rows"][0]
    assert (row["total"], row["unapplied"]) == (listed["open"], listed["unapplied"])
    return Decimal(row["total"]), Decimal(row["unapplied"])


def test_apply_a_credit_note_to_named_invoices_from_its_day(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    assert totals(arl, root, "2026-02-10") == (Decimal("1200.00"), Decimal("300.00"))
    result = arl("-L", root, "apply", "CN-1", "INV-2", "--date", "2026-02-10")
    assert result.code == 0, result.err
    assert "applied 200.00 EUR of credit note CN-1 to INV-2" in result.out
    text = (root / "credit-notes/2026/CN-1.yaml").read_text()
    assert "apply:\n  - invoice: INV-2\n    amount: 200.00\n    date: 2026-02-10\n" in text
    assert arl("-L", root, "check").code == 0
    assert totals(arl, root, "2026-02-09") == (Decimal("1200.00"), Decimal("300.00"))
    assert totals(arl, root, "2026-02-10") == (Decimal("1000.00"), Decimal("100.00"))


def test_auto_applies_the_oldest_due_first(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    result = arl("-L", root, "apply", "CN-1", "--auto", "--date", "2026-02-10")
    assert result.code == 0, result.err
    assert totals(arl, root, "2026-02-10") == (Decimal("900.00"), Decimal("0.00"))
    again = arl("-L", root, "apply", "CN-1", "--auto", "--date", "2026-02-11")
    assert again.code == 2 and "no unapplied credit in CN-1" in again.err


def test_a_customer_s_credit_includes_its_credit_notes_after_its_receipts(
    tmp_path: Path, arl: Arl
) -> None:
    root = book(tmp_path)
    (root / "payments/2026").mkdir(parents=True)
    (root / "payments/2026/P-1.yaml").write_text(
        "id: P-1\ncustomer: ACME\ndate: 2026-02-01\namount: 100\n"
    )
    result = arl("-L", root, "apply", "ACME", "INV-2", "--date", "2026-02-10")
    assert result.code == 0, result.err
    assert "applied 100.00 EUR of payment P-1 to INV-2" in result.out
    assert "applied 100.00 EUR of credit note CN-1 to INV-2" in result.out


def test_refund_a_credit_note(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    result = arl("-L", root, "refund", "ACME", "120", "--payment", "CN-1", "--date", "2026-02-12")
    assert result.code == 0, result.err
    assert "refunded 120.00 EUR of credit note CN-1" in result.out
    assert arl("-L", root, "check").code == 0
    assert totals(arl, root, "2026-02-11") == (Decimal("1200.00"), Decimal("300.00"))
    assert totals(arl, root, "2026-02-12") == (Decimal("1200.00"), Decimal("180.00"))


def test_a_credit_note_against_an_invoice_has_nothing_to_apply(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    (root / "credit-notes/2026/CN-2.yaml").write_text(
        "number: CN-2\ncustomer: ACME\ndate: 2026-02-01\namount: 50\ninvoice: INV-1\n"
    )
    result = arl("-L", root, "apply", "CN-2", "INV-2", "--date", "2026-02-10")
    assert result.code == 2 and "no unapplied credit in CN-2" in result.err


def test_check_refuses_credit_used_beyond_the_note(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    (root / "credit-notes/2026/CN-1.yaml").write_text(
        NOTE + "apply:\n  - invoice: INV-1\n    amount: 301\n"
    )
    result = arl("-L", root, "check")
    assert result.code == 1
    assert "CN-1.yaml:6: uses 301 but the credit note is only 300\n" in result.out + result.err


def test_the_export_of_credit_applied_balances(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    arl("-L", root, "apply", "CN-1", "INV-2", "--date", "2026-02-10")
    journal = arl("-L", root, "export", "hledger", "--as-of", "2026-02-28")
    assert journal.code == 0, journal.err
    path = tmp_path / "book.journal"
    path.write_text(journal.out)
    subprocess.run(["hledger", "-f", str(path), "check"], check=True, capture_output=True)
    out = subprocess.run(
        ["hledger", "-f", str(path), "bal", "assets:receivable"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "1000.00 EUR" in out
