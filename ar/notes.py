"""A collector's notes and calls, with the day to come back to them.

A note goes on an invoice (what was said about it) or in the customer's file (what was
said about the account). A follow-up is due from its day until a later note on the same
invoice or customer closes it; with `pause`, the invoice's reminders wait until that day,
since the collector agreed to call back first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from ar.book import Book
from ar.errors import ArlError
from ar.model import Customer, Invoice
from ar.model.events import Escalated, Note
from ar.plan import Change, Plan


@dataclass(frozen=True)
class NoteRequest:
    """What `arl note` was asked to record."""

    target: str
    text: str
    day: dt.date
    call: bool = False
    follow_up: dt.date | None = None
    owner: str | None = None
    pause: bool = False


@dataclass(frozen=True)
class Noted:
    """A note as a report lists it: where it is kept (invoice number, or None) and whose."""

    customer: str
    invoice: str | None
    note: Note


def add_note(book: Book, request: NoteRequest) -> Plan:
    """The plan that adds the note to the invoice or the customer named by `target`."""
    note = _note(request)
    holder = _holder(book, request.target)
    if isinstance(holder, Invoice):
        if request.day < holder.date:
            raise ArlError(f"{request.day} is before the invoice date {holder.date}")
        key = holder.number
    else:
        if request.pause:
            raise ArlError(
                "--pause holds an invoice's reminders", "name an invoice, not a customer"
            )
        key = holder.id
    new = holder.model_copy(update={"events": [*holder.events, note]})
    what = "call" if request.call else "note"
    summary = f"{what} on {key}" + (f", follow up on {note.follow_up}" if note.follow_up else "")
    result = {"target": key, "event": "note", "follow_up": note.follow_up}
    return Plan((Change(holder, new, summary),), (), result)


def _note(request: NoteRequest) -> Note:
    text = " ".join(request.text.split())
    if not text:
        raise ArlError("the note is empty", "say what was said or done")
    follow_up = request.follow_up
    if follow_up is not None and follow_up < request.day:
        raise ArlError(f"the follow-up {follow_up} is before the note's date {request.day}")
    if request.pause and follow_up is None:
        raise ArlError("--pause needs a --follow-up date", "reminders wait until that day")
    return Note(
        date=request.day,
        type="note",
        text=text,
        call=request.call,
        follow_up=follow_up,
        owner=request.owner,
        pause=request.pause,
    )


def _holder(book: Book, target: str) -> Invoice | Customer:
    """The invoice numbered `target`, else the customer with that id."""
    if target in book.invoices:
        return book.invoices[target]
    if target in book.customers:
        return book.customers[target]
    raise ArlError(f"no invoice or customer '{target}'", "see 'arl invoice list'")


def notes_of(book: Book, customer: str, as_of: dt.date) -> list[Noted]:
    """The customer's notes and those on its invoices, dated by `as_of`, oldest first."""
    found = [Noted(customer, None, n) for n in _kept(book.customers.get(customer), as_of)]
    for invoice in book.invoices.values():
        if invoice.customer == customer:
            found += [Noted(customer, invoice.number, n) for n in _kept(invoice, as_of)]
    return sorted(found, key=lambda n: (n.note.date, n.invoice or ""))


def _kept(holder: Invoice | Customer | None, as_of: dt.date) -> Iterator[Note]:
    if holder is None:
        return
    yield from (e for e in holder.events if isinstance(e, Note) and e.date <= as_of)


def follow_ups_due(book: Book, as_of: dt.date) -> list[Noted]:
    """Follow-ups whose day has come by `as_of` and that no later note has answered."""
    due: list[Noted] = []
    for customer in book.customers.values():
        due += [Noted(customer.id, None, n) for n in _open(list(_kept(customer, as_of)), as_of)]
    for invoice in book.invoices.values():
        notes = list(_kept(invoice, as_of))
        due += [Noted(invoice.customer, invoice.number, n) for n in _open(notes, as_of)]
    return sorted(due, key=lambda n: (n.note.follow_up or as_of, n.customer, n.invoice or ""))


def _open(notes: list[Note], as_of: dt.date) -> Iterator[Note]:
    for note in notes:
        if note.follow_up is None or note.follow_up > as_of:
            continue
        if not any(later.date > note.date for later in notes):
            yield note


def paused_until(invoice: Invoice, as_of: dt.date) -> dt.date | None:
    """The call-back day that holds the invoice's reminders on `as_of`, if any."""
    days = [
        e.follow_up
        for e in invoice.events
        if isinstance(e, Note) and e.pause and e.follow_up and e.date <= as_of < e.follow_up
    ]
    return max(days, default=None)


def escalated_on(invoice: Invoice, as_of: dt.date) -> Escalated | None:
    """The hand-off to an agency or lawyer in force on `as_of` (reminders stop for good)."""
    handed = [e for e in invoice.events if isinstance(e, Escalated) and e.date <= as_of]
    return handed[-1] if handed else None
