"""Putting messages in the outbox together with the events they record, crash-safe.

Reminder letters and sent invoices go the same way, inside one transaction (under the
ledger lock). First the events of every message are staged and verified together, so a
run that may not record them (inside the closed period, say) writes nothing at all. Then,
message by message: a journal of the events it implies (`KEY.pending.json`), the message
(`KEY.eml`), the events on each invoice or credit note, and the journal is removed.
A run that dies half-way leaves a journal. The next run replays it before planning: if the
message was written, the missing events are recorded (each document at most once, found
by the message's key); if it was not, the journal is dropped and the message is planned
afresh. Either way no message is lost and none is written twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import TypeAdapter, ValidationError

from ar.errors import ArlError
from ar.mail.outbox import Outbox
from ar.model.base import Strict
from ar.model.events import Event
from ar.store.events import append_events, stage_events
from ar.store.transaction import Transaction

_EVENT: TypeAdapter[Event] = TypeAdapter(Event)


@dataclass(frozen=True)
class Message:
    """A message for the outbox: its key, its bytes, the events it records by document,
    and what it claims each document owes (checked again by `send`, `ar.mail.recheck`)."""

    key: str
    data: bytes
    events: dict[str, list[Strict]]
    claims: dict[str, str | None] = field(default_factory=dict)


def queue_messages(tx: Transaction, messages: Sequence[Message]) -> None:
    """Write each message to outbox/KEY.eml and record its events, all verified first."""
    staged = [stage_events(tx, message.key, message.events) for message in messages]
    tx.verify()
    outbox = Outbox(tx.root)
    for message, files in zip(messages, staged, strict=True):
        outbox.write_journal(message.key, _journal(message.events))
        if not outbox.knows(message.key):
            outbox.write_letter(message.key, message.data)
            if message.claims:  # a crash before this leaves a letter sent unchecked, as before
                outbox.write_claims(message.key, message.claims)
        append_events(tx, files)
        outbox.drop_journal(message.key)


def recover(tx: Transaction) -> list[str]:
    """Finish what a crashed run left in the outbox; the keys of messages completed."""
    outbox = Outbox(tx.root)
    completed = []
    for key, journal in outbox.journals():
        if outbox.knows(key):
            files = stage_events(tx, key, _parse(journal))
            tx.verify()
            append_events(tx, files)
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
