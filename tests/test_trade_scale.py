"""Import -> check -> aging -> export -> hledger agree on a generated book of 5,000 invoices.

The spreadsheets come from a seeded generator (tests/trade_book.py) in three dialects: a
UTF-8 file with a byte-order mark, a German Windows-1252 file with semicolons, decimal
commas and d.m.Y dates, and a plain CSV of receipts that sometimes name their invoice and
sometimes leave arl to apply them oldest due first.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from tests.conftest import Result
from tests.tools import arl_balances, hledger_balances, run, tool
from tests.trade_book import generate

Arl = Callable[..., Result]
AS_OF = "2026-12-31"
INVOICE_MAP = (
    "number=Rechnung,customer=Kunde,date=Datum,description=Text,quantity=Menge,"
    "unit_price=Preis,tax_rate=USt"
)


def test_five_thousand_invoices_agree_end_to_end(tmp_path: Path, arl: Arl) -> None:
    sheets = generate(tmp_path, 5000)
    root = tmp_path / "book"
    assert arl("init", root).code == 0
    steps = [
        ("customers", sheets["customers"], "id=Kunde,email=E-Mail,terms=Zahlungsziel"),
        ("invoices", sheets["invoices"], INVOICE_MAP),
        ("payments", sheets["payments"], ""),
    ]
    for kind, sheet, mapping in steps:
        options = ["--map", mapping] if mapping else []
        result = arl("-L", root, "import", kind, sheet, *options)
        assert result.code == 0, result.err
    checked = arl("-L", root, "check")
    assert checked.code == 0, checked.out
    assert "5000 invoices" in checked.err

    again = arl("-L", root, "import", "invoices", sheets["invoices"], "--map", INVOICE_MAP)
    assert "imported 0 invoices" in again.err and "5000 already in the ledger" in again.err

    aged = json.loads(arl("-L", root, "aging", "-f", "json", "--as-of", AS_OF).out)
    rows = aged["rows"]
    for row in rows:  # every customer's buckets add up to what it owes
        assert sum(Decimal(row[b]) for b in aged["buckets"]) == Decimal(row["total"])
    journal = tmp_path / "book.journal"
    exported = arl("-L", root, "export", "hledger", "--as-of", AS_OF, "-o", journal)
    assert exported.code == 0, exported.err
    hledger_check = run(tool("hledger"), "-f", journal, "check")
    assert hledger_check.returncode == 0, hledger_check.stderr

    owed = hledger_balances(journal, "assets:receivable")
    assert owed == arl_balances(rows, "total")
    assert len(owed) > 150  # most of the 200 customers still owe something
    credit = hledger_balances(journal, "liabilities:customer-credit")
    assert credit == arl_balances(rows, "unapplied", -1)
    assert credit  # some receipts paid more than their invoice owed
