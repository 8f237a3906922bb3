"""A reminder run: letters rendered into the outbox and their events recorded, crash-safe.

Order of work, all under the ledger lock:
1. every planned letter is rendered first, so a broken template stops the run before
   anything is written;
2. per letter: a journal of the events it implies (`KEY.pending.json`), then the letter
   (`KEY.eml`), then the events on each invoice, then the journal is removed.
A run that dies half-way leaves a journal. The next run replays it before planning: if the
letter was written, the missing events are recorded (each invoice at most once, found by
the letter's key); if it was not, the journal is dropped and the letter is planned afresh.
Either way no letter is lost and none is written twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from ar.book import Book
from ar.errors import ArlError
from ar.letters.compose import Renderer, compose
from ar.mail.outbox import Outbox
from ar.model.base import Strict
from ar.model.events import Event
from ar.model.settings import Mail
from ar.reminders import Letter, Plan, events_of
from ar.store.events import append_events

_EVENT: TypeAdapter[Event] = TypeAdapter(Event)


@dataclass
class RunResult:
    written: list[Letter] = field(default_factory=list)
    skipped: list[tuple[Letter, str]] = field(default_factory=list)


def recover(root: Path, book: Book) -> list[str]:
    """Finish what a crashed run left in the outbox; the keys of letters completed."""
    outbox = Outbox(root)
    completed = []
    for key, journal in outbox.journals():
        if outbox.knows(key):
            _record(root, book, key, _parse(journal))
            completed.append(key)
        outbox.drop_journal(key)
    return completed


def write_letters(root: Path, book: Book, plan: Plan, mail: Mail, now: dt.datetime) -> RunResult:
    """Render every planned letter into the outbox and record its events on the invoices."""
    renderer = Renderer(root, book)
    result = RunResult()
    ready = []
    for letter in plan.letters:
        if not book.customers[letter.customer].email:
            result.skipped.append((letter, "the customer has no e-mail address"))
            continue
        ready.append((letter, renderer.render(letter)))
    outbox = Outbox(root)
    for letter, rendered in ready:
        events = events_of(letter)
        outbox.write_journal(letter.key, _journal(events))
        if not outbox.knows(letter.key):
            outbox.write_letter(letter.key, compose(rendered, mail, now).as_bytes())
        _record(root, book, letter.key, events)
        outbox.drop_journal(letter.key)
        result.written.append(letter)
    return result


def _journal(events: dict[str, list[Strict]]) -> dict[str, object]:
    return {
        number: [e.model_dump(mode="json", by_alias=True, exclude_none=True) for e in evs]
        for number, evs in events.items()
    }


def _parse(journal: dict[str, object]) -> dict[str, list[Strict]]:
    parsed: dict[str, list[Strict]] = {}
    for number, items in journal.items():
        if not isinstance(items, list):
            raise ArlError(
                f"outbox journal for {number} is damaged", "remove the .pending.json"
            ) from None
        try:
            parsed[number] = [_EVENT.validate_python(item) for item in items]
        except ValidationError:
            raise ArlError(
                f"outbox journal for {number} is damaged", "remove the .pending.json"
            ) from None
    return parsed


def _record(root: Path, book: Book, key: str, events: dict[str, list[Strict]]) -> None:
    for number, evs in events.items():
        invoice = book.invoices.get(number)
        if invoice is None:
            raise ArlError(f"letter {key} names invoice {number}, which is not in the ledger")
        append_events(root, invoice, evs, unless_letter=key)
