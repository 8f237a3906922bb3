"""Which CSV column holds which record field, from `--map`, a saved profile, or the header.

A field maps to a column by header name (case and surrounding spaces ignored) or by its
1-based position written `#3`. Fields not mapped explicitly are found by a header of the
same name, so a file exported by arl itself imports with no mapping at all.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ar.errors import ArlError
from ar.imports.table import Table
from ar.imports.values import NumberStyle, detect_date_format, detect_number_style
from ar.model.trade import ImportProfile

# Every field each kind accepts; the required ones first. `bank` describes a statement.
FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "customers": (
        ("id", "name"),
        ("email", "address", "terms", "currency", "credit_limit", "hold", "tags", "notes"),
    ),
    "invoices": (
        ("number", "customer", "date"),
        (
            "due",
            "terms",
            "currency",
            "po",
            "notes",
            "description",
            "quantity",
            "unit_price",
            "amount",
            "tax_rate",
        ),
    ),
    "payments": (
        ("customer", "date", "amount"),
        ("id", "reference", "currency", "method", "invoice", "notes"),
    ),
    "bank": (
        ("date",),
        ("amount", "credit", "debit", "currency", "text", "name", "reference", "account"),
    ),
}
DATE_FIELDS = frozenset({"date", "due"})
AMOUNT_FIELDS = frozenset(
    {"amount", "unit_price", "quantity", "credit_limit", "credit", "debit", "tax_rate"}
)


@dataclass(frozen=True)
class Columns:
    """A resolved mapping: field -> column index, and how the file writes values."""

    index: dict[str, int]
    dates: dict[str, str]
    numbers: NumberStyle

    def get(self, cells: list[str], name: str) -> str:
        at = self.index.get(name)
        return cells[at].strip() if at is not None and at < len(cells) else ""

    def label(self, table: Table, name: str) -> str:
        """How to name a field's column in a message: `'Invoice No' (number)`."""
        at = self.index.get(name)
        return f"column '{table.header[at]}' ({name})" if at is not None else name


def parse_map(text: str | None) -> dict[str, str]:
    """`number=Invoice No,customer=#2` -> {'number': 'Invoice No', 'customer': '#2'}."""
    mapping: dict[str, str] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        field, sep, column = part.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise ArlError(f"--map item '{part}' is not FIELD=COLUMN", "e.g. --map number=Inv No")
        mapping[field.strip()] = column.strip()
    return mapping


def resolve(table: Table, kind: str, given: dict[str, str], profile: ImportProfile) -> Columns:
    """Map every field to a column; unknown fields or columns are errors with a suggestion."""
    required, optional = FIELDS[kind]
    known = (*required, *optional)
    wanted = {**profile.map, **given}
    headers = {_norm(h): i for i, h in enumerate(table.header)}
    index: dict[str, int] = {}
    for field, column in wanted.items():
        if field not in known:
            raise ArlError(f"{kind} have no field '{field}'", _suggest(field, known))
        index[field] = _column(table, headers, column)
    for field in known:
        if field not in index and field in headers:
            index[field] = headers[field]
    missing = [f for f in required if f not in index]
    if missing:
        raise ArlError(
            f"{table.name}: no column for {', '.join(missing)}",
            "map it with --map FIELD=COLUMN; columns are: " + ", ".join(table.header),
        )
    return Columns(index, {}, NumberStyle())


def with_styles(
    table: Table, columns: Columns, profile: ImportProfile, date_format: str | None, style: str
) -> Columns:
    """Fill in date formats per date column and the number style, detected unless given."""
    fmt = date_format or profile.date_format
    dates = {
        f: fmt or detect_date_format(table.column(i))
        for f, i in columns.index.items()
        if f in DATE_FIELDS
    }
    numbers = _number_style(table, columns, profile, style)
    return Columns(columns.index, dates, numbers)


def _number_style(
    table: Table, columns: Columns, profile: ImportProfile, given: str
) -> NumberStyle:
    decimal = given or profile.decimal
    if decimal:
        thousands = profile.thousands
        if thousands is None:
            thousands = "." if decimal == "," else ","
        return NumberStyle(decimal, thousands)
    samples = [
        value for f, i in columns.index.items() if f in AMOUNT_FIELDS for value in table.column(i)
    ]
    detected = detect_number_style(samples, table.delimiter)
    if profile.thousands is not None:
        return NumberStyle(detected.decimal, profile.thousands)
    return detected


def _column(table: Table, headers: dict[str, int], column: str) -> int:
    if column.startswith("#") and column[1:].isdigit():
        position = int(column[1:])
        if not 1 <= position <= len(table.header):
            raise ArlError(f"{table.name} has no column {column}", f"it has {len(table.header)}")
        return position - 1
    found = headers.get(_norm(column))
    if found is None:
        raise ArlError(f"{table.name} has no column '{column}'", _suggest(column, table.header))
    return found


def _norm(header: str) -> str:
    """Header names compare loosely: `Unit Price`, `unit-price` and `unit_price` are one."""
    return "_".join(header.strip().lower().replace("-", " ").split())


def _suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f"did you mean '{close[0]}'?" if close else "choose from: " + ", ".join(choices)
