"""Amounts and dates as spreadsheets write them: decimal commas, thousands marks, d.m.Y.

A column's style is detected once from all its values, never guessed row by row, so
`01/02/2026` cannot mean January in one row and February in the next. Amounts become
Decimal from their text; no float is involved anywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ar.errors import ArlError
from ar.money import parse_rate as money_rate

DATE_FORMATS = (
    "%Y-%m-%d",
    "%d.%m.%Y",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d-%m-%Y",
    "%Y/%m/%d",
    "%d.%m.%y",
    "%d/%m/%y",
    "%m/%d/%y",
    "%Y%m%d",
)
_SPACES = re.compile(r"[\s\u00a0\u202f']")
_SYMBOLS = re.compile(r"^[A-Z]{3}|[A-Z]{3}$|[€$£¥]")
_GROUPED = re.compile(r"\d{1,3}(,\d{3})+")
_PLAIN = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)", re.ASCII)  # no other script's digits


@dataclass(frozen=True)
class NumberStyle:
    """How a file writes numbers: the decimal mark and the thousands mark ('' for none)."""

    decimal: str = "."
    thousands: str = ""


def parse_amount(text: str, style: NumberStyle) -> Decimal:
    """`1.234,56` -> Decimal('1234.56') for a decimal-comma style; ValueError when not a number.

    Spaces, apostrophes and currency symbols or codes around the number are ignored;
    `(12.00)` and a trailing minus are negative, as accounting exports write them.
    """
    raw = text.strip()
    negative = (raw.startswith("(") and raw.endswith(")")) or raw.endswith("-")
    cleaned = _SYMBOLS.sub("", raw.strip("()").rstrip("-").strip())
    cleaned = _SPACES.sub("", cleaned)
    if style.thousands and style.thousands in cleaned:
        whole = cleaned.split(style.decimal)[0].lstrip("+-")
        if not _GROUPED.fullmatch(whole.replace(style.thousands, ",")):
            raise ValueError(f"'{text}' has its thousands marks in the wrong places")
        cleaned = cleaned.replace(style.thousands, "")
    if style.decimal != ".":
        if "." in cleaned:
            raise ValueError(f"'{text}' has a '.' but this file writes decimals with ','")
        cleaned = cleaned.replace(style.decimal, ".")
    if not _PLAIN.fullmatch(cleaned):
        raise ValueError(f"'{text}' is not an amount")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"'{text}' is not an amount") from None
    return -value if negative else value


def detect_number_style(samples: Iterable[str], delimiter: str) -> NumberStyle:
    """The style that reads every sample; what stays ambiguous follows the delimiter.

    `1.234,56` and `1,234.56` settle it, and so does a mark not followed by exactly three
    digits (`12,50`, `0.5`). Values like `1,234` or `5.000` alone could be either: a
    semicolon-separated file (the European form) then gets decimal commas, others points.
    """
    comma_decimal = point_decimal = False
    for text in samples:
        digits = _SPACES.sub("", text.strip())
        if "," in digits and "." in digits:
            if digits.rfind(",") > digits.rfind("."):
                comma_decimal = True
            else:
                point_decimal = True
        elif "," in digits:
            comma_decimal = comma_decimal or not _thousands_like(digits, ",")
        elif "." in digits:
            point_decimal = point_decimal or not _thousands_like(digits, ".")
    if comma_decimal and point_decimal:
        raise ArlError(
            "amounts mix decimal commas and decimal points",
            "pass --decimal ',' or --decimal '.' to say which",
        )
    if comma_decimal or (not point_decimal and delimiter == ";"):
        return NumberStyle(",", ".")
    return NumberStyle(".", ",")


def _thousands_like(digits: str, mark: str) -> bool:
    """`1,234` or `12.345.678`: every mark followed by three digits, not led by a zero."""
    whole = digits.lstrip("+-(")
    return bool(_GROUPED.fullmatch(whole.replace(mark, ","))) and not whole.startswith("0")


def detect_date_format(samples: Iterable[str]) -> str:
    """The format in DATE_FORMATS that reads the most samples (a bad date is a bad row).

    When day-first and month-first read equally many (all days <= 12), the dates are
    ambiguous and the user must say which.
    """
    values = [s.strip() for s in samples if s.strip()]
    if not values:
        return DATE_FORMATS[0]
    counts = {fmt: sum(_reads(v, fmt) for v in values) for fmt in DATE_FORMATS}
    best = max(counts.values())
    fitting = [fmt for fmt in DATE_FORMATS if counts[fmt] == best]
    if best == 0:
        raise ArlError(
            f"cannot tell the date format of values like '{values[0]}'",
            "pass --date-format, e.g. --date-format %d.%m.%Y",
        )
    if len(fitting) > 1:
        raise ArlError(
            f"dates like '{values[0]}' fit {' and '.join(fitting[:2])}",
            f"pass --date-format {fitting[0]} (or {fitting[1]})",
        )
    return fitting[0]


def parse_date(text: str, fmt: str) -> dt.date:
    """A date in the given strftime format; ValueError naming the expected form."""
    try:
        return dt.datetime.strptime(text.strip(), fmt).date()
    except ValueError:
        raise ValueError(f"'{text}' is not a date in the form {fmt}") from None


def parse_rate(text: str, style: NumberStyle) -> Decimal:
    """A tax rate, `19%` or `0.19` (`19 %`, `0,19` in a decimal-comma file), by the one rule
    of `ar.money.parse_rate`: a bare `19` is refused, as in a ledger file."""
    written = text.strip()
    percent = written.endswith("%")
    value = parse_amount(written.removesuffix("%"), style)
    return money_rate(f"{value}%" if percent else f"{value}")


def parse_bool(text: str) -> bool:
    word = text.strip().lower()
    if word in ("1", "y", "yes", "true", "x", "ja", "oui", "si"):
        return True
    if word in ("", "0", "n", "no", "false", "nein", "non"):
        return False
    raise ValueError(f"'{text}' is not yes or no")


def _reads(value: str, fmt: str) -> bool:
    try:
        dt.datetime.strptime(value, fmt)
    except ValueError:
        return False
    return True
