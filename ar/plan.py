"""What a recording decision produces: records to create or replace, and what to tell the user.

Decisions are pure: they take the book and a request and return a `Plan`. The store turns
a plan into file writes; `book_with` applies it in memory, so a plan can be checked (and
property tests can run thousands of them) without touching a file.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ar.book import Book, record_key
from ar.errors import ArlError
from ar.model import CreditNote, Customer, Invoice, Payment, Record
from ar.money import ZERO, fits_currency, format_amount

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


@dataclass(frozen=True)
class Change:
    """One record written: `old` is None for a new record, else the record it replaces."""

    old: Record | None
    new: Record
    summary: str


@dataclass(frozen=True)
class Plan:
    changes: tuple[Change, ...]
    notes: tuple[str, ...] = ()
    result: dict[str, Any] = field(default_factory=dict)


def book_with(book: Book, changes: tuple[Change, ...] | list[Change]) -> Book:
    """The book after the changes: new records added, replaced ones swapped in place."""
    customers, invoices = dict(book.customers), dict(book.invoices)
    payments, notes = dict(book.payments), dict(book.credit_notes)
    tables: dict[type[Record], dict[str, Any]] = {
        Customer: customers,
        Invoice: invoices,
        Payment: payments,
        CreditNote: notes,
    }
    for change in changes:
        tables[type(change.new)][record_key(change.new)] = change.new
    return Book(book.ledger, customers, invoices, payments, notes, dict(book.recurring))


def require_amount(amount: Decimal, currency: str, what: str = "amount") -> Decimal:
    """An amount a user typed: positive and no finer than the currency's minor unit."""
    if not amount.is_finite() or amount <= ZERO:
        raise ArlError(f"{what} must be more than zero (got {amount})")
    if not fits_currency(amount, currency):
        raise ArlError(f"{what} {amount} has more decimals than {currency} allows")
    return Decimal(format_amount(amount, currency))


def money(amount: Decimal, currency: str) -> str:
    """An amount as messages show it: '1250.00 EUR'."""
    return f"{format_amount(amount, currency)} {currency}"


def lookup(table: dict[str, T], key: str, kind: str) -> T:
    """A record by id or number, or an error that suggests the closest one."""
    found = table.get(key)
    if found is not None:
        return found
    close = difflib.get_close_matches(key, list(table), n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"see 'arl {kind.split()[0]} list'"
    raise ArlError(f"no {kind} '{key}'", hint)


def validated(model: type[M], data: dict[str, Any], what: str) -> M:
    """A record built from user input; the first thing wrong with it becomes a one-line error."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(step) for step in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        raise ArlError(f"{what}: {where + ': ' if where else ''}{message}") from None
