"""Smaller hostile inputs: ids a Windows or macOS checkout cannot hold, `-o` aimed at the
ledger's own files, formulas a spreadsheet would run, MT940 amounts read two ways, and a
camt.053 statement saved as UTF-16. Each is refused in one line or made harmless."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ar.errors import ArlError
from ar.formats.mt940 import read_mt940
from ar.formats.statement import detect_format, read_structured
from ar.render.report import _neutral
from tests.test_statements import MT940

ACME = "id: ACME\nname: Acme\n"
INVOICE = (
    "number: INV-2026-0001\ncustomer: ACME\ndate: 2026-01-05\n"
    "lines:\n  - description: Work\n    quantity: 1\n    unit_price: 100.00\n"
)


@pytest.mark.parametrize("key", ["CON", "nul", "Com1", "LPT9", "aux.yaml", "PRN.x", "ACME."])
def test_an_id_windows_cannot_hold_is_refused_at_entry(key: str, ledger: Any, arl: Any) -> None:
    root = ledger({"customers/ACME.yaml": ACME})
    result = arl("-L", root, "customer", "add", key, "--name", "X")
    assert result.code == 2
    assert result.err.strip().count("\n") == 0
    assert sorted(p.name for p in (root / "customers").iterdir()) == ["ACME.yaml"]


def test_an_id_windows_cannot_hold_is_a_problem_in_check(ledger: Any, arl: Any) -> None:
    root = ledger({"customers/CON.yaml": "id: CON\nname: Con\n"})
    result = arl("-L", root, "check")
    assert result.code == 1
    assert "customers/CON.yaml:1: id: is a name Windows keeps for a device" in result.out


def test_ids_differing_only_in_case_are_refused(ledger: Any, arl: Any) -> None:
    root = ledger({"customers/ACME.yaml": ACME})
    result = arl("-L", root, "customer", "add", "acme", "--name", "X")
    assert result.code == 2
    assert "'acme' differs from 'ACME' only in upper and lower case" in result.err
    (root / "customers/acme.yaml").write_text("id: acme\nname: Other\n")
    check = arl("-L", root, "check")
    assert check.code == 1
    assert "customers/acme.yaml:1: 'acme' differs from 'ACME'" in check.out


@pytest.mark.parametrize(
    "args",
    [
        ["export", "json", "-o", "ledger.yaml"],
        ["export", "json", "-o", "invoices/2026/INV-2026-0001.yaml"],
        ["export", "json", "-o", "customers/new.yaml"],
        ["export", "json", "-o", "templates/invoice.html"],
        ["export", "json", "-o", ".arl-cache/book"],
    ],
)
def test_output_never_overwrites_the_ledgers_own_files(
    args: list[str], ledger: Any, arl: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = ledger({"customers/ACME.yaml": ACME, "invoices/2026/INV-2026-0001.yaml": INVOICE})
    monkeypatch.chdir(root)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = arl("-L", root, *args)
    assert result.code == 2
    assert "will not write" in result.err and result.err.strip().count("\n") == 0
    assert arl("-L", root, "check").code == 0
    assert {p: p.read_bytes() for p in before} == before


def test_output_beside_the_ledger_files_is_fine(ledger: Any, arl: Any) -> None:
    root = ledger({"customers/ACME.yaml": ACME})
    assert arl("-L", root, "export", "json", "-o", root / "exports/book.json").code == 0
    assert (root / "exports/book.json").is_file()


@pytest.mark.parametrize(
    "text",
    [" =1+1", "＝1+1", "\u3000=HYPERLINK(1)", "﹦1", "＋1", "－1", "＠SUM(A1)", "\t=1", "\r=1"],
)
def test_csv_neutralises_formulas_behind_spaces_and_wide_forms(text: str) -> None:
    assert _neutral(text, text) == "'" + text


def test_csv_export_of_a_spaced_formula(ledger: Any, arl: Any) -> None:
    root = ledger({"customers/ACME.yaml": "id: ACME\nname: ' =HYPERLINK(1)'\n"})
    out = arl("-L", root, "customer", "list", "-f", "csv").out
    cells = [c for row in csv.reader(io.StringIO(out)) for c in row]
    assert "' =HYPERLINK(1)" in cells


@pytest.mark.parametrize("amount", ["1e3,00", "1.000,00", "1_000,00", "١٠٠,٠٠", "980,001"])
def test_mt940_amounts_are_read_strictly(amount: str) -> None:
    text = MT940.replace("C980,00NTRF", f"C{amount}NTRF")
    with pytest.raises(ArlError, match=r"march.sta:5: this :61: line does not read"):
        read_mt940(text, "march.sta")


def test_mt940_regular_amounts_still_read() -> None:
    lines, _ = read_mt940(MT940, "march.sta")
    assert [line.amount for line in lines] == [
        Decimal("980.00"),
        Decimal("-12.50"),
        Decimal("153.00"),
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_camt053_is_read_as_xml(encoding: str) -> None:
    data = Path(__file__).parent / "data" / "camt053-march.xml"
    text = data.read_text("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    raw = text.encode(encoding)
    assert detect_format(raw) == "camt053"
    lines, problems = read_structured(raw, "march.xml", "camt053")
    assert len(lines) == len(read_structured(data.read_bytes(), "m.xml", "camt053")[0])
    assert problems == []
