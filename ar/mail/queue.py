"""Putting a message in the outbox together with the events it records, crash-safe.

Reminder letters and sent invoices go the same way, under the ledger lock:
a journal of the events the message implies (`KEY.pending.json`), then the message
(`KEY.eml`), then the events on each invoice or credit note, then the journal is removed.
A run that dies half-way leaves a journal. The next run replays it before planning: if the
message was written, the missing events are recorded (each document at most once, found
by the message's key); if it was not, the journal is dropped and the message is planned
afresh. Either way no message is lost and none is written twice.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from ar.book import Book
from ar.errors import ArlError
from ar.mail.outbox import Outbox
from ar.model.base import Strict
from ar.model.events import Event
from ar.store.events import append_events

_EVENT: TypeAdapter[Event] = TypeAdapter(Event)


def queue_message(
    root: Path, book: Book, key: str, message: bytes, events: dict[str, list[Strict]]
) -> None:
    """Write the message to outbox/KEY.eml and record `events` (by document number)."""
    outbox = Outbox(root)
    outbox.write_journal(key, _journal(events))
    if not outbox.knows(key):
        outbox.write_letter(key, message)
    _record(root, book, key, events)
    outbox.drop_journal(key)


def recover(root: Path, book: Book) -> list[str]:
    """Finish what a crashed run left in the outbox; the keys of messages completed."""
    outbox = Outbox(root)
    completed = []
    for key, journal in outbox.journals():
        if outbox.knows(key):
            _record(root, book, key, _parse(journal))
            completed.append(key)
        outbox.drop_journal(key)
    return completed


def _journal(events: dict[str, list[Strict]]) -> dict[str, object]:
    return {
        number: [e.model_dump(mode="json", by_alias=True, exclude_none=True) for e in evs]
        for number, evs in events.items()
    }


def _parse(journal: dict[str, object]) -> dict[str, list[Strict]]:
    parsed: dict[str, list[Strict]] = {}
    for number, items in journal.items():
        if not isinstance(items, list):
            raise ArlError(f"outbox journal for {number} is damaged", "remove the .pending.json")
        try:
            parsed[number] = [_EVENT.validate_python(item) for item in items]
        except ValidationError:
            raise ArlError(
                f"outbox journal for {number} is damaged", "remove the .pending.json"
            ) from None
    return parsed


def _record(root: Path, book: Book, key: str, events: dict[str, list[Strict]]) -> None:
    for number, evs in events.items():
        document = book.invoices.get(number) or book.credit_notes.get(number)
        if document is None:
            raise ArlError(f"message {key} names invoice {number}, which is not in the ledger")
        append_events(root, document, evs, unless_letter=key)
