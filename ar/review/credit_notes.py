"""Credit note changes: issued, edited, sent or removed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TypeVar

from ar.book import Book
from ar.model import CreditNote
from ar.review.change import Books, Change, arrow, edited_fields, money, multiset_minus
from ar.review.events import Owner, event_changes
from ar.settlement import credit_note_total

T = TypeVar("T")


def credit_note_changes(
    base: CreditNote | None, head: CreditNote | None, books: Books
) -> list[Change]:
    if head is None:
        assert base is not None
        return [_whole(base, books.base, "removed")]
    header = [_whole(head, books.head, "issued")] if base is None else _edit(base, head, books)
    currency = books.head.currency_of(head)
    owner = Owner(
        "credit_notes",
        head.number,
        head.customer,
        currency,
        credit_note_total(head, currency),
        head.source,
    )
    return header + event_changes(base.events if base else [], head.events, owner)


def _edit(base: CreditNote, head: CreditNote, books: Books) -> list[Change]:
    names = edited_fields(base, head, skip=("events",))
    if not names:
        return []
    currency = books.head.currency_of(head)
    before = credit_note_total(base, books.base.currency_of(base))
    after = credit_note_total(head, currency)
    notes = [_note(name, base, head) for name in names if name != "amount"]
    if before != after:
        notes.insert(0, f"amount {money(before, currency)} → {money(after, currency)}")
    change = Change(
        "credit_notes",
        "edited",
        head.number,
        head.customer,
        currency,
        head.date,
        after,
        "; ".join(notes),
        head.source,
        before=before if before != after else None,
        amount_edited=before != after or "lines" in names,
        dates=tuple(sorted(_dates(base, head, names))),
    )
    return [change]


def _dates(base: CreditNote, head: CreditNote, names: list[str]) -> set[dt.date]:
    """The days of credit applied or refunded (or taken back); the note's own for the rest."""
    used = {(a.date or head.date) for a in _moved(base.apply, head.apply)}
    used |= {r.date for r in _moved(base.refunds, head.refunds)}
    return used if set(names) <= {"apply", "refunds"} else used | {base.date, head.date}


def _moved(old: Sequence[T], new: Sequence[T]) -> list[T]:
    return [new[i] for i in multiset_minus(new, old)] + [old[i] for i in multiset_minus(old, new)]


def _note(name: str, base: CreditNote, head: CreditNote) -> str:
    if name in ("lines", "reason"):
        return f"{name} edited"
    if name in ("apply", "refunds"):
        return "credit applied" if name == "apply" else "credit refunded"
    return f"{name} {arrow(getattr(base, name), getattr(head, name))}"


def _whole(note: CreditNote, book: Book, action: str) -> Change:
    currency = book.currency_of(note)
    against = f"against {note.invoice}" if note.invoice else "on account"
    return Change(
        "credit_notes",
        action,
        note.number,
        note.customer,
        currency,
        note.date,
        credit_note_total(note, currency),
        against + (f": {note.reason}" if note.reason else ""),
        note.source,
        dates=(note.date,),
    )
