"""init, fmt, schema, and the customer and invoice listings through the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Result

Ledger = Callable[[dict[str, str]], Path]
Arl = Callable[..., Result]

BOOK = {
    "customers/ACME.yaml": "id: ACME\nname: Acme\ncredit_limit: 1000\n",
    "customers/BETA.yaml": "id: BETA\nname: Beta\ncurrency: USD\n",
    "invoices/2026/INV-1.yaml": "# spring work\nnumber: INV-1\ncustomer: ACME\n"
    "date: 2026-01-10\nlines:\n  - description: Work\n    unit_price: 500.5  # agreed\n",
    "invoices/2026/INV-2.yaml": "number: INV-2\ncustomer: BETA\ndate: 2026-02-20\n"
    "lines:\n  - description: Licence\n    quantity: 3\n    unit_price: 100\n",
    "payments/2026/P-1.yaml": "id: P-1\ncustomer: ACME\ndate: 2026-02-01\namount: 600\n"
    "apply:\n  - invoice: INV-1\n    amount: 200\n",
}


def test_init_creates_a_ledger_that_checks_clean(tmp_path: Path, arl: Arl) -> None:
    target = tmp_path / "new"
    assert arl("init", target).code == 0
    assert (target / ".gitignore").read_text().endswith(".arl-cache/\n")
    assert {p.name for p in target.iterdir()} >= {
        "ledger.yaml",
        "customers",
        "invoices",
        "payments",
        "credit-notes",
        "templates",
    }
    assert arl("-L", target, "check").code == 0
    assert arl("-L", target, "fmt", "--check").code == 0
    again = arl("init", target)
    assert again.code == 2
    assert "exists already" in again.err


def test_fmt_pads_amounts_and_keeps_comments(ledger: Ledger, arl: Arl) -> None:
    root = ledger(BOOK)
    check = arl("-L", root, "fmt", "--check")
    assert check.code == 1
    assert "would reformat invoices/2026/INV-1.yaml" in check.out
    assert arl("-L", root, "fmt").code == 0
    text = (root / "invoices/2026/INV-1.yaml").read_text()
    assert text.startswith("# spring work\n")
    assert "unit_price: 500.50 # agreed\n" in text  # the comment keeps its column
    assert "amount: 600.00\n" in (root / "payments/2026/P-1.yaml").read_text()
    assert arl("-L", root, "fmt", "--check").code == 0


def test_schema_covers_every_kind(arl: Arl) -> None:
    every = json.loads(arl("schema").out)
    assert set(every) == {"ledger", "customer", "invoice", "payment", "credit-note", "recurring"}
    invoice = json.loads(arl("schema", "invoice").out)
    assert invoice["additionalProperties"] is False
    assert "lines" in invoice["required"]
    assert arl("schema", "nope").code == 2


def test_invoice_list_json_as_of_a_date(ledger: Ledger, arl: Arl) -> None:
    root = ledger(BOOK)
    result = arl("-L", root, "invoice", "list", "--as-of", "2026-03-01", "--format", "json")
    rows = json.loads(result.out)["rows"]
    assert rows == [
        {
            "number": "INV-1",
            "customer": "ACME",
            "currency": "EUR",
            "date": "2026-01-10",
            "due": "2026-02-09",
            "total": "500.50",
            "open": "300.50",
            "days_past_due": 20,
            "status": "overdue",
        },
        {
            "number": "INV-2",
            "customer": "BETA",
            "currency": "USD",
            "date": "2026-02-20",
            "due": "2026-03-22",
            "total": "300.00",
            "open": "300.00",
            "days_past_due": 0,
            "status": "open",
        },
    ]
    early = arl("-L", root, "invoice", "list", "--as-of", "2026-01-31", "-f", "csv")
    assert early.out.splitlines() == [
        "number,customer,currency,date,due,total,open,days_past_due,status",
        "INV-1,ACME,EUR,2026-01-10,2026-02-09,500.50,500.50,0,open",
    ]
    overdue = arl("-L", root, "invoice", "list", "--overdue", "--as-of", "2026-03-01", "-f", "csv")
    assert [ln.split(",")[0] for ln in overdue.out.splitlines()[1:]] == ["INV-1"]


def test_customer_list_shows_unapplied_credit_per_currency(ledger: Ledger, arl: Arl) -> None:
    root = ledger(BOOK)
    rows = json.loads(
        arl("-L", root, "customer", "list", "--as-of", "2026-03-01", "-f", "json").out
    )["rows"]
    acme, beta = rows
    assert (acme["open"], acme["unapplied"], acme["credit_used"]) == ("300.50", "400.00", -9.9)
    assert (beta["currency"], beta["open"], beta["credit_limit"]) == ("USD", "300.00", None)


def test_show_commands(ledger: Ledger, arl: Arl) -> None:
    root = ledger(BOOK)
    invoice = json.loads(
        arl("-L", root, "invoice", "show", "INV-1", "--as-of", "2026-03-01", "-f", "json").out
    )
    assert invoice["activity"] == [
        {
            "date": "2026-02-01",
            "kind": "payment",
            "ref": "P-1",
            "amount": "-200.00",
            "currency": "EUR",
        }
    ]
    table = arl("-L", root, "customer", "show", "ACME", "--as-of", "2026-03-01")
    assert "INV-1" in table.out and "Acme" in table.out
    missing = arl("-L", root, "invoice", "show", "INV-3")
    assert missing.code == 2
    assert "no invoice 'INV-3' (did you mean 'INV-2'?)" in missing.err


def test_bad_date_is_a_usage_error(ledger: Ledger, arl: Arl) -> None:
    result = arl("-L", ledger(BOOK), "invoice", "list", "--as-of", "2026-13-01")
    assert result.code == 2
    assert "'2026-13-01' is not a date" in result.err


def test_no_ledger_found(tmp_path: Path, arl: Arl, monkeypatch: object) -> None:
    import os

    os.chdir(tmp_path)
    result = arl("check")
    assert result.code == 2
    assert "no ledger.yaml" in result.err
