"""Credit note changes: issued, edited, sent or removed."""

from __future__ import annotations

from ar.book import Book
from ar.model import CreditNote
from ar.review.change import Books, Change, arrow, edited_fields, money
from ar.review.events import Owner, event_changes
from ar.settlement import credit_note_total


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
        dates=tuple(sorted({base.date, head.date})),
    )
    return [change]


def _note(name: str, base: CreditNote, head: CreditNote) -> str:
    if name in ("lines", "reason"):
        return f"{name} edited"
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
