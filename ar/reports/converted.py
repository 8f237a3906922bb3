"""A report's amounts in one currency, for a reader who wants one total.

Reports never add two currencies; asked for amounts in, say, EUR, each row in another
currency is converted at the reference rate of the report's day and marked with the
currency it was in, and the totals become one row in EUR. The rates used, with the days
they were published, go into the report's meta so that every figure can be retraced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from ar.fx import Conversion, Quotes, conversion
from ar.money import round_money
from ar.reports.base import Column, Report, Row, currency_totals

PLACES = Decimal("1e-8")  # how precisely a report states the rate it used


def in_currency(
    report: Report, money: Sequence[str], target: str, quotes: Quotes, day: dt.date
) -> Report:
    """`report` with the `money` columns of every row in `target` at the rates of `day`;
    totals of the columns every row has a figure in (a credit limit may be none)."""
    used: dict[str, Conversion] = {}
    rows = []
    for row in report.rows:
        source = row["currency"]
        rate = used.setdefault(source, conversion(quotes, source, target, day))
        rows.append(_converted(row, money, rate))
    columns = _with_origin(report.columns)
    rates = [
        {"from": c.source, "to": c.target, "rate": c.rate.quantize(PLACES), "date": c.day}
        for c in sorted(used.values(), key=lambda c: c.source)
        if c.source != target
    ]
    meta = {**report.meta, "in": target, "rates": rates}
    summed = [key for key in money if all(row[key] is not None for row in rows)]
    totals = currency_totals(rows, summed)
    return replace(report, columns=columns, rows=rows, meta=meta, totals=totals)


def _converted(row: Row, money: Sequence[str], rate: Conversion) -> Row:
    amounts = {
        key: None if row[key] is None else round_money(row[key] * rate.rate, rate.target)
        for key in money
    }
    return {**row, **amounts, "currency": rate.target, "converted_from": rate.source}


def _with_origin(columns: list[Column]) -> list[Column]:
    """The columns with 'converted from' right after the currency."""
    out = []
    for column in columns:
        out.append(column)
        if column.key == "currency":
            out.append(Column("converted_from", "From"))
    return out
