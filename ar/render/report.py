"""Reports rendered as CSV or JSON (tables: `ar.render.table`).

Rows hold Decimals, dates and text; rendering formats amounts with the row's currency
(minor units), dates as ISO, and leaves arithmetic to whoever built the report.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import unicodedata
from decimal import Decimal
from typing import Any

from ar.money import format_amount
from ar.reports.base import Report, Row

NOT_MONEY = frozenset({"quantity", "tax_rate", "rate", "percent"})


def plain(value: Any, currency: str | None) -> Any:
    """A value as JSON wants it, all the way down: amounts as strings with the minor units
    of `currency` (or of the `currency` of the mapping they are in), dates ISO."""
    if isinstance(value, Decimal):
        return format_amount(value, currency) if currency else format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [plain(item, currency) for item in value]
    if isinstance(value, dict):
        own = value.get("currency", currency)
        return {key: plain(item, own) for key, item in value.items()}
    return value


def plain_row(row: Row) -> Row:
    currency = row.get("currency")
    return {key: plain(value, None if key in NOT_MONEY else currency) for key, value in row.items()}


def as_json(report: Report, *, with_totals: bool = False) -> str:
    """Meta keys, then rows, then totals (when there are some, or always `with_totals`)."""
    body: dict[str, Any] = {key: plain(value, None) for key, value in report.meta.items()}
    body["rows"] = [plain_row(row) for row in report.rows]
    if report.totals or with_totals:
        body["totals"] = [plain_row(row) for row in report.totals]
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def as_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.key for c in report.columns])
    for row in report.rows:
        cells = plain_row(row)
        writer.writerow([_neutral(_cell(cells.get(c.key)), row.get(c.key)) for c in report.columns])
    return out.getvalue()


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _neutral(text: str, value: Any) -> str:
    """Text a spreadsheet would run as a formula, prefixed with ' so it stays text.

    Only text from records is touched: amounts arl writes (-12.50) stay numbers. Spaces
    before the sign and full-width or small forms of it (＝, ﹦, ＋) are what spreadsheets
    see through too: the text is judged as NFKC folds it, after any leading white space.
    """
    if not isinstance(value, str | list):
        return text
    folded = unicodedata.normalize("NFKC", text)
    if text.startswith(FORMULA_START) or folded.lstrip().startswith(FORMULA_START):
        return "'" + text
    return text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def cell_text(row: Row, key: str) -> str:
    """What a table cell shows: like CSV, with an em dash for an undefined figure."""
    value = row.get(key)
    return (
        "—"
        if value is None
        else _cell(plain_row({key: value, "currency": row.get("currency")})[key])
    )
