"""A small book with a dunning policy, for the collections tests (written inline as YAML)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from ar.book import Book
from ar.model import Customer, Invoice, Ledger, Payment
from ar.model.base import Strict
from ar.store.yamlread import read_documents
from tests.conftest import write_ledger

LEDGER = """\
company:
  name: Muster GmbH
  address: |
    Hauptstr. 1
    10115 Berlin
  email: billing@muster.example
  tax_id: DE123456789
currency: EUR
locale: en_IE
payment:
  bank: Commerzbank
  iban: DE89370400440532013000
  bic: COBADEFFXXX
mail:
  from: Muster Billing <billing@muster.example>
  reply_to: ar@muster.example
  bcc: archive@muster.example
  smtp:
    host: 127.0.0.1
    port: {port}
    security: none
terms:
  net30:
    days: 30
default_terms: net30
dunning:
  min_interval_days: 7
  pre_due:
    days_before: 3
    template: pre_due
  levels:
    - level: 1
      after_days: 7
      template: friendly
    - level: 2
      after_days: 21
      template: firm
      fee: 5
      interest: 0.10
    - level: 3
      after_days: 35
      template: final
      interest: 0.10
      compensation: true
  compensation:
    EUR:
      - amount: 40
"""

ACME = """\
id: ACME
name: Acme Ltd
email: ap@acme.example
"""


def invoice_yaml(number: str, date: str, amount: str, customer: str = "ACME", **extra: str) -> str:
    lines = [f"number: {number}", f"customer: {customer}", f"date: {date}"]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    lines += ["lines:", "  - description: Services", f"    unit_price: {amount}"]
    return "\n".join(lines) + "\n"


def collections_ledger(root: Path, files: dict[str, str], port: int = 2525) -> Path:
    """A ledger with the dunning policy above plus `files`."""
    return write_ledger(
        root, {"ledger.yaml": LEDGER.format(port=port), "customers/ACME.yaml": ACME, **files}
    )


def memory_book(
    invoices: list[dict[str, Any]], customers: list[dict[str, Any]] | None = None
) -> Book:
    """The same policy as a Book in memory, for fast property tests."""
    docs, _ = read_documents(LEDGER.format(port=2525), "ledger.yaml")
    ledger = Ledger.model_validate(docs[0].data)
    people = customers or [{"id": "ACME", "name": "Acme Ltd", "email": "ap@acme.example"}]
    book = Book(ledger)
    for data in people:
        book.customers[data["id"]] = Customer.model_validate(data)
    for data in invoices:
        book.invoices[data["number"]] = Invoice.model_validate(
            {"customer": "ACME", "lines": [{"description": "x", "unit_price": "100"}], **data}
        )
    return book


def add_events(book: Book, number: str, events: list[Strict]) -> None:
    invoice = book.invoices[number]
    book.invoices[number] = invoice.model_copy(update={"events": [*invoice.events, *events]})


def pay(book: Book, number: str, day: dt.date, amount: Decimal) -> None:
    invoice = book.invoices[number]
    key = f"P-{number}-{day}"
    book.payments[key] = Payment.model_validate(
        {
            "id": key,
            "customer": invoice.customer,
            "date": day,
            "amount": amount,
            "apply": [{"invoice": number, "amount": amount}],
        }
    )
