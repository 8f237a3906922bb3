"""The events a message records (a reminder letter, a sent invoice), added once to each document.

They are appended to the history of each invoice or credit note the message names, through
the transaction like every change of records: comments and the layout a person wrote
survive. A message's events are known by its key (the letter's, or the sent e-mail's), so
recording them again, after a run died half-way, adds nothing twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ar.errors import ArlError
from ar.model import CreditNote, Event, Invoice
from ar.model.base import Strict
from ar.plan import Change
from ar.store.transaction import Transaction, Written


def stage_events(
    tx: Transaction, key: str, events: Mapping[str, Sequence[Strict]]
) -> list[Written]:
    """Stage the events of message `key` (by document number) on each document that does
    not hold them yet, on top of what is staged already."""
    changes = []
    for number, new in events.items():
        document: Invoice | CreditNote | None = tx.latest(Invoice, number) or tx.latest(
            CreditNote, number
        )
        if document is None:
            raise ArlError(f"message {key} names invoice {number}, which is not in the ledger")
        if any(message_of(event) == key for event in document.events):
            continue
        history = [*document.events, *new]
        summary = f"{', '.join(_types(new))} recorded ({key})"
        changes.append(Change(document, document.model_copy(update={"events": history}), summary))
    return tx.stage(changes)


def append_events(tx: Transaction, files: Sequence[Written]) -> None:
    """Write the staged events of one message to the documents' files."""
    tx.write(files)


def message_of(event: Event) -> str | None:
    """The outbox key of the message an event recorded: a letter, or a sent document."""
    if event.type == "reminder":
        return event.letter
    if event.type == "sent" and event.message:
        return event.message.removesuffix(".eml")
    return None


def _types(events: Sequence[Strict]) -> list[str]:
    return list(dict.fromkeys(str(getattr(event, "type", "event")) for event in events))
