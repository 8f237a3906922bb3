"""A line of a bank statement, whatever format it came in, and CSV statements read into lines.

Every line carries a reference that stays the same each time the same statement is read:
the bank's own where it gives one, else a digest of the line, so reconciling a statement
twice records nothing twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from ar.errors import Problem, Source
from ar.imports.mapping import Columns
from ar.imports.rows import RowError, read_fields
from ar.imports.table import Table


@dataclass(frozen=True)
class BankLine:
    """One booked movement on the account: positive amounts are money received."""

    source: Source
    date: dt.date
    amount: Decimal
    currency: str
    text: str = ""
    name: str = ""
    reference: str = ""
    account: str = ""


def with_references(lines: list[BankLine]) -> list[BankLine]:
    """Lines without a bank reference get `BANK-<digest>` of date, amount, payer and text."""
    seen: Counter[str] = Counter()
    out = []
    for line in lines:
        if line.reference:
            out.append(line)
            continue
        basis = f"{line.date}|{line.amount}|{line.currency}|{line.name}|{line.text}"
        seen[basis] += 1
        digest = hashlib.sha256(f"{basis}|{seen[basis]}".encode()).hexdigest()[:12]
        out.append(replace(line, reference=f"BANK-{digest}"))
    return out


def lines_from_table(
    table: Table, columns: Columns, currency: str
) -> tuple[list[BankLine], list[Problem]]:
    """A CSV statement: `amount` signed, or separate `credit` and `debit` columns."""
    lines: list[BankLine] = []
    problems: list[Problem] = []
    if "amount" not in columns.index and "credit" not in columns.index:
        problems.append(
            Problem(Source(table.name, 1), "no amount or credit column", "map one with --map")
        )
        return lines, problems
    for number, cells in table.rows:
        source = Source(table.name, number)
        try:
            values = read_fields(table, columns, cells, "bank")
            lines.append(_bank_line(values, source, currency))
        except RowError as exc:
            problems.append(Problem(source, str(exc)))
        except KeyError:
            problems.append(Problem(source, f"{columns.label(table, 'date')} is empty"))
    return with_references(lines), problems


def _bank_line(values: dict[str, Any], source: Source, currency: str) -> BankLine:
    amount = values.get("amount")
    if amount is None:
        amount = values.get("credit", Decimal(0)) - abs(values.get("debit", Decimal(0)))
    return BankLine(
        source,
        values["date"],
        amount,
        values.get("currency", currency),
        values.get("text", ""),
        values.get("name", ""),
        values.get("reference", ""),
        values.get("account", ""),
    )
