"""`arl import`: spreadsheets into records, every bad row named, nothing written twice."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from tests.conftest import Result

Ledger = Callable[[dict[str, str]], Path]
Arl = Callable[..., Result]
Golden = Callable[[str, str], None]

BOOK = {
    "customers/ACME.yaml": "id: ACME\nname: Acme GmbH\nterms: 2/10 net 30\n",
    "customers/BETA.yaml": "id: BETA\nname: Beta AG\n",
}
INVOICE_MAP = (
    "number=Rechnung,customer=Kunde,date=Datum,description=Text,amount=Betrag,tax_rate=USt"
)
GERMAN = (
    "Rechnung;Kunde;Datum;Text;Betrag;USt\r\n"
    "INV-1;ACME;01.03.2026;Beratung Büro;1.000,00;19%\r\n"
    "INV-2;Beta AG;02.03.2026;Wartung;250,5;\r\n"
    "INV-2;BETA;02.03.2026;Anfahrt;10;\r\n"
)


def files(root: Path, folder: str) -> dict[str, str]:
    base = root / folder
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(base.rglob("*.yaml"))}


def test_latin1_semicolons_and_decimal_commas(ledger: Ledger, arl: Arl, tmp_path: Path) -> None:
    root = ledger(BOOK)
    sheet = tmp_path / "rechnungen.csv"
    sheet.write_bytes(GERMAN.encode("cp1252"))
    result = arl("-L", root, "import", "invoices", sheet, "--map", INVOICE_MAP)
    assert result.code == 0, result.err
    assert "imported 2 invoices" in result.err
    text = (root / "invoices/2026/INV-1.yaml").read_text()
    assert text.startswith("# imported from rechnungen.csv line 2\nnumber: INV-1\n")
    assert "description: Beratung Büro\n    unit_price: 1000.00\n    tax_rate: 0.19\n" in text
    assert arl("-L", root, "check").code == 0
    assert arl("-L", root, "fmt", "--check").code == 0
    listed = json.loads(arl("-L", root, "invoice", "list", "-f", "json").out)["rows"]
    assert [(r["number"], r["customer"], r["total"]) for r in listed] == [
        ("INV-1", "ACME", "1190.00"),
        ("INV-2", "BETA", "260.50"),
    ]


def test_importing_again_writes_nothing(ledger: Ledger, arl: Arl, tmp_path: Path) -> None:
    root = ledger(BOOK)
    sheet = tmp_path / "inv.csv"
    sheet.write_text(GERMAN)
    assert arl("-L", root, "import", "invoices", sheet, "--map", INVOICE_MAP).code == 0
    before = files(root, "invoices")
    again = arl("-L", root, "import", "invoices", sheet, "--map", INVOICE_MAP)
    assert again.code == 0
    assert "imported 0 invoices from" in again.err and "2 already in the ledger" in again.err
    assert files(root, "invoices") == before


def test_bad_rows_are_named_and_stop_the_file(ledger: Ledger, arl: Arl, tmp_path: Path) -> None:
    root = ledger(BOOK)
    sheet = tmp_path / "inv.csv"
    sheet.write_text(
        "number,customer,date,amount\n"
        "INV-1,ACME,2026-03-01,100.00\n"
        "INV-2,ACME,2026-02-30,100.00\n"
        "INV-3,NOBODY,2026-03-01,100.00\n"
        "INV-4,ACME,2026-03-01,12.3.4\n"
        "INV-5,ACME,2026-03-01,0.125\n"
    )
    result = arl("-L", root, "import", "invoices", sheet)
    assert result.code == 1
    assert f"{sheet}:3: column 'date' (date): '2026-02-30' is not a date" in result.err
    assert f"{sheet}:4: unknown customer 'NOBODY'" in result.err
    assert f"{sheet}:5: column 'amount' (amount): '12.3.4' is not an amount" in result.err
    assert "4 bad row(s)" not in result.err and "3 bad row(s)" in result.err
    assert "nothing was written" in result.err
    assert not (root / "invoices").exists()
    skipped = arl("-L", root, "import", "invoices", sheet, "--skip-bad")
    assert skipped.code == 1
    assert "imported 2 invoices" in skipped.err
    assert sorted(files(root, "invoices")) == [
        "invoices/2026/INV-1.yaml",
        "invoices/2026/INV-5.yaml",
    ]


def test_an_invoice_already_there_but_different_is_a_problem(
    ledger: Ledger, arl: Arl, tmp_path: Path
) -> None:
    root = ledger(
        {
            **BOOK,
            "invoices/2026/INV-1.yaml": "number: INV-1\ncustomer: ACME\ndate: 2026-03-01\n"
            "lines:\n  - description: Work\n    unit_price: 90.00\n",
        }
    )
    sheet = tmp_path / "inv.csv"
    sheet.write_text("number,customer,date,amount\nINV-1,ACME,2026-03-01,100.00\n")
    result = arl("-L", root, "import", "invoices", sheet)
    assert result.code == 1
    assert (
        f"{sheet}:2: invoice INV-1 is already in the ledger (invoices/2026/INV-1.yaml:1) with "
        "customer ACME, date 2026-03-01, total 90.00; this row says ACME, 2026-03-01, 100.00"
    ) in result.err


def test_dry_run_shows_what_would_be_written(
    ledger: Ledger, arl: Arl, tmp_path: Path, golden: Golden
) -> None:
    root = ledger(BOOK)
    sheet = tmp_path / "inv.csv"
    sheet.write_text(GERMAN)
    result = arl(
        "-L", root, "import", "invoices", sheet, "--map", INVOICE_MAP, "--dry-run", "-f", "csv"
    )
    assert result.code == 0
    golden("import_dry_run.csv", result.out)
    assert "would import 2 invoices" in result.err
    assert not (root / "invoices").exists()


def test_mapping_saved_in_ledger_yaml(ledger: Ledger, arl: Arl, tmp_path: Path) -> None:
    from tests.conftest import LEDGER_YAML

    saved = """\
imports:
  invoices:
    map:
      number: Rechnung
      customer: Kunde
      date: Datum
      description: Text
      amount: Betrag
      tax_rate: USt
    date_format: '%d.%m.%Y'
    decimal: ','
    delimiter: ';'
"""
    root = ledger({**BOOK, "ledger.yaml": LEDGER_YAML + saved})
    sheet = tmp_path / "inv.csv"
    sheet.write_text(GERMAN)
    result = arl("-L", root, "import", "invoices", sheet)
    assert result.code == 0, result.err
    assert (root / "invoices/2026/INV-2.yaml").exists()
    wrong = arl("-L", root, "import", "payments", sheet, "--mapping", "invoices")
    assert wrong.code == 2 and "mapping 'invoices' is for invoices, not payments" in wrong.err


def test_mapping_mistakes_get_suggestions(ledger: Ledger, arl: Arl, tmp_path: Path) -> None:
    root = ledger(BOOK)
    sheet = tmp_path / "inv.csv"
    sheet.write_text(GERMAN)
    typo = arl("-L", root, "import", "invoices", sheet, "--map", "numbr=Rechnung")
    assert typo.code == 2 and "did you mean 'number'?" in typo.err
    column = arl("-L", root, "import", "invoices", sheet, "--map", "number=Rechnungs")
    assert column.code == 2 and "has no column 'Rechnungs' (did you mean 'Rechnung'?)" in column.err
    missing = arl("-L", root, "import", "invoices", sheet, "--map", "number=#1")
    assert missing.code == 2
    assert "no column for customer, date" in missing.err and "columns are: Rechnung" in missing.err


PAYMENTS_BOOK = {
    **BOOK,
    "invoices/2026/INV-1.yaml": "number: INV-1\ncustomer: ACME\ndate: 2026-03-01\n"
    "lines:\n  - description: Work\n    unit_price: 1000.00\n",
    "invoices/2026/INV-2.yaml": "number: INV-2\ncustomer: ACME\ndate: 2026-03-05\n"
    "lines:\n  - description: Work\n    unit_price: 300.00\n",
    "invoices/2026/INV-3.yaml": "number: INV-3\ncustomer: BETA\ndate: 2026-03-05\n"
    "lines:\n  - description: Work\n    unit_price: 50.00\n",
}


def test_payments_allocate_oldest_first_with_discounts(
    ledger: Ledger, arl: Arl, tmp_path: Path
) -> None:
    root = ledger(PAYMENTS_BOOK)
    sheet = tmp_path / "pay.csv"
    sheet.write_text(
        "customer,date,amount,reference,invoice\n"
        "ACME,2026-03-08,980.00,TRX-1,\n"  # INV-1 in full within 10 days: 2 % off
        "ACME,2026-04-20,100.00,TRX-2,\n"  # part of INV-2
        "Beta AG,2026-04-21,60.00,TRX-3,INV-3\n"  # 10.00 more than INV-3 owes
    )
    result = arl("-L", root, "import", "payments", sheet)
    assert result.code == 0, result.err
    first = (root / "payments/2026/PAY-2026-0001.yaml").read_text()
    assert "apply:\n  - invoice: INV-1\n    amount: 980.00\n    discount: 20.00\n" in first
    second = (root / "payments/2026/PAY-2026-0002.yaml").read_text()
    assert "  - invoice: INV-2\n    amount: 100.00\n" in second
    assert arl("-L", root, "check").code == 0
    rows = json.loads(arl("-L", root, "customer", "list", "-f", "json").out)["rows"]
    assert {r["customer"]: (r["open"], r["unapplied"]) for r in rows} == {
        "ACME": ("200.00", "0.00"),
        "BETA": ("0.00", "10.00"),
    }
    again = arl("-L", root, "import", "payments", sheet)
    assert again.code == 0 and "3 already in the ledger" in again.err


def test_a_payment_for_someone_elses_invoice_is_refused(
    ledger: Ledger, arl: Arl, tmp_path: Path
) -> None:
    root = ledger(PAYMENTS_BOOK)
    sheet = tmp_path / "pay.csv"
    sheet.write_text("customer,date,amount,invoice\nBETA,2026-03-08,10.00,INV-1\n")
    result = arl("-L", root, "import", "payments", sheet)
    assert result.code == 1
    assert f"{sheet}:2: invoice INV-1 is not an open EUR invoice of BETA" in result.err


def test_customers_from_a_utf8_file_with_bom(ledger: Ledger, arl: Arl, tmp_path: Path) -> None:
    root = ledger({})
    sheet = tmp_path / "kunden.csv"
    rows = "id;name;email;credit_limit;hold\nMUE;Müller & Söhne;a@m.de, b@m.de;5.000;ja\n"
    sheet.write_bytes(b"\xef\xbb\xbf" + rows.encode())
    assert arl("-L", root, "import", "customers", sheet).code == 0
    text = (root / "customers/MUE.yaml").read_text()
    assert "name: Müller & Söhne\n" in text
    assert "email:\n  - a@m.de\n  - b@m.de\ncredit_limit: 5000.00\nhold: true\n" in text


def test_a_progress_bar_on_a_terminal_for_big_files(
    ledger: Ledger, arl: Arl, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ar.cli import trade_import
    from ar.cli.env import Env

    shown = io.StringIO()
    monkeypatch.setattr(trade_import, "PROGRESS_FROM", 2)
    monkeypatch.setattr(Env, "err", property(lambda _: Console(file=shown, force_terminal=True)))
    root = ledger(BOOK)
    sheet = tmp_path / "inv.csv"
    sheet.write_text(GERMAN)
    assert arl("-L", root, "import", "invoices", sheet, "--map", INVOICE_MAP).code == 0
    assert "writing inv.csv" in shown.getvalue()
