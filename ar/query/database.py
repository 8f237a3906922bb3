"""Read-only SQL over a book: an in-memory SQLite database of the views, then one query.

The database is built from the loaded book (nothing is written to disk) and then locked
three ways before the user's text runs: `PRAGMA query_only`, an authorizer that allows
reading and calling functions only (no ATTACH, no PRAGMA, no writes), and a first word
that must be SELECT or WITH. A progress handler stops a query after `seconds`, the
length of any value is bounded, and a result of more than `max_rows` rows is refused
rather than cut short, so a script never takes part of an answer for all of it.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import time
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ar.book import Book
from ar.errors import ArlError
from ar.query.views import VIEWS, Source, catalogue
from ar.reports.base import Column, Report, Row

READING = frozenset(
    {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}
)
FIRST_WORD = re.compile(r"(?:\s|--[^\n]*(?:\n|$)|/\*.*?\*/)*(\w+)", re.DOTALL)
MAX_VALUE_BYTES = 10_000_000


@dataclass(frozen=True)
class Limits:
    max_rows: int = 10_000
    seconds: float = 10.0


class DecimalSum:
    """`dsum(amount)`: the exact sum of TEXT amounts, as TEXT (NULLs skipped)."""

    def __init__(self) -> None:
        self.total: Decimal | None = None

    def step(self, value: object) -> None:
        if value is None:
            return
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            raise ValueError(f"dsum: {value!r} is not a decimal") from None
        self.total = amount if self.total is None else self.total + amount

    def finalize(self) -> str | None:
        return None if self.total is None else format(self.total, "f")


def database(book: Book, as_of: dt.date) -> sqlite3.Connection:
    """The views of the book as of the day, in memory, then made read-only."""
    db = sqlite3.connect(":memory:")
    src = Source(book, as_of)
    for view in VIEWS:
        names = ", ".join(f"{c.name} {c.type}" for c in view.columns)
        db.execute(f"CREATE TABLE {view.name} ({names})")
        marks = ", ".join("?" * len(view.columns))
        db.executemany(f"INSERT INTO {view.name} VALUES ({marks})", view.rows(src))
    db.execute("CREATE TABLE views (view TEXT, column TEXT, type TEXT, meaning TEXT)")
    db.executemany("INSERT INTO views VALUES (?, ?, ?, ?)", catalogue())
    db.commit()
    db.create_aggregate("dsum", 1, DecimalSum)  # type: ignore[arg-type]
    db.execute("PRAGMA query_only = ON")
    db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    db.set_authorizer(_only_reading)
    return db


def _only_reading(action: int, *_: str | None) -> int:
    return sqlite3.SQLITE_OK if action in READING else sqlite3.SQLITE_DENY


def run(db: sqlite3.Connection, sql: str, limits: Limits, as_of: dt.date) -> Report:
    """The rows of one SELECT (or WITH) statement as a report; one clear error otherwise.
    (`as_of` is the day the database was built for, told in the report.)"""
    first = FIRST_WORD.match(sql)
    if first is None or first.group(1).upper() not in ("SELECT", "WITH"):
        raise ArlError(
            "query refused: only SELECT and WITH statements run",
            "arl query only reads: write one SELECT (or WITH ... SELECT) statement",
        )
    deadline = time.monotonic() + limits.seconds
    db.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    try:
        cursor = db.execute(sql)
        found = cursor.fetchmany(limits.max_rows + 1)
    except sqlite3.OperationalError as exc:
        if str(exc) == "interrupted":
            raise ArlError(
                f"the query ran longer than {limits.seconds:g} s", "narrow it, or raise --timeout"
            ) from None
        raise _sql_error(exc) from None
    except (sqlite3.Error, ValueError) as exc:
        raise _sql_error(exc) from None
    if len(found) > limits.max_rows:
        raise ArlError(
            f"the query gives more than {limits.max_rows} rows", "add LIMIT, or raise --max-rows"
        )
    keys = _keys([d[0] for d in cursor.description or ()])
    rows = [dict(zip(keys, map(_cell, values), strict=True)) for values in found]
    columns = [Column(key, key, _numeric(rows, key)) for key in keys]
    return Report(f"Query as of {as_of}", columns, rows, {"as_of": as_of})


def _sql_error(exc: Exception) -> ArlError:
    text = " ".join(str(exc).split())
    if "not authorized" in text or "query_only" in text or "readonly" in text:
        return ArlError(f"query refused: {text}", "arl query only reads")
    return ArlError(f"SQL: {text}", "the views and their columns: SELECT * FROM views")


def _keys(names: list[str]) -> list[str]:
    """Column names, made unique (a second `id` becomes `id_2`) so each row is a mapping."""
    keys: list[str] = []
    for name in names:
        key, n = name, 1
        while key in keys:
            n += 1
            key = f"{name}_{n}"
        keys.append(key)
    return keys


def _cell(value: Any) -> Any:
    return value.hex() if isinstance(value, bytes) else value


def _numeric(rows: list[Row], key: str) -> bool:
    values = [row[key] for row in rows if row[key] is not None]
    return bool(values) and all(isinstance(v, int | float) for v in values)
