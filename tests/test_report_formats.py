"""Every report that offers xlsx writes a real workbook, holding what its CSV holds.

One dispatcher (`ar.render.table.print_report`) gives each report its CSV, JSON and xlsx
forms, so a workbook's first sheet and the CSV agree cell by cell. A workbook is bytes: to
a file or a pipe it goes, to a terminal it is refused with one line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import typer

from tests.conftest import Result

Arl = Callable[..., Result]
Ledger = Callable[[dict[str, str]], Path]
DAY = "2026-11-20"
RUNS = {
    "aging": [["aging"], ["aging", "--by", "invoice", "--basis", "invoice_date"]],
    "metrics": [["metrics"], ["metrics", "--by-month", "-c", "FUCHS"]],
    "forecast": [["forecast"]],
    "allowance": [["allowance"]],
    "query": [["query", "SELECT invoice, customer, open FROM open_items ORDER BY invoice"]],
    "worklist": [["worklist"]],
    "remind": [["remind", "--dry-run"]],
    "customer list": [["customer", "list"]],
    "customer show": [["customer", "show", "BERGMANN"]],
    "invoice list": [["invoice", "list", "--open"]],
    "invoice show": [["invoice", "show", "INV-2026-0001"]],
}


def with_format(command: Any, path: str = "") -> Iterator[str]:
    """Every command (space-separated path) that has a --format option."""
    for name, sub in getattr(command, "commands", {}).items():
        yield from with_format(sub, f"{path} {name}".strip())
    if any("--format" in getattr(param, "opts", ()) for param in command.params):
        yield path


def xlsx_commands(arl: Arl) -> set[str]:
    """Every command whose --format offers xlsx, as its help says (export's target is an
    argument, not a --format)."""
    from ar.cli.app import app

    found = set()
    for path in with_format(typer.main.get_command(app)):
        shown = arl(*path.split(), "--help").out
        line = next(ln for ln in shown.splitlines() if "--format" in ln)
        if "xlsx" in line:
            found.add(path)
    return found


def workbook_rows(root: Path, args: list[str], out: Path) -> list[tuple[Any, ...]]:
    """The command run as a user would, its output redirected to a file."""
    with out.open("wb") as handle:
        done = subprocess.run(
            [sys.executable, "-m", "ar", "-L", str(root), *args, "-f", "xlsx"],
            stdout=handle,
            stderr=subprocess.PIPE,
            text=False,
            check=False,
        )
    assert done.returncode == 0, (args, done.stderr)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[-1] == "About"
    return list(book.worksheets[0].iter_rows(values_only=True))


def same(text: str, cell: Any) -> bool:
    """A CSV field and a workbook cell say the same thing."""
    if cell is None:
        return text == ""
    if isinstance(cell, bool):
        return text == ("yes" if cell else "")
    if isinstance(cell, dt.datetime):
        return text == cell.date().isoformat()
    if isinstance(cell, int | float):
        return Decimal(text) == Decimal(str(cell))
    return text in (cell, "'" + cell, cell.replace("; ", ";"))


def test_every_report_offering_xlsx_is_tested(arl: Arl) -> None:
    assert xlsx_commands(arl) == set(RUNS) | {"import"}


def test_each_workbook_holds_what_its_csv_holds(demo_copy: Path, arl: Arl, tmp_path: Path) -> None:
    compared = 0
    for command, runs in RUNS.items():
        for args in runs:
            rows = workbook_rows(demo_copy, [*args, "--as-of", DAY], tmp_path / "r.xlsx")
            if command.endswith("show"):
                assert rows[0] == ("Field", "Value") and len(rows) > 3, command
                continue
            text = arl("-L", demo_copy, *args, "--as-of", DAY, "-f", "csv").out
            fields = list(csv.reader(io.StringIO(text)))
            assert len(rows[0]) == len(fields[0]), args
            body = rows[1 : len(fields)]
            assert len(body) == len(fields) - 1, args
            for want, got in zip(fields[1:], body, strict=True):
                assert all(same(t, c) for t, c in zip(want, got, strict=True)), (args, want, got)
            compared += len(body)
    assert compared > 100


def test_an_import_preview_as_a_workbook(ledger: Ledger, tmp_path: Path) -> None:
    root = ledger({})
    sheet = tmp_path / "customers.csv"
    sheet.write_text("id,name\nNEWCO,New Co\n")
    args = ["import", "customers", str(sheet), "--dry-run"]
    rows = workbook_rows(root, args, tmp_path / "import.xlsx")
    assert any("NEWCO" in row for row in rows)


def test_a_workbook_is_not_written_to_a_terminal(ledger: Ledger) -> None:
    root = ledger({})
    main, terminal = os.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ar", "-L", str(root), "aging", "-f", "xlsx"],
            stdout=terminal,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(terminal)
        os.close(main)
    assert done.returncode == 2
    assert done.stderr == (
        "arl: an xlsx workbook is binary and not for a terminal "
        "(redirect it to a file: ... -f xlsx > report.xlsx)\n"
    )


def test_an_exported_workbook_names_its_output_option(ledger: Ledger) -> None:
    root = ledger({})
    main, terminal = os.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ar", "-L", str(root), "export", "xlsx"],
            stdout=terminal,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(terminal)
        os.close(main)
    assert done.returncode == 2 and "-o book.xlsx" in done.stderr


def test_a_workbook_goes_down_a_pipe(ledger: Ledger) -> None:
    root = ledger({})
    done = subprocess.run(
        [sys.executable, "-m", "ar", "-L", str(root), "forecast", "-f", "xlsx"],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(io.BytesIO(done.stdout))
    assert book.sheetnames == ["Expected receipts", "About"]
