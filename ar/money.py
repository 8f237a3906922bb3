"""Decimal money: minor units per currency, half-up rounding, plain text form.

Money never passes through binary floats: YAML numbers arrive here as Decimal built from
their text, and amounts leave as strings with the currency's minor units.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)

# ISO 4217 currencies whose minor unit is not 2 digits; everything else has cents.
_MINOR_UNITS = {
    "BIF": 0,
    "CLP": 0,
    "DJF": 0,
    "GNF": 0,
    "ISK": 0,
    "JPY": 0,
    "KMF": 0,
    "KRW": 0,
    "PYG": 0,
    "RWF": 0,
    "UGX": 0,
    "UYI": 0,
    "VND": 0,
    "VUV": 0,
    "XAF": 0,
    "XOF": 0,
    "XPF": 0,
    "BHD": 3,
    "IQD": 3,
    "JOD": 3,
    "KWD": 3,
    "LYD": 3,
    "OMR": 3,
    "TND": 3,
}


def minor_units(currency: str) -> int:
    """How many decimal places an amount in this currency carries."""
    return _MINOR_UNITS.get(currency, 2)


def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round half-up to the currency's minor unit."""
    return amount.quantize(quantum(currency), rounding=ROUND_HALF_UP)


def decimal_places(amount: Decimal) -> int:
    """Decimal places written in the amount's text (12.50 -> 2, 12 -> 0)."""
    exponent = amount.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def fits_currency(amount: Decimal, currency: str) -> bool:
    """True when the amount has no more decimals than the currency allows."""
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent <= minor_units(currency):
        return True  # written with no more decimals than that: it fits (the usual case)
    return round_money(amount, currency) == amount


def format_amount(amount: Decimal, currency: str) -> str:
    """The plain text form used in files and machine output: '1250.00'.

    Padded to the currency's minor units; extra digits (a unit price of 0.125) are kept.
    """
    if decimal_places(amount) < minor_units(currency):
        amount = round_money(amount, currency)
    return f"{amount.copy_abs() if amount.is_zero() else amount:f}"


# Bounds that keep every sum and product of a book far inside Decimal's 28 digits, so no
# arithmetic of a book that passes `arl check` can fail; entry and `check` refuse beyond.
LARGEST_QUANTITY = Decimal(10) ** 9  # |quantity| below this, at most 6 decimals
LARGEST_PRICE = Decimal(10) ** 12  # |unit price| below this
LARGEST_AMOUNT = Decimal(10) ** 13  # line totals, invoice totals, payments, credits, fees
MOST_DECIMALS = 6  # in a quantity, a unit price or a rate

_PLAIN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?", re.ASCII)


def plain_decimal(text: str) -> Decimal:
    """`[-]digits[.digits]` in ASCII digits, and nothing else: no exponent, no `_`, no
    other script's digits, which Python's Decimal would all take; ValueError otherwise."""
    if not _PLAIN.fullmatch(text):
        raise ValueError(f"'{text}' is not a plain decimal number (write it like 1250.00)")
    return Decimal(text)


def rate_error(rate: Decimal, *, signed: bool = False) -> str | None:
    """Why `rate` is not a fraction (0.19 for 19 %), or None when it is one.

    A bare number above 1 is almost always a percentage written without its sign, which
    would charge a hundred times too much: refused with what was probably meant.
    """
    if not rate.is_finite():
        return "must be a number"
    if abs(rate) > 1:
        return (
            f"{rate} is above 1, and a rate is a fraction "
            f"(did you mean {rate.normalize():f}% ({rate / 100:f})?)"
        )
    if rate < 0 and not signed:
        return f"{rate} is negative"
    if decimal_places(rate) > MOST_DECIMALS + 2:
        return f"{rate} has more than {MOST_DECIMALS + 2} decimals"
    return None


def parse_rate(text: str, *, signed: bool = False) -> Decimal:
    """A rate as typed: `19%` or `0.19` both give 0.19; ValueError saying why not."""
    written = text.strip()
    percent = written.endswith("%")
    value = plain_decimal(written.removesuffix("%").strip())
    if percent and abs(value) > 100:
        raise ValueError(f"{written} is more than 100%")
    error = rate_error(value / 100 if percent else value, signed=signed)
    if error:
        raise ValueError(error)
    return value / 100 if percent else value
