"""arl escalate: invoices handed to an agency stop being reminded, stand apart in aging and
on the worklist, go into the claim file, and what the agency recovers is a receipt that
changes nothing before its day."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from tests.collections_book import collections_ledger, invoice_yaml
from tests.conftest import Result

Arl = Callable[..., Result]
REMINDED = invoice_yaml("INV-1", "2026-01-01", "1000") + (
    "events:\n"
    "  - date: 2026-02-07\n    type: reminder\n    level: 1\n"
    "  - date: 2026-02-21\n    type: fee\n    amount: 5\n    reason: level 2 reminder\n"
    "  - date: 2026-02-21\n    type: reminder\n    level: 2\n"
)


def book(tmp_path: Path) -> Path:
    files = {
        "invoices/2026/INV-1.yaml": REMINDED,
        "invoices/2026/INV-2.yaml": invoice_yaml("INV-2", "2026-01-10", "500"),
    }
    return collections_ledger(tmp_path / "book", files)


def escalate(arl: Arl, root: Path, *args: str) -> Result:
    result = arl("-L", root, "escalate", *args)
    assert result.code == 0, result.err
    return result


def test_escalated_invoices_are_not_reminded_and_stand_apart(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    escalate(
        arl, root, "INV-1", "--to", "Inkasso AG", "--reference", "K-77", "--date", "2026-03-01"
    )
    text = (root / "invoices/2026/INV-1.yaml").read_text()
    assert (
        "  - date: 2026-03-01\n    type: escalated\n    to: Inkasso AG\n    reference: K-77\n"
        in text
    )
    assert arl("-L", root, "check").code == 0
    plan = arl("-L", root, "remind", "--dry-run", "--as-of", "2026-03-20", "--format", "json")
    assert [row["invoices"] for row in json.loads(plan.out)["rows"]] == [["INV-2"]]
    aging = arl("-L", root, "aging", "--by", "invoice", "--as-of", "2026-03-20", "--format", "json")
    rows = json.loads(aging.out)["rows"]
    assert [(r["invoice"], r["escalated"]) for r in rows] == [
        ("INV-2", None),
        ("INV-1", "Inkasso AG"),
    ]
    before = arl(
        "-L", root, "aging", "--by", "invoice", "--as-of", "2026-02-28", "--format", "json"
    )
    assert [r["escalated"] for r in json.loads(before.out)["rows"]] == [None, None]
    work = arl("-L", root, "worklist", "--as-of", "2026-03-20", "--format", "json")
    assert (
        "INV-1: 1005.00 with Inkasso AG since 2026-03-01" in json.loads(work.out)["rows"][0]["why"]
    )


def test_the_claim_file_has_what_an_agency_asks_for(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    escalate(
        arl, root, "INV-1", "--to", "Inkasso AG", "--reference", "K-77", "--date", "2026-03-01"
    )
    target = tmp_path / "claims.csv"
    result = arl("-L", root, "escalate", "--export", target, "--date", "2026-03-02")
    assert result.code == 0, result.err
    assert f"wrote 1 claim(s) to {target}" in result.err
    (row,) = list(csv.DictReader(io.StringIO(target.read_text())))
    assert row == {
        "debtor": "ACME",
        "name": "Acme Ltd",
        "address": "",
        "email": "ap@acme.example",
        "invoice": "INV-1",
        "currency": "EUR",
        "date": "2026-01-01",
        "due": "2026-01-31",
        "total": "1000.00",
        "charges": "5.00",
        "paid": "0.00",
        "open": "1005.00",
        "escalated": "2026-03-01",
        "to": "Inkasso AG",
        "reference": "K-77",
        "letters": "level 1 2026-02-07; level 2 2026-02-21",
    }


def test_recovered_money_is_a_receipt_from_its_day_only(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    escalate(
        arl, root, "INV-1", "--to", "Inkasso AG", "--reference", "K-77", "--date", "2026-03-01"
    )

    def owed(day: str) -> tuple[Decimal, Decimal]:
        aging = json.loads(arl("-L", root, "aging", "--as-of", day, "--format", "json").out)[
            "totals"
        ][0]
        listed = json.loads(
            arl("-L", root, "customer", "list", "--as-of", day, "--format", "json").out
        )["rows"][0]
        assert aging["total"] == listed["open"]
        return Decimal(aging["total"]), Decimal(aging["unapplied"])

    seen = owed("2026-04-09")
    result = escalate(
        arl, root, "INV-1", "--recovered", "600", "--fee", "90", "--date", "2026-04-10"
    )
    assert "Inkasso AG kept 90.00 EUR; paid over 510.00 EUR" in result.out
    assert arl("-L", root, "check").code == 0
    (payment,) = (root / "payments").rglob("*.yaml")
    text = payment.read_text()
    assert "method: collection agency\nreference: K-77\n" in text
    assert "notes: recovered by Inkasso AG; kept 90.00 EUR" in text
    assert owed("2026-04-09") == seen
    assert owed("2026-04-10") == (seen[0] - Decimal(600), Decimal(0))


def test_escalate_refusals(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    cases = [
        (("INV-1",), "say whom the invoices go to"),
        (("--to", "X"), "name the invoices to hand over"),
        (("INV-9", "--to", "X"), "no invoice 'INV-9'"),
        (("INV-2", "--recovered", "10"), "must all be with one agency"),
    ]
    for args, message in cases:
        result = arl("-L", root, "escalate", *args)
        assert result.code == 2 and message in result.err, (args, result.err)
    escalate(arl, root, "INV-1", "--to", "X", "--date", "2026-03-01")
    again = arl("-L", root, "escalate", "INV-1", "--to", "Y", "--date", "2026-03-02")
    assert again.code == 2 and "INV-1 is with X since 2026-03-01" in again.err
    much = arl("-L", root, "escalate", "INV-1", "--recovered", "2000", "--date", "2026-03-02")
    assert much.code == 2 and "more than the 1005.00 EUR open" in much.err


def test_escalate_dry_run_json_and_closed_period(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    dry = arl("-L", root, "escalate", "INV-1", "--to", "X", "--dry-run", "--date", "2026-03-01")
    assert dry.code == 0 and "dry run: nothing was written" in dry.out
    assert "escalated" not in (root / "invoices/2026/INV-1.yaml").read_text()
    ledger = root / "ledger.yaml"
    ledger.write_text(ledger.read_text() + "locked_until: 2026-02-28\n")
    inside = arl("-L", root, "escalate", "INV-1", "--to", "X", "--date", "2026-02-27")
    assert inside.code != 0 and "closed" in inside.err
    done = arl(
        "-L", root, "escalate", "INV-1", "--to", "X", "--date", "2026-03-01", "--format", "json"
    )
    assert json.loads(done.out)["result"] == {"invoices": ["INV-1"], "to": "X", "reference": None}
