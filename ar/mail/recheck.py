"""Each waiting letter checked against the book at the moment it is sent.

A letter states what its documents owe on the day it was written. When money arrived, a
credit note was issued or an invoice was voided since, those figures no longer hold, and
the letter must not go: it is withdrawn (moved to `outbox/withdrawn/` with the reason), and
the next reminder run writes what is still due. An e-mail carrying an invoice claims only
that the invoice stands: it is withdrawn once the invoice is void. Letters queued before
claims were kept are sent as they are.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ar.book import Book
from ar.mail.outbox import Outbox
from ar.settlement import account_of


def why_stale(book: Book, claims: dict[str, str | None], as_of: dt.date) -> str | None:
    """Why the book of `as_of` no longer supports a letter's claims; None while it does."""
    for number, amount in claims.items():
        account = account_of(book, number)
        if account is None:
            if number in book.credit_notes:
                continue
            return f"{number} is no longer in the ledger"
        if account.is_void(as_of):
            return f"{number} is void"
        owed = account.open_on(as_of)
        if amount is not None and owed != Decimal(amount):
            return f"{number} now owes {owed:f} {account.currency}, the letter says {amount}"
    return None


def withdraw_stale(outbox: Outbox, book: Book, as_of: dt.date) -> list[tuple[str, str]]:
    """Withdraw every waiting letter the book no longer supports; (key, why) of each.

    A letter in doubt (a crashed run may have handed it over) stays for `--retry` to judge.
    """
    withdrawn = []
    for key in outbox.waiting():
        if outbox.in_doubt(key):
            continue
        why = why_stale(book, outbox.claims(key), as_of)
        if why is not None:
            outbox.withdraw(key, why, as_of.isoformat())
            withdrawn.append((key, why))
    return withdrawn
