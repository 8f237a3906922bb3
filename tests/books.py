"""Small hand-checked books shared by the report tests, written as the YAML a user writes."""

from __future__ import annotations

from pathlib import Path

from ar.book import Book
from ar.integrity import check_book
from ar.store.load import load_book
from tests.conftest import write_ledger

# Two currencies, a partial payment, an early-payment discount, a credit note against an
# invoice and one on account, a write-off, a void, unapplied credit and a payment plan.
MIXED = {
    "customers/ACME.yaml": """\
        id: ACME
        name: Acme Ltd
        credit_limit: 1500
        """,
    "customers/BETA.yaml": """\
        id: BETA
        name: Beta Inc
        currency: USD
        """,
    "customers/CASH.yaml": """\
        id: CASH
        name: Cash & Carry
        """,
    "invoices/2026/A1.yaml": """\
        number: A1
        customer: ACME
        date: 2026-01-05
        lines:
          - description: Consulting
            quantity: 10
            unit_price: 100
        """,
    "invoices/2026/A2.yaml": """\
        number: A2
        customer: ACME
        date: 2026-02-01
        terms: 2/10 net 30
        lines:
          - description: Support
            unit_price: 500
        """,
    "invoices/2026/A3.yaml": """\
        number: A3
        customer: ACME
        date: 2026-02-15
        lines:
          - description: Training
            quantity: 2
            unit_price: 400
        events:
          - date: 2026-04-20
            type: write_off
            amount: 100
            reason: goodwill
        """,
    "invoices/2026/A4.yaml": """\
        number: A4
        customer: ACME
        date: 2026-03-01
        lines:
          - description: Wrong order
            unit_price: 300
        events:
          - date: 2026-03-10
            type: void
            reason: issued in error
        """,
    "invoices/2026/B1.yaml": """\
        number: B1
        customer: BETA
        date: 2026-01-20
        lines:
          - description: Licence
            quantity: 12
            unit_price: 100
        installments:
          - due: 2026-02-19
            amount: 400
          - due: 2026-03-21
            amount: 400
          - due: 2026-04-20
            amount: 400
        """,
    "invoices/2026/C1.yaml": """\
        number: C1
        customer: CASH
        date: 2026-01-01
        lines:
          - description: Goods
            unit_price: 250
        """,
    "payments/2026/P1.yaml": """\
        id: P1
        customer: ACME
        date: 2026-03-10
        amount: 600
        apply:
          - invoice: A1
            amount: 600
        """,
    "payments/2026/P2.yaml": """\
        id: P2
        customer: ACME
        date: 2026-02-08
        amount: 490
        apply:
          - invoice: A2
            amount: 490
            discount: 10
        """,
    "payments/2026/PB1.yaml": """\
        id: PB1
        customer: BETA
        date: 2026-03-01
        amount: 500
        apply:
          - invoice: B1
            amount: 500
        """,
    "payments/2026/PC1.yaml": """\
        id: PC1
        customer: CASH
        date: 2026-02-15
        amount: 400
        apply:
          - invoice: C1
            amount: 250
        """,
    "credit-notes/2026/CN1.yaml": """\
        number: CN1
        customer: ACME
        date: 2026-03-01
        invoice: A3
        amount: 200
        reason: one trainee fewer
        """,
    "credit-notes/2026/CN2.yaml": """\
        number: CN2
        customer: CASH
        date: 2026-03-05
        amount: 50
        reason: loyalty
        """,
}

ONE_INVOICE = {
    "customers/ACME.yaml": "id: ACME\nname: Acme Ltd\n",
    "invoices/2026/INV-1.yaml": """\
        number: INV-1
        customer: ACME
        date: 2026-01-10
        lines:
          - description: Consulting
            quantity: 10
            unit_price: 120.50
        """,
}

EMPTY: dict[str, str] = {}


def load(root: Path, files: dict[str, str]) -> Book:
    """Write the files as a ledger at `root`, load it, and insist it checks clean."""
    loaded = load_book(write_ledger(root, files))
    assert loaded.book is not None and not loaded.problems, loaded.problems
    assert not check_book(loaded.book), check_book(loaded.book)
    return loaded.book
