"""The book as Parquet files, one per table, for DuckDB, Spark and warehouses.

The tables are `arl query`'s views (customers, invoices, lines, payments, allocations,
credit notes, events, and the open items and unapplied credit as of the export date), so
what a data team loads is what arl itself reports. Parquet gets real types where the views
hold text for SQLite's sake: dates as DATE, amounts as DECIMAL(22, 4) (every currency's
minor units fit; no binary float), quantities and rates as DECIMAL with six places.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from ar.book import Book
from ar.query.views import VIEWS, Source, View

DATES = frozenset({"date", "due", "void_on"})
AMOUNTS = frozenset(
    {"credit_limit", "total", "unit_price", "net", "tax", "amount", "applied", "refunded",
     "discount", "open"}
)  # fmt: skip
FRACTIONS = frozenset({"quantity", "tax_rate"})


def write_parquet(book: Book, as_of: dt.date, folder: Path) -> list[Path]:
    """One `<view>.parquet` per view in `folder`; the files written."""
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    source = Source(book, as_of)
    written = []
    for view in VIEWS:
        path = folder / f"{view.name}.parquet"
        pq.write_table(table(view, source), path)
        written.append(path)
    return written


def table(view: View, source: Source) -> Any:
    """The view's rows as an Arrow table with typed columns."""
    import pyarrow as pa

    rows = list(view.rows(source))
    arrays, fields = [], []
    for index, column in enumerate(view.columns):
        kind = _type(column.name, column.type)
        values = [_value(row[index], column.name, column.type) for row in rows]
        arrays.append(pa.array(values, type=kind))
        fields.append(pa.field(column.name, kind, metadata={"meaning": column.meaning}))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def _type(name: str, sql_type: str) -> Any:
    import pyarrow as pa

    if sql_type == "INTEGER":
        return pa.int64()
    if name in DATES:
        return pa.date32()
    if name in AMOUNTS:
        return pa.decimal128(22, 4)
    if name in FRACTIONS:
        return pa.decimal128(22, 6)
    return pa.string()


def _value(cell: Any, name: str, sql_type: str) -> Any:
    if cell is None or sql_type == "INTEGER":
        return cell
    if name in DATES:
        return dt.date.fromisoformat(cell)
    if name in AMOUNTS or name in FRACTIONS:
        return Decimal(cell)
    return cell
