"""The ECB's euro foreign exchange reference rates, in the three shapes it publishes them.

- `eurofxref-hist.csv`: `Date,USD,JPY,...,` (a trailing comma), one row a business day,
  newest first, `N/A` where a currency had no rate that day;
- `eurofxref.csv`, the day's rates: the same columns, but dates written `28 November 2026`
  and a space after each comma;
- the XML files: `<Cube time="2026-11-20"><Cube currency="USD" rate="1.0512"/>...`.
Rates are units of the currency per 1 EUR. Every rate is a plain positive decimal; anything
else is a problem naming the file and line, never a guess.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

from ar.errors import ArlError
from ar.formats.xmltree import Node, parse_xml
from ar.fx import Quotes

_RATE = re.compile(r"\d{1,9}(\.\d{1,10})?")
_CURRENCY = re.compile(r"[A-Z]{3}")


def read_ecb(data: bytes, name: str) -> Quotes:
    """The quotes of an ECB rates file, CSV or XML, told apart by their first bytes."""
    if data.lstrip()[:1] == b"<":
        return _from_xml(parse_xml(data, name), name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArlError(f"{name}: not an ECB rates file (not UTF-8 text)") from None
    return _from_csv(text, name)


def _from_csv(text: str, name: str) -> Quotes:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0][:1] != ["Date"]:
        raise ArlError(
            f"{name}:1: not an ECB rates file (its first column must be Date)",
            "use eurofxref-hist.csv, eurofxref.csv or their XML forms",
        )
    header = [currency_code(c.strip(), f"{name}:1") if c.strip() else "" for c in rows[0][1:]]
    quotes: Quotes = {}
    for line, row in enumerate(rows[1:], start=2):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        day = _day(cells[0], f"{name}:{line}")
        quotes[day] = {
            currency: _rate(value, f"{name}:{line}", currency)
            for currency, value in zip(header, cells[1:], strict=False)
            if currency and value and value != "N/A"
        }
    return quotes


def _from_xml(root: Node, name: str) -> Quotes:
    quotes: Quotes = {}
    for day_cube in root.all("Cube/Cube"):
        where = f"{name}:{day_cube.line}"
        day = _day(day_cube.attrs.get("time", ""), where)
        quotes[day] = {
            currency_code(cube.attrs.get("currency", ""), where): _rate(
                cube.attrs.get("rate", ""), where, ""
            )
            for cube in day_cube.all("Cube")
        }
    if not quotes:
        raise ArlError(f"{name}: no <Cube time=...> rates found", "use the ECB's eurofxref XML")
    return quotes


def _day(text: str, where: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d %B %Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ArlError(f"{where}: '{text[:20]}' is not a date", "ECB files write 2026-11-20")


def _rate(text: str, where: str, currency: str) -> Decimal:
    if not _RATE.fullmatch(text) or Decimal(text) == 0:
        label = f" for {currency}" if currency else ""
        raise ArlError(f"{where}: '{text[:20]}' is not a rate{label}", "a positive decimal")
    return Decimal(text)


def currency_code(text: str, where: str) -> str:
    if not _CURRENCY.fullmatch(text):
        raise ArlError(f"{where}: '{text[:20]}' is not a currency code", "e.g. USD")
    return text
