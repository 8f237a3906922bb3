"""Payment changes: received, applied, re-allocated, refunded, edited or removed."""

from __future__ import annotations

from collections.abc import Sequence

from ar.book import Book
from ar.model import Allocation, Payment
from ar.model.records import Refund
from ar.money import ZERO
from ar.review.change import Books, Change, arrow, edited_fields, money, multiset_minus


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


def _refunded(refunds: Sequence[Refund], currency: str) -> str:
    return ", ".join(f"{money(r.amount, currency)} on {r.date}" for r in refunds)


def _whole(payment: Payment, book: Book, action: str) -> Change:
    currency = book.currency_of(payment)
    used = sum((a.amount for a in payment.apply), ZERO) + sum(
        (r.amount for r in payment.refunds), ZERO
    )
    notes = [f"applied to {_applied(payment.apply, currency, payment)}"] if payment.apply else []
    if payment.refunds:
        notes.append(f"refunded {_refunded(payment.refunds, currency)}")
    if payment.amount - used:
        notes.append(f"{money(payment.amount - used, currency)} unapplied")
    dates = {payment.date, *(a.date or payment.date for a in payment.apply)}
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
        dates=tuple(sorted(dates | {r.date for r in payment.refunds})),
    )


def _edit(base: Payment, head: Payment, books: Books) -> list[Change]:
    names = edited_fields(base, head, skip=("apply", "refunds", "bounced"))
    dropped = [base.apply[i] for i in multiset_minus(base.apply, head.apply)]
    added_at = list(multiset_minus(head.apply, base.apply))
    added = [head.apply[i] for i in added_at]
    unrefunded = [base.refunds[i] for i in multiset_minus(base.refunds, head.refunds)]
    refunded = [head.refunds[i] for i in multiset_minus(head.refunds, base.refunds)]
    returned = (
        [b.date for b in (base.bounced, head.bounced) if b] if base.bounced != head.bounced else []
    )
    if not (names or dropped or added or unrefunded or refunded or returned):
        return []
    currency = books.head.currency_of(head)
    notes = [_field_note(name, base, head, currency) for name in names]
    notes += _allocation_notes(base, head, dropped, added, currency)
    notes += [f"refunded {_refunded(refunded, currency)}"] if refunded else []
    notes += [f"refund of {_refunded(unrefunded, currency)} removed"] if unrefunded else []
    notes += [f"returned on {head.bounced.date}"] if returned and head.bounced else []
    notes += ["return removed"] if returned and not head.bounced else []
    dates = {a.date or base.date for a in dropped} | {a.date or head.date for a in added}
    dates |= {r.date for r in [*refunded, *unrefunded]} | set(returned)
    if names:
        dates |= {base.date, head.date}
    edited = bool(names or unrefunded)
    action = (
        "re-allocated"
        if dropped
        else "edited"
        if edited
        else "applied"
        if added
        else "refunded"
        if refunded
        else "returned"
    )
    change = Change(
        "payments",
        action,
        head.id,
        head.customer,
        currency,
        head.date,
        head.amount,
        "; ".join(notes),
        head.source,
        before=base.amount if base.amount != head.amount else None,
        amount_edited=base.amount != head.amount or bool(unrefunded),
        dates=tuple(sorted(dates)),
        field=("apply", added_at[0]) if action == "applied" else (),
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


def _field_note(name: str, base: Payment, head: Payment, cur: str) -> str:
    before, after = getattr(base, name), getattr(head, name)
    if name == "amount":
        return f"amount {money(before, cur)} → {money(after, cur)}"
    if name == "notes":
        return "notes edited"
    return f"{name} {arrow(before, after)}"
