"""A small ledger with a bit of everything the cache must carry, and loading helpers."""

from __future__ import annotations

from pathlib import Path

from ar.store.load import Loaded, load_book
from ar.store.verify import disagreements
from tests.conftest import write_ledger

FILES = {
    "customers/ACME.yaml": "id: ACME\nname: Acme Ltd\nemail: ap@acme.example\n",
    "customers/BETA.yaml": "id: BETA\nname: 'Beta: GmbH'\ncurrency: USD\nterms: 2/10 net 30\n",
    "invoices/2026/INV-1.yaml": """\
        # a comment a person wrote
        number: INV-1
        customer: ACME
        date: 2026-01-10
        lines:
          - description: Consulting
            quantity: 10
            unit_price: 120.50
          - description: Travel
            unit_price: 45.00
            tax_rate: 0.2
        events:
          - date: 2026-02-20
            type: reminder
            level: 1
          - date: 2026-03-01
            type: fee
            amount: 40.00
            reason: late payment
        """,
    "invoices/2026/INV-2.yaml": """\
        number: INV-2
        customer: BETA
        date: 2026-01-15
        lines:
          - description: Licence
            unit_price: 1000.00
        installments:
          - due: 2026-02-15
            amount: 500.00
          - due: 2026-03-15
            amount: 500.00
        """,
    "invoices/2026/INV-3.yaml": """\
        number: INV-3
        customer: ACME
        date: 2026-02-01
        due: 2026-02-10
        lines:
          - description: Hosting
            unit_price: 99.00
        events:
          - date: 2026-02-05
            type: void
            reason: duplicate
        """,
    "invoices/2026/INV-4.yaml": """\
        number: INV-4
        customer: ACME
        date: 2026-02-03
        lines:
          - description: Support
            unit_price: 300.00
        events:
          - date: 2026-04-01
            type: write_off
            amount: 50.00
            reason: goodwill
        """,
    "payments/2026/PAY-1.yaml": """\
        id: PAY-1
        customer: ACME
        date: 2026-02-15
        amount: 1000.00
        method: bank
        apply:
          - invoice: INV-1
            amount: 800.00
          - invoice: INV-4
            amount: 100.00
            date: 2026-03-01
        """,
    "payments/2026/PAY-2.yaml": """\
        id: PAY-2
        customer: BETA
        date: 2026-01-20
        amount: 490.00
        apply:
          - invoice: INV-2
            amount: 490.00
            discount: 10.00
        """,
    "credit-notes/2026/CN-1.yaml": """\
        number: CN-1
        customer: ACME
        date: 2026-03-05
        invoice: INV-4
        lines:
          - description: Refund of support hours
            quantity: 1.5
            unit_price: 33.33
        """,
    "credit-notes/2026/CN-2.yaml": """\
        number: CN-2
        customer: BETA
        date: 2026-03-06
        amount: 25.00
        reason: on account
        """,
    "payments/2025/stream.yaml": """\
        ---
        id: PAY-0
        customer: ACME
        date: 2025-12-30
        amount: 10.00
        ---
        id: PAY-00
        customer: BETA
        date: 2025-12-31
        amount: 20.00
        """,
    "invoices/2026/BAD.yaml": """\
        number: BAD
        customer: ACME
        date: 2026-01-01
        colour: blue
        lines:
          - description: x
            unit_price: 1
        """,
}


def make(root: Path) -> Path:
    return write_ledger(root, FILES)


def load_both(root: Path) -> tuple[Loaded, Loaded]:
    """A cached load, after checking it against a fresh parse; and the fresh one."""
    cached = load_book(root, cache=True)
    fresh = load_book(root, cache=False)
    assert disagreements(fresh, cached) == []
    return cached, fresh
