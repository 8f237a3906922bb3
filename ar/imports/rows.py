"""CSV rows into records: each row read, converted and validated, or one problem naming it.

A problem is `file.csv:LINE: column 'Total' (amount): '12,3,4' is not an amount`, so the
person fixing the spreadsheet knows the row and the column. Rows sharing an invoice
number are the lines of one invoice.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from ar.book import Book
from ar.errors import Problem, Source
from ar.imports.mapping import AMOUNT_FIELDS, DATE_FIELDS, FIELDS, Columns
from ar.imports.table import Table
from ar.imports.values import parse_amount, parse_bool, parse_date, parse_rate
from ar.model import Customer, Invoice, Record
from ar.money import decimal_places, minor_units

_LIST_SPLIT = re.compile(r"[;,\s]+")
_HEADER_FIELDS = ("customer", "date", "due", "terms", "currency", "po", "notes")
_LINE_FIELDS = ("description", "quantity", "unit_price", "amount", "tax_rate")


class RowError(ValueError):
    """A row that cannot become a record; the message names the column."""


@dataclass(frozen=True)
class PaymentDraft:
    """A receipt read from a row, before it is matched to the ledger and allocated."""

    source: Source
    customer: str
    date: dt.date
    amount: Decimal
    currency: str
    id: str | None = None
    reference: str | None = None
    method: str | None = None
    notes: str | None = None
    invoices: list[str] = field(default_factory=list)


@dataclass
class Rows:
    """What a table yields: records (or drafts) in file order, and one problem per bad row."""

    records: list[Any] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_fields(table: Table, columns: Columns, cells: list[str], kind: str) -> dict[str, Any]:
    """Every mapped, non-empty field of a row converted to its type."""
    if any(cell.strip() for cell in cells[len(table.header) :]):
        raise RowError(
            f"{len(cells)} cells but the header has {len(table.header)} (a stray delimiter?)"
        )
    values: dict[str, Any] = {}
    errors: list[str] = []
    required, optional = FIELDS[kind]
    for name in (*required, *optional):
        text = columns.get(cells, name)
        if not text:
            continue
        try:
            values[name] = _convert(name, text, columns)
        except ValueError as exc:
            errors.append(f"{columns.label(table, name)}: {exc}")
    if errors:
        raise RowError("; ".join(errors))
    return values


def _convert(name: str, text: str, columns: Columns) -> Any:
    if name in DATE_FIELDS:
        return parse_date(text, columns.dates[name])
    if name == "tax_rate":
        return parse_rate(text, columns.numbers)
    if name == "hold":
        return parse_bool(text)
    if name in AMOUNT_FIELDS:
        return parse_amount(text, columns.numbers)
    if name in ("email", "tags", "invoice"):
        return [part for part in _LIST_SPLIT.split(text) if part]
    return text


class CustomerIndex:
    """Finds a customer by id, or by exactly its name as spreadsheets often hold it."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self._names = {c.name.strip().lower(): c.id for c in book.customers.values()}

    def find(self, text: str) -> str:
        if text in self.book.customers:
            return text
        found = self._names.get(text.strip().lower())
        if found is None:
            raise RowError(f"unknown customer '{text}' (import customers first, or fix the column)")
        return found

    def currency(self, customer: str) -> str:
        return self.book.currency_of(self.book.customers[customer])


def customers(table: Table, columns: Columns, book: Book) -> Rows:
    rows = Rows()
    for line, cells in table.rows:
        source = Source(table.name, line)
        try:
            values = read_fields(table, columns, cells, "customers")
            currency = values.get("currency") or book.ledger.currency
            if "credit_limit" in values:
                values["credit_limit"] = _pad(values["credit_limit"], currency)
            rows.records.append(_validated(Customer, values, source, table, columns))
        except RowError as exc:
            rows.problems.append(Problem(source, str(exc)))
    return rows


def invoices(table: Table, columns: Columns, book: Book) -> Rows:
    """One invoice per number; each row of that number adds a line."""
    found = CustomerIndex(book)
    heads: dict[str, tuple[Source, dict[str, Any]]] = {}
    lines: dict[str, list[dict[str, Any]]] = {}
    bad: set[str] = set()
    rows = Rows()
    for line, cells in table.rows:
        source = Source(table.name, line)
        try:
            values = read_fields(table, columns, cells, "invoices")
            number = str(values["number"]) if "number" in values else ""
            head = _invoice_head(values, found)
            if number in heads and heads[number][1] != head:
                raise RowError(
                    f"invoice {number} is on line {heads[number][0].line} with other "
                    "customer, date, terms or currency"
                )
            heads.setdefault(number, (source, head))
            currency = head.get("currency") or found.currency(head["customer"])
            lines.setdefault(number, []).append(_invoice_line(values, number, currency))
        except RowError as exc:
            rows.problems.append(Problem(source, str(exc)))
            bad.add(columns.get(cells, "number"))
    for number, (source, head) in heads.items():
        if number in bad:
            continue
        data = {"number": number, **head, "lines": lines[number]}
        try:
            rows.records.append(_validated(Invoice, data, source, table, columns))
        except RowError as exc:
            rows.problems.append(Problem(source, str(exc)))
    return rows


def _invoice_head(values: dict[str, Any], found: CustomerIndex) -> dict[str, Any]:
    if "customer" not in values:
        raise RowError("the customer is empty")
    head = {k: values[k] for k in _HEADER_FIELDS if k in values}
    head["customer"] = found.find(head["customer"])
    if head.get("currency") == found.currency(head["customer"]):
        del head["currency"]
    return head


def _invoice_line(values: dict[str, Any], number: str, currency: str) -> dict[str, Any]:
    """A line from the row; `amount` alone is a line of quantity 1 at that price."""
    line = {k: values[k] for k in _LINE_FIELDS if k in values}
    price = line.pop("amount", None)
    if "unit_price" not in line:
        if price is None:
            raise RowError("no unit_price or amount for the line")
        line["unit_price"] = price
    if decimal_places(line["unit_price"]) < minor_units(currency):
        line["unit_price"] = _pad(line["unit_price"], currency)
    line.setdefault("description", f"Invoice {number}")
    return line


def payments(table: Table, columns: Columns, book: Book) -> Rows:
    found = CustomerIndex(book)
    rows = Rows()
    for line, cells in table.rows:
        source = Source(table.name, line)
        try:
            values = read_fields(table, columns, cells, "payments")
            customer = found.find(values["customer"])
            currency = values.get("currency") or found.currency(customer)
            amount = _pad(values["amount"], currency)
            if amount <= 0:
                raise RowError(f"{columns.label(table, 'amount')}: a receipt must be positive")
            draft = PaymentDraft(
                source,
                customer,
                values["date"],
                amount,
                currency,
                id=values.get("id"),
                reference=values.get("reference"),
                method=values.get("method"),
                notes=values.get("notes"),
                invoices=values.get("invoice", []),
            )
            rows.records.append(draft)
        except RowError as exc:
            rows.problems.append(Problem(source, str(exc)))
        except KeyError as exc:
            rows.problems.append(Problem(source, f"{columns.label(table, exc.args[0])} is empty"))
    return rows


def _pad(amount: Decimal, currency: str) -> Decimal:
    """An amount with the currency's minor units; more decimals than it allows is an error."""
    places = minor_units(currency)
    if decimal_places(amount) > places:
        raise RowError(f"{amount} has more decimals than {currency} allows ({places})")
    return amount.quantize(Decimal(1).scaleb(-places))


def _validated(
    model: type[Record], data: dict[str, Any], source: Source, table: Table, columns: Columns
) -> Record:
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        messages = []
        for error in exc.errors():
            loc = [str(step) for step in error["loc"]]
            name = loc[-1] if loc and loc[0] == "lines" else (loc[0] if loc else "")
            where = columns.label(table, name) if name in columns.index else name or "row"
            if error["type"] == "missing":
                messages.append(f"{where} is empty")
            else:
                messages.append(f"{where}: {str(error['msg']).removeprefix('Value error, ')}")
        raise RowError("; ".join(messages)) from None
    return record.located(source)
