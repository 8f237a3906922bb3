"""A report as data: columns, rows and totals. Rendering lives in `ar.render`."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ar.money import ZERO

Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = False


@dataclass(frozen=True)
class Report:
    title: str
    columns: list[Column]
    rows: list[Row]
    meta: dict[str, Any] = field(default_factory=dict)
    totals: list[Row] = field(default_factory=list)


def currency_totals(rows: list[Row], keys: list[str]) -> list[Row]:
    """One totals row per currency, summing `keys`: amounts of two currencies never meet."""
    totals: dict[str, dict[str, Decimal]] = {}
    for row in rows:
        into = totals.setdefault(row["currency"], dict.fromkeys(keys, ZERO))
        for key in keys:
            into[key] += row[key]
    return [{"currency": currency, **totals[currency]} for currency in sorted(totals)]
