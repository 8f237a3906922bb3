"""A report as data: columns, rows and totals. Rendering lives in `ar.render`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
