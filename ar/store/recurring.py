"""Creating the invoices recurring plans owe, once each, however often and late cron runs.

The book is read in a transaction (inside the write lock), so a second run started at the
same moment waits and then finds the first run's invoices: it creates nothing twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ar.billing.recurring import Skipped, due_invoices
from ar.model import Invoice
from ar.plan import Change
from ar.store.transaction import transaction


@dataclass(frozen=True)
class Run:
    created: list[Invoice]
    skipped: list[Skipped]
    to_send: list[str]  # numbers created by plans with `send: true`


def run_recurring(root: Path, as_of: dt.date, *, dry_run: bool = False) -> Run:
    """Write every invoice due by `as_of` that does not exist yet."""
    with transaction(root) as tx:
        book = tx.book
        created, skipped = due_invoices(book, as_of)
        files = tx.stage(
            Change(None, invoice, "", f"Issued by recurring plan {invoice.recurring}.")
            for invoice in created
        )
        tx.verify()
        if not dry_run:
            tx.write(files)
    to_send = [i.number for i in created if book.recurring[str(i.recurring)].send]
    return Run(created, skipped, to_send)
