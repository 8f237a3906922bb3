"""Unapplied credit of receipts: applied later, given back, or refunded.

- `apply` spends what is left of one or several receipts of a customer (oldest first). The
  allocation carries the day it was made when that is after the receipt, so aging for an
  earlier date still shows the credit unapplied and the invoice open. The early-payment
  discount counts when the receipts arrived within the window.
- `unapply` corrects a mistaken application: the allocation is removed (or reduced), as if
  it had never been made, and the money is unapplied credit again. An allocation that
  carries a discount is removed whole or not at all.
- `refund` records money paid back on the receipts it comes from (`refunds` on the
  payment), so a receipt always accounts for itself: amount = applied + refunded + unapplied.

A credit note on account is credit like a receipt's: it is applied (`apply` on the note)
and refunded (`refunds`) the same way, drawn after the receipts of the same day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from ar.book import Book, record_key
from ar.errors import ArlError
from ar.model import Allocation, CreditNote, Payment, Refund
from ar.money import ZERO
from ar.plan import Change, Plan, lookup, money, require_amount
from ar.receipts import Chosen, Spending, Target, applied_notes, result, spread
from ar.settlement import credit_note_total

Source = Payment | CreditNote


def available(payment: Payment) -> Decimal:
    """What is left of a receipt after all it applied or refunded, whatever the dates; a
    returned receipt has nothing left."""
    if payment.bounced is not None:
        return ZERO
    used = sum((a.amount for a in payment.apply), ZERO)
    return payment.amount - used - sum((r.amount for r in payment.refunds), ZERO)


def left_in(book: Book, source: Source) -> Decimal:
    """What is left of a receipt, or of a credit note on account, to apply or refund."""
    if isinstance(source, Payment):
        return available(source)
    if source.invoice is not None:
        return ZERO
    used = [a.amount for a in source.apply] + [r.amount for r in source.refunds]
    return credit_note_total(source, book.currency_of(source)) - sum(used, ZERO)


def _named(book: Book, key: str) -> Source:
    if key not in book.payments and key in book.credit_notes:
        return book.credit_notes[key]
    return lookup(book.payments, key, "payment")


def credit_sources(book: Book, source: str, on: dt.date) -> list[Source]:
    """The receipts and credit notes on account named by `source`, oldest first: an id or
    number, several joined by commas, or a customer id (all its credit in its own currency);
    all of one customer and currency."""
    known = source in book.payments or source in book.credit_notes
    if "," in source or known or source not in book.customers:
        payments = [_named(book, key.strip()) for key in source.split(",")]
        for payment in payments:
            if payment.date > on:
                raise ArlError(f"{record_key(payment)} is dated {payment.date}, after {on}")
    else:
        currency = book.currency_of(book.customers[source])
        every: list[Source] = [*book.payments.values(), *book.credit_notes.values()]
        payments = [
            p
            for p in every
            if p.customer == source and p.date <= on and book.currency_of(p) == currency
        ]
    payments = sorted(
        {record_key(p): p for p in payments}.values(),
        key=lambda p: (p.date, isinstance(p, CreditNote), record_key(p)),
    )
    if len({(p.customer, book.currency_of(p)) for p in payments}) > 1:
        raise ArlError(
            "those receipts belong to different customers or currencies",
            "apply them one customer and currency at a time",
        )
    return payments


def apply_credit(
    book: Book, source: str, targets: tuple[Target, ...], *, auto: bool, on: dt.date
) -> Plan:
    """Allocations from the receipts' unapplied credit to the invoices named (or due first)."""
    pool = [p for p in credit_sources(book, source, on) if left_in(book, p) > 0]
    if not pool:
        raise ArlError(f"no unapplied credit in {source} on {on}", "see 'arl customer show'")
    if not targets and not auto:
        raise ArlError("name the invoices to apply to, or give --auto")
    customer, currency = pool[0].customer, book.currency_of(pool[0])
    total = sum((left_in(book, p) for p in pool), ZERO)
    money_in = Spending(customer, currency, total, on, max(p.date for p in pool))
    chosen = spread(book, money_in, targets, auto)
    if not chosen:
        raise ArlError(f"{customer} has no open invoices to apply to on {on}")
    changes = _split(book, pool, chosen, on)
    left = total - sum((amount for _, amount, _ in chosen), ZERO)
    notes = (
        *applied_notes(book, chosen, currency),
        f"{money(left, currency)} still unapplied in {', '.join(map(record_key, pool))}",
    )
    return Plan(
        changes,
        notes,
        {"payments": [record_key(c.new) for c in changes], **result(chosen, left, currency)},
    )


def _split(book: Book, pool: list[Source], chosen: list[Chosen], on: dt.date) -> tuple[Change, ...]:
    """Each allocation drawn from the oldest receipt with money left; a discount goes with
    the part that settles the invoice."""
    currency = book.currency_of(pool[0])
    left = {record_key(p): left_in(book, p) for p in pool}
    added: dict[str, list[Allocation]] = {record_key(p): [] for p in pool}
    for number, amount, discount in chosen:
        for payment, take, last in _draw(pool, left, amount):
            added[record_key(payment)].append(
                Allocation(
                    invoice=number,
                    amount=take,
                    discount=discount if last and discount else None,
                    date=on if on > payment.date else None,
                )
            )
    return tuple(
        Change(
            p,
            p.model_copy(update={"apply": [*p.apply, *added[record_key(p)]]}),
            _summary(p, added[record_key(p)], currency),
        )
        for p in pool
        if added[record_key(p)]
    )


def _draw(
    pool: list[Source], left: dict[str, Decimal], amount: Decimal
) -> Iterator[tuple[Source, Decimal, bool]]:
    """Parts of `amount` from the receipts with money left, oldest first; the last is flagged."""
    for payment in pool:
        take = min(amount, left[record_key(payment)])
        if take <= 0 < amount:
            continue
        left[record_key(payment)] -= take
        amount -= take
        yield payment, take, amount <= 0
        if amount <= 0:
            return


def _summary(source: Source, added: list[Allocation], currency: str) -> str:
    spent = sum((a.amount for a in added), ZERO)
    invoices = ", ".join(a.invoice for a in added)
    what = "payment" if isinstance(source, Payment) else "credit note"
    return f"applied {money(spent, currency)} of {what} {record_key(source)} to {invoices}"


def unapply(book: Book, payment_id: str, targets: tuple[Target, ...]) -> Plan:
    """The receipt with the named allocations removed or reduced (all of them if none named)."""
    payment = lookup(book.payments, payment_id, "payment")
    currency = book.currency_of(payment)
    if not payment.apply:
        raise ArlError(f"{payment.id} is not applied to any invoice")
    if not targets:
        targets = tuple(
            (number, None) for number in dict.fromkeys(a.invoice for a in payment.apply)
        )
    allocs: list[Allocation | None] = list(payment.apply)
    freed = ZERO
    for number, wanted in targets:
        freed += _take_back(allocs, payment.id, number, wanted, currency)
    new = payment.model_copy(update={"apply": [a for a in allocs if a is not None]})
    names = ", ".join(dict.fromkeys(n for n, _ in targets))
    summary = f"unapplied {money(freed, currency)} of payment {payment.id} from {names}"
    left = available(new)
    notes = (f"{payment.id} now has {money(left, currency)} unapplied",)
    return Plan(
        (Change(payment, new, summary),),
        notes,
        {"payment": payment.id, "unapplied": left, "currency": currency},
    )


def _take_back(
    allocs: list[Allocation | None], pid: str, number: str, wanted: Decimal | None, currency: str
) -> Decimal:
    """Remove or reduce the latest allocations to `number`; returns the amount freed."""
    present = [(i, a) for i, a in enumerate(allocs) if a is not None and a.invoice == number]
    if not present:
        raise ArlError(f"{pid} is not applied to {number}")
    applied = sum((a.amount for _, a in present), ZERO)
    if wanted is None:
        for i, _ in present:
            allocs[i] = None
        return applied
    todo = require_amount(wanted, currency)
    if todo > applied:
        raise ArlError(f"{pid} applies only {money(applied, currency)} to {number}")
    freed = todo
    for i, alloc in reversed(present):
        if todo <= 0:
            break
        if todo >= alloc.amount:
            allocs[i], todo = None, todo - alloc.amount
        elif alloc.discount:
            raise ArlError(
                f"the allocation of {pid} to {number} carries a discount of {alloc.discount}",
                "unapply all of it, then apply what should stay",
            )
        else:
            allocs[i], todo = alloc.model_copy(update={"amount": alloc.amount - todo}), ZERO
    return freed


def refund(
    book: Book,
    customer_id: str,
    amount: Decimal | None,
    *,
    on: dt.date,
    payment_id: str | None = None,
    method: str | None = None,
    reference: str | None = None,
) -> Plan:
    """Unapplied credit paid back to the customer, drawn from its oldest receipts first."""
    customer = lookup(book.customers, customer_id, "customer")
    pool = _refundable(book, customer.id, payment_id, on)
    total = sum((left_in(book, p) for p in pool), ZERO)
    currency = book.currency_of(pool[0])
    wanted = total if amount is None else require_amount(amount, currency)
    if wanted > total:
        raise ArlError(f"{customer.id} has only {money(total, currency)} unapplied to refund")
    left = {record_key(p): left_in(book, p) for p in pool}
    changes = []
    for payment, take, _ in _draw(pool, left, wanted):
        back = Refund(date=on, amount=take, method=method, reference=reference)
        new = payment.model_copy(update={"refunds": [*payment.refunds, back]})
        what = "payment" if isinstance(payment, Payment) else "credit note"
        summary = f"refunded {money(take, currency)} of {what} {record_key(payment)}"
        changes.append(Change(payment, new, summary))
    names = ", ".join(map(record_key, pool))
    rest = f"{money(total - wanted, currency)} still unapplied in {names}"
    result = {"refunded": wanted, "currency": currency, "unapplied": total - wanted}
    return Plan(tuple(changes), (rest,), result)


def _refundable(book: Book, customer: str, payment_id: str | None, on: dt.date) -> list[Source]:
    """The customer's receipts and credit notes on account (or the one named) with credit
    left on the date."""
    pool = [p for p in credit_sources(book, payment_id or customer, on) if left_in(book, p) > 0]
    if any(p.customer != customer for p in pool):
        raise ArlError(f"{payment_id} is a payment of another customer")
    if not pool:
        raise ArlError(f"{customer} has no unapplied credit from receipts on {on}")
    return pool
