"""Decimal money: minor units per currency, half-up rounding, plain text form.

Money never passes through binary floats: YAML numbers arrive here as Decimal built from
their text, and amounts leave as strings with the currency's minor units.
"""

from __future__ import annotations

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
