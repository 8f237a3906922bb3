"""Aged receivables as of a date: what is open, grouped by how long past due.

Every open amount falls in exactly one bucket (`current` holds what is not yet due), so
the buckets of a row always add up to its total. Unapplied credit is its own column and is
never netted against the buckets. Amounts in different currencies are never added: totals
come one row per currency.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

from ar.book import Book
from ar.installments import open_parts
from ar.model.settings import bucket_labels
from ar.money import ZERO
from ar.notes import escalated_on
from ar.reports.base import Column, Report, Row, currency_totals
from ar.reports.detail import unknown
from ar.settlement import Account, open_accounts, unapplied

Basis = Literal["due_date", "invoice_date"]
By = Literal["customer", "invoice"]
CURRENT = "current"


@dataclass(frozen=True)
class Options:
    """What to age and how; `basis` and `buckets` left out are the ledger's (ledger.yaml's
    `aging`), so every caller ages the way the book says without repeating it."""

    as_of: dt.date
    basis: Basis | None = None
    buckets: tuple[int, ...] | None = None
    by: By = "customer"
    customer: str | None = None
    currency: str | None = None


@dataclass(frozen=True)
class Item:
    """One open part of an invoice (a whole invoice, or one installment of it)."""

    account: Account
    due: dt.date
    age: int
    bucket: str
    amount: Decimal


@dataclass(frozen=True)
class Aged:
    """The aging report, plus which (customer, currency) rows are over their credit limit."""

    report: Report
    labels: list[str]
    over_limit: frozenset[tuple[str, str]] = field(default_factory=frozenset)


@functools.cache
def _labels(buckets: tuple[int, ...]) -> tuple[str, ...]:
    return tuple(labels(buckets))


labels = bucket_labels


def bucket_of(age: int, buckets: tuple[int, ...]) -> str:
    """The bucket for an age in days; zero or less is current."""
    names = _labels(buckets)
    if age <= 0:
        return CURRENT
    for name, high in zip(names[1:], buckets, strict=False):
        if age <= high:
            return name
    return names[-1]


def with_defaults(book: Book, options: Options) -> Options:
    """The options with what they leave out taken from the ledger's `aging` settings."""
    settings = book.ledger.aging
    return replace(
        options,
        basis=options.basis or settings.basis,
        buckets=options.buckets or tuple(settings.buckets),
    )


def open_items(options: Options, accts: dict[str, Account]) -> Iterator[Item]:
    """Every open part of every invoice that passes the filters, with its age and bucket
    (`options` as `with_defaults` fills them)."""
    assert options.basis is not None and options.buckets is not None
    for account in accts.values():
        if options.customer and account.customer != options.customer:
            continue
        if options.currency and account.currency != options.currency:
            continue
        for due, amount in open_parts(account, options.as_of):
            start = due if options.basis == "due_date" else account.date
            age = (options.as_of - start).days
            yield Item(account, due, age, bucket_of(age, options.buckets), amount)


def aging(book: Book, options: Options, accts: dict[str, Account] | None = None) -> Aged:
    """The aging report for the options, by customer or by invoice.

    `accts` saves rebuilding the accounts when the caller has them already.
    """
    options = with_defaults(book, options)
    assert options.buckets is not None
    if options.customer and options.customer not in book.customers:
        raise unknown("customer", options.customer, list(book.customers))
    if accts is None:  # only what is open matters; a restored book finds it fast
        accts = {a.number: a for a in open_accounts(book, options.as_of)}
    items = list(open_items(options, accts))
    credit = {
        key: amount
        for key, amount in unapplied(book, options.as_of).items()
        if (options.customer in (None, key[0])) and (options.currency in (None, key[1]))
    }
    names = labels(options.buckets)
    by_customer = _customer_rows(book, items, credit, names)
    rows = by_customer if options.by == "customer" else _invoice_rows(items, options.as_of)
    meta = {"as_of": options.as_of, "basis": options.basis, "buckets": names}
    columns = _customer_columns(names) if options.by == "customer" else INVOICE_COLUMNS
    report = Report("Aged receivables", columns, rows, meta, _totals(by_customer, names))
    return Aged(report, names, _over_limit(book, by_customer))


def _customer_rows(
    book: Book, items: list[Item], credit: dict[tuple[str, str], Decimal], names: list[str]
) -> list[Row]:
    sums: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(
        lambda: dict.fromkeys(names, ZERO)
    )
    for item in items:
        sums[item.account.customer, item.account.currency][item.bucket] += item.amount
    rows = []
    for customer, currency in sorted({*sums, *credit}):
        known = book.customers.get(customer)
        buckets = sums.get((customer, currency), dict.fromkeys(names, ZERO))
        rows.append(
            {
                "customer": customer,
                "name": known.name if known else customer,
                "currency": currency,
                **buckets,
                "total": sum(buckets.values(), ZERO),
                "unapplied": credit.get((customer, currency), ZERO),
            }
        )
    return rows


def _invoice_rows(items: list[Item], as_of: dt.date) -> list[Row]:
    """Invoices by customer and date; those handed to an agency apart, after the rest."""
    handed = {i.account.number: _with(i.account, as_of) for i in items}
    ordered = sorted(
        items,
        key=lambda i: (handed[i.account.number] is not None, _invoice_order(i.account), i.due),
    )
    return [
        {
            "invoice": item.account.number,
            "customer": item.account.customer,
            "currency": item.account.currency,
            "date": item.account.date,
            "due": item.due,
            "days_past_due": max((as_of - item.due).days, 0),
            "bucket": item.bucket,
            "open": item.amount,
            "escalated": handed[item.account.number],
        }
        for item in ordered
    ]


def _with(account: Account, as_of: dt.date) -> str | None:
    """Whom the invoice was handed to by `as_of`, if anyone."""
    handed = escalated_on(account.invoice, as_of)
    return handed.to if handed else None


def _invoice_order(account: Account) -> tuple[str, dt.date, str]:
    return account.customer, account.date, account.number


def _totals(rows: list[Row], names: list[str]) -> list[Row]:
    return currency_totals(rows, [*names, "total", "unapplied"])


def _over_limit(book: Book, rows: list[Row]) -> frozenset[tuple[str, str]]:
    """Rows in the customer's own currency whose open amount less credit exceeds the limit."""
    over = set()
    for row in rows:
        customer = book.customers.get(row["customer"])
        if customer is None or customer.credit_limit is None:
            continue
        mine = row["currency"] == book.currency_of(customer)
        if mine and row["total"] - row["unapplied"] > customer.credit_limit:
            over.add((row["customer"], row["currency"]))
    return frozenset(over)


def _customer_columns(names: list[str]) -> list[Column]:
    return [
        Column("customer", "Customer"),
        Column("name", "Name"),
        Column("currency", "Cur"),
        *(Column(name, name.capitalize() if name == CURRENT else name, True) for name in names),
        Column("total", "Total", True),
        Column("unapplied", "Unapplied", True),
    ]


INVOICE_COLUMNS = [
    Column("invoice", "Invoice"),
    Column("customer", "Customer"),
    Column("currency", "Cur"),
    Column("date", "Date"),
    Column("due", "Due"),
    Column("days_past_due", "Days late", True),
    Column("bucket", "Bucket"),
    Column("open", "Open", True),
    Column("escalated", "With"),
]
