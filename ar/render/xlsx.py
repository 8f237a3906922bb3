"""Reports as an Excel workbook, the file a bookkeeper's manager opens.

Amounts stay numbers (written from their Decimal text, formatted with the currency's
minor units), dates stay dates, and text that a spreadsheet would run as a formula
(`=`, `+`, `-`, `@`) is stored as plain text.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

from ar.errors import ArlError
from ar.money import minor_units
from ar.reports.base import Report, Row

_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def workbook(reports: list[Report]) -> bytes:
    """One sheet per report (columns, rows, then totals after a blank row), plus `About`."""
    try:
        from openpyxl import Workbook
    except ImportError:
        raise ArlError(
            "xlsx output needs openpyxl", "install it: pip install 'ar-ledger[xlsx]'"
        ) from None

    book = Workbook(write_only=True)
    names: set[str] = set()
    for report in reports:
        sheet = book.create_sheet(_sheet_name(report.title, names))
        sheet.append([_cell(sheet, c.label, bold=True) for c in report.columns])
        for row in report.rows:
            sheet.append([_cell(sheet, row.get(c.key), row) for c in report.columns])
        if report.totals:
            sheet.append([])
            for row in report.totals:
                sheet.append([_cell(sheet, row.get(c.key), row, bold=True) for c in report.columns])
    about = book.create_sheet(_sheet_name("About", names))
    for report in reports:
        for key, value in report.meta.items():
            about.append([report.title, key, _cell(about, value)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(sheet: Any, value: Any, row: Row | None = None, *, bold: bool = False) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str):
        value = _CONTROL.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    elif isinstance(value, Decimal):
        currency = (row or {}).get("currency")
        places = minor_units(currency) if isinstance(currency, str) else 2
        cell.number_format = "#,##0" + ("." + "0" * places if places else "")
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    if bold:
        cell.font = Font(bold=True)
    return cell


def _sheet_name(title: str, taken: set[str]) -> str:
    base = _SHEET_UNSAFE.sub(" ", title).strip()[:28] or "Sheet"
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        name = f"{base} {n}"
    taken.add(name.lower())
    return name
