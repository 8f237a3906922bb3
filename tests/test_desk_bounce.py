"""arl bounce: a returned payment reopens its invoices from its day on, never before; the
bank's fee is a charge; statements, aging, the customer list and exports agree."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from tests.collections_book import collections_ledger, invoice_yaml
from tests.conftest import Result

Arl = Callable[..., Result]
PAYMENT = """\
id: P-1
customer: ACME
date: 2026-02-01
amount: 1200
apply:
  - invoice: INV-1
    amount: 1000
"""


def book(tmp_path: Path) -> Path:
    files = {
        "invoices/2026/INV-1.yaml": invoice_yaml("INV-1", "2026-01-01", "1000"),
        "invoices/2026/INV-2.yaml": invoice_yaml("INV-2", "2026-01-01", "500"),
        "payments/2026/P-1.yaml": PAYMENT,
    }
    return collections_ledger(tmp_path / "book", files)


def figures(arl: Arl, root: Path, day: str) -> dict[str, Decimal]:
    """Open and unapplied as aging, the customer list and the statement each tell it."""

    def run(*args: str) -> dict[str, object]:
        result = arl("-L", root, *args, "--as-of", day, "--format", "json")
        assert result.code == 0, result.err
        data: dict[str, object] = json.loads(result.out)
        return data

    aging = run("aging")["totals"][0]  # type: ignore[index]
    listed = run("customer", "list")["rows"][0]  # type: ignore[index]
    section = run("statement", "ACME")["sections"][0]  # type: ignore[index]
    assert Decimal(aging["total"]) == Decimal(listed["open"])
    assert Decimal(aging["unapplied"]) == Decimal(listed["unapplied"])
    owed = Decimal(aging["total"]) - Decimal(aging["unapplied"])
    assert Decimal(section["activity"][-1]["balance"] if section["activity"] else owed) == owed
    return {"open": Decimal(aging["total"]), "unapplied": Decimal(aging["unapplied"])}


def test_a_bounce_reopens_from_its_day_and_not_before(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    before = {day: figures(arl, root, day) for day in ("2026-02-01", "2026-02-09")}
    result = arl(
        "-L", root, "bounce", "P-1", "--reason", "insufficient funds", "--fee", "12.50",
        "--date", "2026-02-10",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "updated payments/2026/P-1.yaml: payment P-1 returned on 2026-02-10" in result.out
    assert (
        "bounced:\n  date: 2026-02-10\n  reason: insufficient funds\n"
        in (root / "payments/2026/P-1.yaml").read_text()
    )
    assert (
        "type: fee\n    amount: 12.50\n    reason: 'returned payment P-1: bank fee'"
        in (root / "invoices/2026/INV-1.yaml").read_text()
    )
    assert arl("-L", root, "check").code == 0
    for day, seen in before.items():
        assert figures(arl, root, day) == seen
    assert figures(arl, root, "2026-02-10") == {
        "open": Decimal("1512.50"),
        "unapplied": Decimal("0.00"),
    }


def test_the_statement_shows_the_return(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    arl("-L", root, "bounce", "P-1", "--reason", "account closed", "--date", "2026-02-10")
    text = arl("-L", root, "statement", "ACME", "--as-of", "2026-02-28", "--from", "2026-01-01")
    assert "2026-02-10  bounce       P-1         payment returned: account" in text.out
    assert "Balance due EUR            1,500.00" in text.out


def test_a_returned_payment_has_no_credit_to_apply_and_reminders_resume(
    tmp_path: Path, arl: Arl
) -> None:
    root = book(tmp_path)
    arl("-L", root, "bounce", "P-1", "--reason", "returned", "--date", "2026-02-10")
    apply = arl("-L", root, "apply", "P-1", "INV-2", "--date", "2026-02-11")
    assert apply.code == 2 and "no unapplied credit" in apply.err
    plan = arl("-L", root, "remind", "--dry-run", "--as-of", "2026-02-11", "--format", "json")
    assert [row["invoices"] for row in json.loads(plan.out)["rows"]] == [["INV-1", "INV-2"]]


def test_bounce_refusals(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    cases = [
        (("P-9", "--reason", "x"), "no payment 'P-9'"),
        (("P-1", "--reason", "x", "--date", "2026-01-31"), "before the payment's date"),
        (("P-1", "--reason", "x", "--fee", "0"), "fee must be more than zero"),
    ]
    for args, message in cases:
        result = arl("-L", root, "bounce", *args)
        assert result.code == 2 and message in result.err, (args, result.err)
    assert arl("-L", root, "bounce", "P-1", "--reason", "x", "--date", "2026-02-10").code == 0
    again = arl("-L", root, "bounce", "P-1", "--reason", "x", "--date", "2026-02-11")
    assert again.code == 2 and "returned already on 2026-02-10" in again.err


def test_bounce_dry_run_and_json(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    args = ("-L", root, "bounce", "P-1", "--reason", "x", "--date", "2026-02-10", "--fee", "5")
    dry = arl(*args, "--dry-run")
    assert dry.code == 0 and "dry run: nothing was written" in dry.out
    assert "bounced" not in (root / "payments/2026/P-1.yaml").read_text()
    data = json.loads(arl(*args, "--format", "json").out)
    assert data["result"] == {
        "payment": "P-1",
        "date": "2026-02-10",
        "reopened": ["INV-1"],
        "fee": "5.00",
        "currency": "EUR",
    }


def test_a_bounce_inside_the_closed_period_is_refused(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    ledger = root / "ledger.yaml"
    ledger.write_text(ledger.read_text() + "locked_until: 2026-02-05\n")
    inside = arl("-L", root, "bounce", "P-1", "--reason", "x", "--date", "2026-02-04")
    assert inside.code != 0 and "closed" in inside.err
    assert arl("-L", root, "bounce", "P-1", "--reason", "x", "--date", "2026-02-10").code == 0


def test_the_export_of_a_bounced_payment_balances(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    arl("-L", root, "bounce", "P-1", "--reason", "x", "--date", "2026-02-10", "--fee", "5")
    journal = arl("-L", root, "export", "hledger", "--as-of", "2026-02-28")
    assert journal.code == 0, journal.err
    path = tmp_path / "book.journal"
    path.write_text(journal.out)
    out = subprocess.run(
        ["hledger", "-f", str(path), "bal", "assets:receivable"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "1505.00 EUR" in out
