"""Reproducers the identity test (tests/test_identities.py) found, one test each."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.collections_book import collections_ledger, invoice_yaml
from tests.conftest import Result

Arl = Callable[..., Result]


def book(tmp_path: Path) -> Path:
    invoice = invoice_yaml("INV-1", "2026-01-01", "1000")
    return collections_ledger(tmp_path / "book", {"invoices/2026/INV-1.yaml": invoice})


def worklist_rows(arl: Arl, root: Path, as_of: str) -> list[dict[str, object]]:
    result = arl("-L", root, "worklist", "--as-of", as_of, "--format", "json")
    assert result.code == 0, result.err
    rows: list[dict[str, object]] = json.loads(result.out)["rows"]
    return rows


def test_a_reminder_sent_later_leaves_an_earlier_worklist_alone(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    before = worklist_rows(arl, root, "2026-02-10")
    assert before and before[0]["action"] == "send reminders (arl remind --send)"
    sent = arl("-L", root, "remind", "--as-of", "2026-02-12")
    assert sent.code == 0, sent.err
    assert worklist_rows(arl, root, "2026-02-10") == before  # was: [] ("reminded later")
    assert worklist_rows(arl, root, "2026-02-12") == []


def test_a_plan_of_less_than_a_cent_an_installment_is_refused(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    paid = arl("-L", root, "pay", "ACME", "999.98", "--apply", "INV-1", "--date", "2026-02-01")
    assert paid.code == 0, paid.err
    result = arl("-L", root, "plan", "INV-1", "-n", "3", "--date", "2026-02-02")
    assert result.code == 2  # was: a traceback (an installment of 0.00)
    assert result.err.strip() == (
        "arl: 0.02 EUR cannot be split into 3 installments (agree fewer installments)"
    )
    assert arl("-L", root, "check").code == 0
