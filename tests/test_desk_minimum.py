"""Nothing below dunning.min_amount is chased, and charges alone never bring a final notice;
one letter per customer and currency from the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.collections_book import collections_ledger, invoice_yaml
from tests.conftest import Result

Arl = Callable[..., Result]


def rows(arl: Arl, root: Path, as_of: str) -> list[dict[str, object]]:
    result = arl("-L", root, "remind", "--dry-run", "--as-of", as_of, "--format", "json")
    assert result.code == 0, result.err
    return list(json.loads(result.out)["rows"])


def test_nothing_below_the_minimum_is_chased(tmp_path: Path, arl: Arl) -> None:
    files = {"invoices/2026/INV-1.yaml": invoice_yaml("INV-1", "2026-01-01", "9.99")}
    root = collections_ledger(tmp_path / "book", files)
    assert [row["invoices"] for row in rows(arl, root, "2026-02-10")] == [["INV-1"]]
    ledger = root / "ledger.yaml"
    ledger.write_text(
        ledger.read_text().replace(
            "  min_interval_days: 7\n", "  min_interval_days: 7\n  min_amount:\n    EUR: 10\n"
        )
    )
    assert arl("-L", root, "check").code == 0
    assert rows(arl, root, "2026-02-10") == []
    result = arl("-L", root, "remind", "--dry-run", "--as-of", "2026-02-10")
    assert "below minimum 1" in result.err


def test_charges_alone_never_bring_a_final_notice(tmp_path: Path, arl: Arl) -> None:
    paid_late = invoice_yaml("INV-1", "2026-01-01", "1000") + (
        "events:\n"
        "  - date: 2026-02-07\n    type: reminder\n    level: 1\n"
        "  - date: 2026-02-21\n    type: reminder\n    level: 2\n"
        "  - date: 2026-02-21\n    type: fee\n    amount: 5\n    reason: reminder fee\n"
    )
    payment = (
        "id: P-1\ncustomer: ACME\ndate: 2026-02-25\namount: 1000\n"
        "apply:\n  - invoice: INV-1\n    amount: 1000\n"
    )
    files = {"invoices/2026/INV-1.yaml": paid_late, "payments/2026/P-1.yaml": payment}
    root = collections_ledger(tmp_path / "book", files)
    assert rows(arl, root, "2026-03-10") == []
    result = arl("-L", root, "remind", "--dry-run", "--as-of", "2026-03-10")
    assert "charges only 1" in result.err


def test_one_letter_per_customer_and_currency_at_the_highest_level(
    tmp_path: Path, arl: Arl
) -> None:
    older = invoice_yaml("INV-1", "2026-01-01", "100") + (
        "events:\n  - date: 2026-02-07\n    type: reminder\n    level: 1\n"
    )
    files = {
        "invoices/2026/INV-1.yaml": older,
        "invoices/2026/INV-2.yaml": invoice_yaml("INV-2", "2026-01-15", "200"),
    }
    root = collections_ledger(tmp_path / "book", files)
    (row,) = rows(arl, root, "2026-02-22")
    assert (row["level"], row["template"], row["invoices"]) == (2, "firm", ["INV-1", "INV-2"])
    sent = arl("-L", root, "remind", "--as-of", "2026-02-22")
    assert sent.code == 0, sent.err
    assert len(list((root / "outbox").glob("*.eml"))) == 1
    assert "level: 2" in (root / "invoices/2026/INV-1.yaml").read_text()
    assert "level: 1" in (root / "invoices/2026/INV-2.yaml").read_text()
    assert "level: 2" not in (root / "invoices/2026/INV-2.yaml").read_text()


def test_remind_dry_run_show_prints_each_letter_as_it_will_read(tmp_path: Path, arl: Arl) -> None:
    files = {"invoices/2026/INV-1.yaml": invoice_yaml("INV-1", "2026-01-01", "1000")}
    root = collections_ledger(tmp_path / "book", files)
    shown = arl("-L", root, "remind", "--dry-run", "--show", "--as-of", "2026-02-10")
    assert shown.code == 0, shown.err
    assert shown.out.startswith("--- 20260210-ACME-EUR-L1-")
    assert "To: ap@acme.example\nSubject: " in shown.out
    assert "INV-1" in shown.out
    assert not (root / "outbox").exists() or not list((root / "outbox").iterdir())
    data = json.loads(
        arl(
            "-L", root, "remind", "--dry-run", "--show", "--as-of", "2026-02-10", "--format", "json"
        ).out
    )
    (letter,) = data["letters"]
    assert letter["to"] == ["ap@acme.example"] and "INV-1" in letter["text"]
    assert data["rows"][0]["invoices"] == ["INV-1"]
    alone = arl("-L", root, "remind", "--show", "--as-of", "2026-02-10")
    assert alone.code == 2 and "--show goes with --dry-run" in alone.err
