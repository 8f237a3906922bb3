"""Sending invoices and credit notes: queue the e-mail with its `sent` event, then deliver.

In a transaction (under the ledger's write lock) the book is read afresh, so two runs at
once cannot both send the same invoice: the second sees the first one's `sent` event.
Every e-mail is composed first; then they go to the outbox with their events the way
reminder letters do (`ar.mail.queue`: verified together, crash-safe), and delivery is the
outbox's (`ar.mail.deliver`): what fails waits for the next `arl send`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ar.billing.document import invoice_document
from ar.book import Book
from ar.documents.files import attachments
from ar.documents.message import compose
from ar.errors import ArlError
from ar.mail.deliver import Delivery, deliver_outbox, require_tls
from ar.mail.outbox import Outbox
from ar.mail.queue import Message, queue_messages, recover
from ar.mail.recheck import withdraw_stale
from ar.model import CreditNote, Invoice
from ar.model.events import Sent
from ar.settlement import accounts
from ar.store.transaction import Transaction, transaction


@dataclass
class Outcome:
    queued: list[tuple[str, Path]] = field(default_factory=list)  # (number, .eml)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (number, why)
    delivered: Delivery = field(default_factory=Delivery)


def unsent(book: Book, as_of: dt.date) -> list[str]:
    """Open invoices issued by `as_of` that were never sent, oldest first."""
    return [
        number
        for number, account in sorted(accounts(book).items(), key=lambda kv: kv[1].invoice.date)
        if account.invoice.date <= as_of
        and account.open_on(as_of) > 0
        and not any(e.type == "sent" for e in account.invoice.events)
    ]


def send(
    root: Path,
    numbers: list[str] | None,
    as_of: dt.date,
    *,
    resend: bool,
    password: str | None,
    now: dt.datetime,
) -> Outcome:
    """Send `numbers` (None: every unsent open invoice); then deliver the outbox."""
    outcome = Outcome()
    with transaction(root) as tx:
        recover(tx)
        book = tx.book
        messages = []
        for number in unsent(book, as_of) if numbers is None else numbers:
            composed = _compose(tx, number, (as_of, now), resend)
            if isinstance(composed, str):
                outcome.refused.append((number, composed))
            else:
                messages.append(composed)
                outcome.queued.append((number, Outbox(root).path(composed.key)))
        queue_messages(tx, messages)
    mail = book.ledger.mail
    if outcome.queued and mail is not None and mail.smtp is not None:
        recheck = partial(withdraw_stale, book=book, as_of=as_of)
        outcome.delivered = deliver_outbox(root, mail, password, recheck=recheck)
    return outcome


def _compose(
    tx: Transaction, number: str, when: tuple[dt.date, dt.datetime], resend: bool
) -> Message | str:
    """The e-mail of one document with its `sent` event, or the reason it is not sent."""
    book = tx.book
    record: Invoice | CreditNote | None = book.invoices.get(number) or book.credit_notes.get(number)
    if record is None:
        raise ArlError(f"no invoice or credit note '{number}'", "see 'arl invoice list'")
    mail = book.ledger.mail
    if mail is None:
        raise ArlError("ledger.yaml has no mail settings", "add mail: {from, smtp: {host}}")
    if mail.smtp is None:  # refused before anything is queued that could not go out
        raise ArlError("ledger.yaml has no mail.smtp server", "add mail: {from, smtp: {host}}")
    require_tls(mail.smtp)
    previous = [e for e in record.events if e.type == "sent"]
    if previous and not resend:
        return f"already sent on {previous[-1].date} (--resend sends it again)"
    customer = book.customers[record.customer]
    if not customer.email:
        return f"customer {customer.id} has no e-mail address"
    doc = invoice_document(book, number)
    if doc.void:
        return "void invoices are not sent"
    files = attachments(tx.root, doc, customer.einvoice)
    key = Outbox(tx.root).new_key(number)
    message = compose(tx.root, doc, mail, customer.email, files, key, when[1])
    event = Sent(
        date=max(when[0], record.date), type="sent", to=customer.email, message=f"{key}.eml"
    )
    return Message(key, message.as_bytes(), {number: [event]}, {number: None})
