"""Amounts in another currency, at the ECB reference rate of a day.

Quotes are units of a currency per 1 EUR; the rate from A to B on a day is B's quote over
A's, each the latest published on or before the day (no rate is published on weekends and
holidays). The rate's own date goes with every conversion, so a report can say which day's
rate it used. A currency with no quote by that day is an error naming both, never a guess.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ar.errors import ArlError

Quotes = dict[dt.date, dict[str, Decimal]]
EURO = "EUR"
ONE = Decimal(1)


@dataclass(frozen=True)
class Conversion:
    """Units of `target` for one unit of `source`, from the quotes of `day`."""

    source: str
    target: str
    rate: Decimal
    day: dt.date


def quote(quotes: Quotes, currency: str, day: dt.date) -> tuple[Decimal, dt.date]:
    """The latest quote of `currency` per EUR published on or before `day`."""
    if currency == EURO:
        return ONE, day
    published = [d for d, rates in quotes.items() if d <= day and currency in rates]
    if not published:
        raise ArlError(
            f"no {currency} exchange rate on or before {day}",
            "import the ECB's rates: arl rates import eurofxref-hist.csv",
        )
    latest = max(published)
    return quotes[latest][currency], latest


def conversion(quotes: Quotes, source: str, target: str, day: dt.date) -> Conversion:
    """The rate from `source` to `target` on `day`, dated by the older of its two quotes."""
    if source == target:
        return Conversion(source, target, ONE, day)
    source_quote, source_day = quote(quotes, source, day)
    target_quote, target_day = quote(quotes, target, day)
    return Conversion(source, target, target_quote / source_quote, min(source_day, target_day))
