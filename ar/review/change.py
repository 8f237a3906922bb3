"""One change in business terms, and what the builders of changes share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ar.book import Book
from ar.errors import FieldPath, Source
from ar.model.base import Strict
from ar.money import format_amount

# Sections in the order a reviewer reads them; each change belongs to one.
SECTIONS = {
    "invoices": "Invoices",
    "payments": "Payments",
    "credit_notes": "Credit notes",
    "write_offs": "Write-offs",
    "fees": "Fees",
    "interest": "Interest",
    "reminders": "Reminders",
    "disputes": "Disputes",
    "promises": "Promises",
    "notes": "Notes and calls",
    "escalations": "Escalations",
    "customers": "Customers",
    "recurring": "Recurring plans",
    "settings": "Settings",
}


@dataclass(frozen=True)
class Change:
    """A record (or one event of an invoice) added, edited or removed.

    `key` is the record's id or number (an event's invoice); `amount` is what the change is
    worth now and `before` what it was, when the amount changed; `amount_edited` says that
    recorded amounts were edited in place (even to the same total); `dates` are the dates of
    the facts that changed, which the closed period is judged by; `source` is where to look
    (the new file, or the old one for what was removed), `field` the place inside the record,
    `event` the type of the event when the change is one event of an invoice or credit note.
    """

    section: str
    action: str
    key: str
    customer: str | None
    currency: str | None
    date: dt.date | None
    amount: Decimal | None
    detail: str
    source: Source
    before: Decimal | None = None
    amount_edited: bool = False
    dates: tuple[dt.date, ...] = ()
    field: FieldPath = ()
    event: str | None = None

    @property
    def removed(self) -> bool:
        return self.action == "removed"


@dataclass(frozen=True)
class Books:
    """The book before and after, for looking up currencies, customers and due dates."""

    base: Book
    head: Book


def money(amount: Decimal, currency: str | None) -> str:
    return format_amount(amount, currency) if currency else format(amount, "f")


def arrow(before: object, after: object) -> str:
    return f"{shown(before)} → {shown(after)}"


def shown(value: object) -> str:
    if value is None or value == []:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def fields_of(record: Strict) -> dict[str, object]:
    """A record's fields as values (without where it was read from), for comparing."""
    return {name: getattr(record, name) for name in type(record).model_fields}


def edited_fields(base: Strict, head: Strict, skip: Sequence[str] = ()) -> list[str]:
    """The names of the fields whose values differ, in the record's own order."""
    before, after = fields_of(base), fields_of(head)
    return [name for name in before if name not in skip and before[name] != after[name]]


def multiset_minus(items: Sequence[object], other: Sequence[object]) -> Iterator[int]:
    """Indexes of `items` left over once each item of `other` has cancelled an equal one."""
    left = list(other)
    for index, item in enumerate(items):
        if item in left:
            left.remove(item)
        else:
            yield index
