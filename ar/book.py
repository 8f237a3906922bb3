"""The whole ledger in memory: settings plus every record, indexed by id."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ar.errors import Problem
from ar.model import CreditNote, Customer, Invoice, Ledger, Payment, Record, Recurring

R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class Book:
    """The ledger and its records. A loader may keep what it derived from them (the
    settlement) in `memo`, for as long as the tables are not changed in place."""

    ledger: Ledger
    customers: dict[str, Customer] = field(default_factory=dict)
    invoices: dict[str, Invoice] = field(default_factory=dict)
    payments: dict[str, Payment] = field(default_factory=dict)
    credit_notes: dict[str, CreditNote] = field(default_factory=dict)
    recurring: dict[str, Recurring] = field(default_factory=dict)
    memo: dict[str, object] = field(default_factory=dict, init=False, compare=False, repr=False)

    def table(self, kind: type[R]) -> dict[str, R]:
        """The table of records of this kind."""
        tables: dict[type[Record], dict[str, Any]] = {
            Customer: self.customers,
            Invoice: self.invoices,
            Payment: self.payments,
            CreditNote: self.credit_notes,
            Recurring: self.recurring,
        }
        return tables[kind]

    def currency_of(self, record: Invoice | Payment | CreditNote | Customer | Recurring) -> str:
        """A record's currency: its own, else its customer's, else the book's."""
        if record.currency:
            return record.currency
        if not isinstance(record, Customer):
            customer = self.customers.get(record.customer)
            if customer and customer.currency:
                return customer.currency
        return self.ledger.currency

    def locale_of(self, customer: Customer | None) -> str:
        """The locale of everything a customer receives (letters, statements, invoices and
        their e-mails): the customer's own, else the book's (`en` unless it says)."""
        return (customer.locale if customer else None) or self.ledger.locale


def record_key(record: Record) -> str:
    """The identifier a record is known by: an id or a number."""
    return str(getattr(record, "id", None) or getattr(record, "number"))  # noqa: B009


def assemble(ledger: Ledger, records: Iterable[Record]) -> tuple[Book, list[Problem]]:
    """Index records by id; a second record with the same id is a problem, the first wins."""
    book = Book(ledger)
    problems: list[Problem] = []
    for record in records:
        table = book.table(type(record))
        key = record_key(record)
        first = table.setdefault(key, record)
        if first is not record:
            problems.append(duplicate(record, first))
    return book, problems


def duplicate(record: Record, first: Record) -> Problem:
    """The problem of a record whose id an earlier record already has."""
    return Problem(
        record.source,
        f"{_kind(record)} '{record_key(record)}' is already defined at {first.source}",
        "give each record its own id or number",
    )


def _kind(record: Record) -> str:
    return {
        Customer: "customer",
        Invoice: "invoice",
        Payment: "payment",
        CreditNote: "credit note",
        Recurring: "recurring invoice",
    }[type(record)]
