"""Payment and credit note changes: received, applied, re-allocated, edited or removed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ar.book import Book
from ar.model import Allocation, CreditNote, Payment
from ar.money import ZERO
from ar.review.change import Books, Change, arrow, edited_fields, money, multiset_minus
from ar.settlement import credit_note_total


def payment_changes(base: Payment | None, head: Payment | None, books: Books) -> list[Change]:
    if head is None:
        assert base is not None
        return [_whole(base, books.base, "removed")]
    if base is None:
        return [_whole(head, books.head, "received")]
    return _edit(base, head, books)


def _applied(allocs: Sequence[Allocation], currency: str, payment: Payment) -> str:
    parts = []
    for alloc in allocs:
        text = f"{alloc.invoice} {money(alloc.amount, currency)}"
        if alloc.discount:
            text += f" (discount {money(alloc.discount, currency)})"
        if alloc.date and alloc.date != payment.date:
            text += f" on {alloc.date}"
        parts.append(text)
    return ", ".join(parts)


def _whole(payment: Payment, book: Book, action: str) -> Change:
    currency = book.currency_of(payment)
    left = payment.amount - sum((a.amount for a in payment.apply), ZERO)
    notes = [f"applied to {_applied(payment.apply, currency, payment)}"] if payment.apply else []
    if left:
        notes.append(f"{money(left, currency)} unapplied")
    return Change(
        "payments",
        action,
        payment.id,
        payment.customer,
        currency,
        payment.date,
        payment.amount,
        "; ".join(notes),
        payment.source,
        dates=_dates(payment, payment.apply),
    )


def _dates(payment: Payment, allocs: Sequence[Allocation]) -> tuple[dt.date, ...]:
    return tuple(sorted({payment.date, *(a.date or payment.date for a in allocs)}))


def _edit(base: Payment, head: Payment, books: Books) -> list[Change]:
    names = edited_fields(base, head, skip=("apply",))
    dropped = [base.apply[i] for i in multiset_minus(base.apply, head.apply)]
    added_at = list(multiset_minus(head.apply, base.apply))
    added = [head.apply[i] for i in added_at]
    if not (names or dropped or added):
        return []
    currency = books.head.currency_of(head)
    notes = [_field_note(name, base, head, currency) for name in names]
    notes += _allocation_notes(base, head, dropped, added, currency)
    dates = {a.date or base.date for a in dropped} | {a.date or head.date for a in added}
    if names:
        dates |= {base.date, head.date}
    only_applied = added and not dropped and not names
    change = Change(
        "payments",
        "re-allocated" if dropped else "edited" if names else "applied",
        head.id,
        head.customer,
        currency,
        head.date,
        head.amount,
        "; ".join(notes),
        head.source,
        before=base.amount if base.amount != head.amount else None,
        amount_edited=base.amount != head.amount,
        dates=tuple(sorted(dates)),
        field=("apply", added_at[0]) if only_applied else (),
    )
    return [change]


def _allocation_notes(
    base: Payment, head: Payment, dropped: list[Allocation], added: list[Allocation], cur: str
) -> list[str]:
    """A re-allocation shows the allocations before and after; credit applied, what was added."""
    if dropped:
        now = _applied(head.apply, cur, head) if head.apply else "nothing"
        return [f"was applied to {_applied(base.apply, cur, base)}; now to {now}"]
    return [f"applied to {_applied(added, cur, head)}"] if added else []


def _field_note(name: str, base: Payment | CreditNote, head: Payment | CreditNote, cur: str) -> str:
    before, after = getattr(base, name), getattr(head, name)
    if name == "amount" and before is not None and after is not None:
        return f"amount {money(before, cur)} → {money(after, cur)}"
    if name in ("notes", "lines", "reason"):
        return f"{name} edited"
    return f"{name} {arrow(before, after)}"


def credit_note_changes(
    base: CreditNote | None, head: CreditNote | None, books: Books
) -> list[Change]:
    if head is None:
        assert base is not None
        return [_whole_note(base, books.base, "removed")]
    if base is None:
        return [_whole_note(head, books.head, "issued")]
    return _edit_note(base, head, books)


def _edit_note(base: CreditNote, head: CreditNote, books: Books) -> list[Change]:
    names = edited_fields(base, head)
    if not names:
        return []
    currency = books.head.currency_of(head)
    before = credit_note_total(base, books.base.currency_of(base))
    after = credit_note_total(head, currency)
    notes = [_field_note(name, base, head, currency) for name in names if name != "amount"]
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


def _whole_note(note: CreditNote, book: Book, action: str) -> Change:
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
