"""Amounts, dates and rates the way the customer's locale writes them, as Jinja filters.

`1.234,56 €` for de_DE, `€1,234.56` for en_IE: babel knows each locale's symbols, grouping
and date forms. Amounts are Decimal all the way to the formatted text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import jinja2
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from ar.errors import ArlError


def parse_locale(name: str, where: str) -> Locale:
    """A babel locale from `de_DE` or `de-DE`; an unknown name is an input error at `where`."""
    try:
        return Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise ArlError(
            f"{where}: unknown locale '{name}'", "use a name like en_GB, de_DE or fr"
        ) from None


def filters(locale: Locale) -> dict[str, Callable[..., Any]]:
    """Jinja filters bound to one locale: money, date, number, percent."""

    @jinja2.pass_context
    def money(context: Any, amount: Decimal, currency: str | None = None) -> str:
        code = currency or context["letter"]["currency"]
        return str(format_currency(amount, code, locale=locale))

    def date(value: dt.date, form: str = "long") -> str:
        return str(format_date(value, format=form, locale=locale))

    def number(value: Decimal | int) -> str:
        return str(format_decimal(value, locale=locale))

    def percent(value: Decimal) -> str:
        return str(format_percent(value, format="#,##0.##%", locale=locale))

    return {"money": money, "date": date, "number": number, "percent": percent}
