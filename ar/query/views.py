"""The views `arl query` offers: each a documented list of columns and its rows from a book.

Amounts are TEXT: plain decimals with the currency's minor units ("1250.00"), exactly as
files and `--format json` write them, so nothing is lost to binary floats. Dates are TEXT
in ISO form (they sort and compare as dates). What is open, due and overdue comes from
arl's own settlement and aging, never re-derived in SQL.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from ar.account import Account
from ar.book import Book
from ar.model import CreditNote, Customer, Invoice, Payment
from ar.money import ZERO, format_amount
from ar.reports.aging import Options, aging
from ar.settlement import accounts, credit_note_total, line_amounts, unapplied

Cell = str | int | None


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # TEXT or INTEGER
    meaning: str


@dataclass(frozen=True)
class Source:
    """The book and the day the open items are taken on; accounts settled once."""

    book: Book
    as_of: dt.date

    @cached_property
    def accounts(self) -> dict[str, Account]:
        return accounts(self.book)


@dataclass(frozen=True)
class View:
    name: str
    meaning: str
    columns: tuple[Column, ...]
    rows: Callable[[Source], Iterable[tuple[Cell, ...]]]


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _amount(value: Decimal | None, currency: str) -> str | None:
    return None if value is None else format_amount(value, currency)


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _place(record: Customer | Invoice | Payment | CreditNote) -> tuple[str, int]:
    return record.source.file, record.source.line


def customers(src: Source) -> Iterator[tuple[Cell, ...]]:
    for c in src.book.customers.values():
        yield (
            c.id,
            c.name,
            ";".join(c.email) or None,
            src.book.currency_of(c),
            c.terms,
            _amount(c.credit_limit, src.book.currency_of(c)),
            int(c.hold),
            ";".join(c.tags) or None,
            *_place(c),
        )


def invoices(src: Source) -> Iterator[tuple[Cell, ...]]:
    for number, account in src.accounts.items():
        invoice = account.invoice
        yield (
            number,
            account.customer,
            _date(account.date),
            _date(account.due),
            account.currency,
            _amount(account.total, account.currency),
            _date(account.void_on),
            invoice.terms,
            invoice.po,
            *_place(invoice),
        )


def lines(src: Source) -> Iterator[tuple[Cell, ...]]:
    for number, account in src.accounts.items():
        cur = account.currency
        for position, line in enumerate(account.invoice.lines, start=1):
            net, tax = line_amounts(line, cur)
            yield (
                number,
                position,
                line.description,
                format(line.quantity, "f"),
                _amount(line.unit_price, cur),
                _text(line.tax_rate),
                _amount(net, cur),
                _amount(tax, cur),
            )


def payments(src: Source) -> Iterator[tuple[Cell, ...]]:
    for p in src.book.payments.values():
        cur = src.book.currency_of(p)
        applied = sum((a.amount for a in p.apply), ZERO)
        refunded = sum((r.amount for r in p.refunds), ZERO)
        yield (
            p.id,
            p.customer,
            _date(p.date),
            _amount(p.amount, cur),
            cur,
            p.method,
            p.reference,
            _amount(applied, cur),
            _amount(refunded, cur),
            *_place(p),
        )


def allocations(src: Source) -> Iterator[tuple[Cell, ...]]:
    for p in src.book.payments.values():
        cur = src.book.currency_of(p)
        for a in p.apply:
            yield (
                p.id,
                a.invoice,
                p.customer,
                _date(a.date or p.date),
                _amount(a.amount, cur),
                _amount(a.discount, cur),
                cur,
            )


def credit_notes(src: Source) -> Iterator[tuple[Cell, ...]]:
    for n in src.book.credit_notes.values():
        cur = src.book.currency_of(n)
        yield (
            n.number,
            n.customer,
            _date(n.date),
            n.invoice,
            _amount(credit_note_total(n, cur), cur),
            cur,
            n.reason,
            *_place(n),
        )


def events(src: Source) -> Iterator[tuple[Cell, ...]]:
    for number, account in src.accounts.items():
        for event in account.invoice.events:
            fields = event.model_dump(
                mode="json", by_alias=True, exclude_none=True, exclude={"date", "type"}
            )
            amount = fields.pop("amount", None)
            yield (
                number,
                account.customer,
                _date(event.date),
                event.type,
                None if amount is None else _amount(Decimal(amount), account.currency),
                json.dumps(fields, ensure_ascii=False, sort_keys=True),
            )


def open_items(src: Source) -> Iterator[tuple[Cell, ...]]:
    """The rows of `arl aging --by invoice` as of the day, the ledger's buckets and basis."""
    aged = aging(src.book, Options(src.as_of, by="invoice"))
    for row in aged.report.rows:
        cur = row["currency"]
        yield (
            row["invoice"],
            row["customer"],
            cur,
            _date(row["date"]),
            _date(row["due"]),
            row["days_past_due"],
            row["bucket"],
            _amount(row["open"], cur),
        )


def unapplied_credit(src: Source) -> Iterator[tuple[Cell, ...]]:
    for (customer, cur), amount in sorted(unapplied(src.book, src.as_of).items()):
        yield customer, cur, _amount(amount, cur)


def _columns(spec: str) -> tuple[Column, ...]:
    """'name TYPE meaning' per line."""
    found = []
    for line in spec.strip().splitlines():
        name, kind, meaning = line.strip().split(" ", 2)
        found.append(Column(name, kind, meaning))
    return tuple(found)


PLACE = """
    file TEXT the record's file, relative to the ledger
    line INTEGER the line its record starts on"""

VIEWS: tuple[View, ...] = (
    View("customers", "one row per customer", _columns("""
        id TEXT customer id
        name TEXT name
        email TEXT addresses, separated by ;
        currency TEXT the customer's currency (its own, else the book's)
        terms TEXT the customer's own terms, if any
        credit_limit TEXT credit limit (amount)
        hold INTEGER 1 when on hold
        tags TEXT tags, separated by ;""" + PLACE), customers),
    View("invoices", "one row per invoice, void ones too", _columns("""
        number TEXT invoice number
        customer TEXT customer id
        date TEXT invoice date
        due TEXT due date (explicit, else from the terms)
        currency TEXT currency
        total TEXT total with tax (amount)
        void_on TEXT the date it was voided, if it was
        terms TEXT terms named on the invoice
        po TEXT purchase order""" + PLACE), invoices),
    View("lines", "one row per invoice line", _columns("""
        invoice TEXT invoice number
        position INTEGER 1 for the first line
        description TEXT description
        quantity TEXT quantity (decimal)
        unit_price TEXT unit price (amount)
        tax_rate TEXT tax rate as a fraction (0.19)
        net TEXT quantity x price, rounded (amount)
        tax TEXT tax of the line, rounded (amount)"""), lines),
    View("payments", "one row per receipt", _columns("""
        id TEXT payment id
        customer TEXT customer id
        date TEXT date received
        amount TEXT amount received
        currency TEXT currency
        method TEXT method
        reference TEXT reference
        applied TEXT sum of its applications to invoices (amount)
        refunded TEXT sum of its refunds (amount)""" + PLACE), payments),
    View("allocations", "one row per application of a receipt to an invoice", _columns("""
        payment TEXT payment id
        invoice TEXT invoice number
        customer TEXT customer id
        date TEXT when it counts (the application's date, else the receipt's)
        amount TEXT amount applied
        discount TEXT early-payment discount taken (amount)
        currency TEXT currency"""), allocations),
    View("credit_notes", "one row per credit note", _columns("""
        number TEXT credit note number
        customer TEXT customer id
        date TEXT date
        invoice TEXT the invoice it credits (NULL: credit on account)
        amount TEXT total credited (amount)
        currency TEXT currency
        reason TEXT reason""" + PLACE), credit_notes),
    View("events", "one row per event in an invoice's history", _columns("""
        invoice TEXT invoice number
        customer TEXT customer id
        date TEXT date
        type TEXT reminder, dispute, dispute_resolved, promise, write_off, fee, interest, void, sent
        amount TEXT amount of a promise, write-off, fee or interest
        detail TEXT the event's other fields as a JSON object (use json_extract)"""), events),
    View("open_items", "what is open as of --as-of, one row per open invoice or installment",
         _columns("""
        invoice TEXT invoice number
        customer TEXT customer id
        currency TEXT currency
        date TEXT invoice date
        due TEXT due date of the open part
        days_past_due INTEGER days past due as of --as-of (0 when not yet due)
        bucket TEXT aging bucket (ledger.yaml's buckets and basis)
        open TEXT amount open as of --as-of"""), open_items),
    View("unapplied", "credit not yet applied as of --as-of, per customer and currency",
         _columns("""
        customer TEXT customer id
        currency TEXT currency
        amount TEXT unapplied credit (amount)"""), unapplied_credit),
)  # fmt: skip


def catalogue() -> Iterator[tuple[Any, ...]]:
    """The rows of the `views` table: every column of every view, with its meaning."""
    for view in VIEWS:
        for column in view.columns:
            yield view.name, column.name, column.type, column.meaning
