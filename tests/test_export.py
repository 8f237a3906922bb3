"""`arl export`: journals that hledger, ledger and bean-check accept and that agree with arl."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from ar.errors import ArlError
from ar.export.beancount import Names, component, convert
from ar.model.trade import ExportAccounts
from tests.conftest import Result
from tests.tools import arl_balances, hledger_balances, run, tool

Ledger = Callable[[dict[str, str]], Path]
Arl = Callable[..., Result]
Golden = Callable[[str, str], None]
AS_OF = "2026-04-30"


def inv(number: str, customer: str, date: str, price: str, extra: str = "", tax: str = "") -> str:
    rate = f"\n    tax_rate: {tax}" if tax else ""
    return (
        f"number: {number}\ncustomer: {customer}\ndate: {date}\n"
        f"lines:\n  - description: Work\n    quantity: 1\n    unit_price: {price}{rate}\n{extra}"
    )


def pay(pid: str, customer: str, date: str, amount: str, apply: str = "") -> str:
    return f"id: {pid}\ncustomer: {customer}\ndate: {date}\namount: {amount}\n" + (
        f"apply:\n{apply}" if apply else ""
    )


BOOK = {
    "customers/ACME.yaml": "id: ACME\nname: Acme GmbH\nterms: 2/10 net 30\n",
    "customers/BETA.yaml": "id: BETA\nname: 'Beta; Inc | US'\ncurrency: USD\n",
    "customers/acme.de.yaml": "id: acme.de\nname: '=HYPERLINK(\"http://x\")'\n",
    "customers/acme-de.yaml": "id: acme-de\nname: Acme DE\n",
    "customers/NIPPON.yaml": "id: NIPPON\nname: Nippon KK\ncurrency: JPY\n",
    "invoices/2026/INV-1.yaml": inv("INV-1", "ACME", "2026-01-05", "1000.00", tax="0.19"),
    "invoices/2026/INV-2.yaml": inv(
        "INV-2",
        "ACME",
        "2026-01-20",
        "500.00",
        "events:\n  - date: 2026-03-01\n    type: fee\n    amount: 10.00\n    reason: reminder\n"
        "  - date: 2026-03-15\n    type: interest\n    amount: 4.11\n    rate: 0.10\n"
        "    from: 2026-02-19\n    to: 2026-03-15\n",
    ),
    "invoices/2026/INV-3.yaml": inv("INV-3", "BETA", "2026-02-01", "300.00"),
    "invoices/2026/INV-4.yaml": inv("INV-4", "BETA", "2026-02-10", "120.00"),
    "invoices/2026/INV-5.yaml": inv(
        "INV-5",
        "acme.de",
        "2026-02-15",
        "200.00",
        "events:\n  - date: 2026-04-01\n    type: write_off\n    amount: 200.00\n"
        "    reason: insolvent\n",
    ),
    "invoices/2026/INV-6.yaml": inv(
        "INV-6",
        "acme-de",
        "2026-02-16",
        "100.00",
        "events:\n  - date: 2026-02-18\n    type: fee\n    amount: 5.00\n    reason: setup\n"
        "  - date: 2026-02-20\n    type: void\n    reason: wrong customer\n",
    ),
    "invoices/2026/INV-7.yaml": inv("INV-7", "NIPPON", "2026-03-01", "3000"),
    "invoices/2026/INV-8.yaml": inv("INV-8", "ACME", "2026-05-10", "999.00"),
    "payments/2026/P-1.yaml": pay(
        "P-1",
        "ACME",
        "2026-01-10",
        "1166.20",
        "  - invoice: INV-1\n    amount: 1166.20\n    discount: 23.80\n",
    ),
    "payments/2026/P-2.yaml": pay(
        "P-2", "ACME", "2026-03-20", "200.00", "  - invoice: INV-2\n    amount: 200.00\n"
    ),
    "payments/2026/P-3.yaml": pay(
        "P-3",
        "BETA",
        "2026-02-20",
        "350.00",
        "  - invoice: INV-3\n    amount: 300.00\n"
        "  - invoice: INV-4\n    amount: 50.00\n    date: 2026-03-01\n",
    ),
    "payments/2026/P-4.yaml": pay(
        "P-4", "NIPPON", "2026-03-10", "1000", "  - invoice: INV-7\n    amount: 1000\n"
    ),
    "payments/2026/P-5.yaml": pay("P-5", "ACME", "2026-05-02", "100.00"),
    "credit-notes/2026/CN-1.yaml": "number: CN-1\ncustomer: ACME\ndate: 2026-02-01\n"
    "invoice: INV-2\namount: 50.00\nreason: damaged\n",
    "credit-notes/2026/CN-2.yaml": "number: CN-2\ncustomer: acme-de\ndate: 2026-03-01\n"
    "lines:\n  - description: Goodwill\n    unit_price: 100.00\n    tax_rate: 0.19\n",
}


@pytest.fixture
def root(ledger: Ledger, arl: Arl) -> Path:
    book = ledger(BOOK)
    assert arl("-L", book, "check").code == 0
    return book


def exported(arl: Arl, root: Path, target: str, tmp_path: Path) -> Path:
    out = tmp_path / f"book.{target}"
    result = arl("-L", root, "export", target, "--as-of", AS_OF, "-o", out)
    assert result.code == 0, result.err
    return out


def customer_rows(arl: Arl, root: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = json.loads(
        arl("-L", root, "customer", "list", "-f", "json", "--as-of", AS_OF).out
    )["rows"]
    return rows


def test_hledger_accepts_the_journal_and_agrees_to_the_cent(
    root: Path, arl: Arl, tmp_path: Path
) -> None:
    journal = exported(arl, root, "hledger", tmp_path)
    checked = run(tool("hledger"), "-f", journal, "check", "-s", "ordereddates")
    assert checked.returncode == 0, checked.stderr
    rows = customer_rows(arl, root)
    owed = hledger_balances(journal, "assets:receivable")
    assert owed == arl_balances(rows, "open")
    assert owed == {
        ("ACME", "EUR"): Decimal("264.11"),
        ("BETA", "USD"): Decimal("70.00"),
        ("NIPPON", "JPY"): Decimal("2000"),
    }
    credit = hledger_balances(journal, "liabilities:customer-credit")
    assert credit == arl_balances(rows, "unapplied", -1) == {("acme-de", "EUR"): Decimal("-119.00")}


def test_ledger_cli_reads_it_too(root: Path, arl: Arl, tmp_path: Path) -> None:
    journal = exported(arl, root, "ledger", tmp_path)
    result = run(tool("ledger"), "-f", journal, "bal", "assets:receivable")
    assert result.returncode == 0, result.stderr
    assert "264.11 EUR" in result.stdout and "2000 JPY" in result.stdout


def test_bean_check_accepts_the_beancount_file(root: Path, arl: Arl, tmp_path: Path) -> None:
    ledger_file = exported(arl, root, "beancount", tmp_path)
    result = run(tool("bean-check"), ledger_file)
    assert result.returncode == 0, result.stdout + result.stderr
    text = ledger_file.read_text()
    assert "2026-05-01 balance Assets:Receivable:ACME" in text  # end of AS_OF, checked next day
    assert "^INV-2" in text and "#customer-acme.de" in text
    assert "Assets:Receivable:Acme-de-2" in text  # acme.de and acme-de stay two accounts


def test_a_journal_that_disagrees_is_rejected(root: Path, arl: Arl, tmp_path: Path) -> None:
    journal = exported(arl, root, "hledger", tmp_path)
    text = journal.read_text()
    start = text.index("2026-03-20 * (P-2)")
    journal.write_text(text[:start] + text[text.index("\n\n", start) + 2 :])
    checked = run(tool("hledger"), "-f", journal, "check")
    assert checked.returncode != 0 and "balance assertion" in checked.stderr


def test_what_users_see(root: Path, arl: Arl, golden: Golden) -> None:
    hledger = arl("-L", root, "export", "hledger", "--as-of", AS_OF)
    beancount = arl("-L", root, "export", "beancount", "--as-of", AS_OF)
    golden("export.journal", hledger.out)
    golden("export.beancount", beancount.out)
    assert "INV-8" not in hledger.out and "P-5" not in hledger.out  # after the export date


def test_tables_for_spreadsheets_and_scripts(root: Path, arl: Arl, tmp_path: Path) -> None:
    invoices = arl("-L", root, "export", "csv", "--kind", "invoices", "--as-of", AS_OF)
    assert invoices.out.splitlines()[0] == (
        "number,customer,date,due,terms,currency,po,total,open,status,notes"
    )
    assert "INV-6,acme-de,2026-02-16,2026-03-18,,EUR,,100.00,0.00,void," in invoices.out
    customers = arl("-L", root, "export", "csv", "--kind", "customers", "--as-of", AS_OF)
    assert 'acme.de,"\'=HYPERLINK(""http://x"")"' in customers.out  # never a formula
    folder = tmp_path / "tables"
    assert arl("-L", root, "export", "csv", "-o", folder, "--as-of", AS_OF).code == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "allocations.csv", "credit-notes.csv", "customers.csv", "events.csv",
        "invoices.csv", "lines.csv", "payments.csv", "refunds.csv",
    ]  # fmt: skip
    body = json.loads(arl("-L", root, "export", "json", "--as-of", AS_OF).out)
    assert [a["invoice"] for a in body["allocations"]] == [
        "INV-1",
        "INV-3",
        "INV-4",
        "INV-7",
        "INV-2",
    ]
    assert (body["payments"][1]["id"], body["payments"][1]["unapplied"]) == ("P-3", "0.00")
    assert arl("-L", root, "export", "csv").code == 2


def test_xlsx_keeps_numbers_dates_and_text_apart(root: Path, arl: Arl, tmp_path: Path) -> None:
    out = exported(arl, root, "xlsx", tmp_path)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:3] == ["customers", "invoices", "lines"]
    invoices = list(book["invoices"].iter_rows(values_only=True))
    assert invoices[1][:3] == ("INV-1", "ACME", invoices[1][2])
    assert str(invoices[1][7]) == "1190" and invoices[1][2].year == 2026
    name = next(c for c in book["customers"]["B"] if str(c.value).startswith("=HYPER"))
    assert name.data_type == "s"


def test_any_report_as_xlsx(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "customers.xlsx"
    with out.open("wb") as handle:
        done = subprocess.run(
            [sys.executable, "-m", "ar", "-L", str(root), "customer", "list", "-f", "xlsx"],
            stdout=handle,
            check=False,
        )
    assert done.returncode == 0
    rows = list(openpyxl.load_workbook(out)["Customers"].iter_rows(values_only=True))
    assert rows[0][:2] == ("Customer", "Name") and len(rows) == 6


def test_beancount_names() -> None:
    assert component("acme_gmbh.de") == "Acme-gmbh-de"
    assert component("42") == "42" and component("_x") == "X"
    assert convert("revenue:sales") == "Income:Sales"
    names = Names(ExportAccounts(), ["a.b", "a-b", "a_b"])
    assert [names.of("receivable", c) for c in ("a.b", "a-b", "a_b")] == [
        "Assets:Receivable:A-b",
        "Assets:Receivable:A-b-2",
        "Assets:Receivable:A-b-3",
    ]
    with pytest.raises(ArlError, match="no beancount root"):
        convert("debtors:trade")


def test_every_table_can_be_asked_for_by_kind() -> None:
    from ar.cli.trade_commands import TableKind
    from ar.export.tables import KINDS

    assert [kind.value for kind in TableKind] == list(KINDS)
