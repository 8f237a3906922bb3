"""Recording money received: a new receipt, where it goes, and whether it was seen before.

A receipt is applied when recorded (`--apply`, `--auto`); what is not applied is the
customer's unapplied credit, which `arl apply` spends later and `arl refund` pays back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ar.allocation import Allocator, Applied
from ar.book import Book
from ar.errors import ArlError
from ar.model import Allocation, Payment
from ar.money import ZERO
from ar.numbering import next_number
from ar.plan import Change, Plan, lookup, money, require_amount, validated
from ar.settlement import settlement

Target = tuple[str, Decimal | None]  # an invoice number, and an amount or None for "what fits"
Chosen = Applied  # invoice, amount, discount


@dataclass(frozen=True)
class PaymentRequest:
    customer: str
    amount: Decimal
    date: dt.date
    currency: str | None = None
    method: str | None = None
    reference: str | None = None
    targets: tuple[Target, ...] = ()
    auto: bool = False
    allow_duplicate: bool = False
    payment_id: str | None = None


def likely_duplicate(book: Book, request: PaymentRequest, currency: str) -> Payment | None:
    """A recorded receipt with the same customer, amount and reference (or date, if none)."""
    for move in settlement(book).credit_movements((request.customer, currency)):
        if move.kind != "payment" or move.amount != request.amount:
            continue  # each receipt of the customer in that currency adds its amount
        payment = book.payments[move.ref]
        if request.reference and payment.reference == request.reference:
            return payment
        if not request.reference and not payment.reference and payment.date == request.date:
            return payment
    return None


def record_payment(book: Book, request: PaymentRequest) -> Plan:
    """A new receipt, applied as asked; refused when it looks like one already recorded."""
    customer = lookup(book.customers, request.customer, "customer")
    currency = request.currency or book.currency_of(customer)
    _refuse_foreign(book, customer.id, book.currency_of(customer), currency)
    request = dataclasses.replace(request, amount=require_amount(request.amount, currency))
    if not request.allow_duplicate:
        _refuse_duplicate(book, request, currency)
    pid = request.payment_id or next_number(
        book.ledger.payment_id, request.date.year, book.payments
    )
    if pid in book.payments:
        raise ArlError(f"payment {pid} exists already", "leave out --id to get the next one")
    money_in = Spending(customer.id, currency, request.amount, request.date, request.date)
    chosen = spread(book, money_in, request.targets, request.auto)
    payment = validated(
        Payment,
        {
            "id": pid,
            "customer": customer.id,
            "date": request.date,
            "amount": request.amount,
            "currency": currency,
            "method": request.method,
            "reference": request.reference,
            "apply": [
                Allocation(invoice=number, amount=amount, discount=discount or None)
                for number, amount, discount in chosen
            ],
        },
        "payment",
    )
    left = request.amount - sum((amount for _, amount, _ in chosen), ZERO)
    summary = f"payment {pid} from {customer.id}, {money(request.amount, currency)}"
    notes = applied_notes(book, chosen, currency) + left_note(customer.id, left, currency)
    return Plan(
        (Change(None, payment, summary),),
        notes,
        {"payment": pid, **result(chosen, left, currency)},
    )


def _refuse_foreign(book: Book, customer: str, billed: str, currency: str) -> None:
    """Money in a currency the customer is not invoiced in could settle nothing: until the
    book has exchange rates it would sit as credit in that currency, unnoticed."""
    if currency != billed and (customer, currency) not in settlement(book).pairs():
        raise ArlError(
            f"{customer} is billed in {billed}, not {currency}: a receipt in {currency} "
            "cannot be applied (arl has no exchange rates yet)",
            f"record the {billed} amount that reached the bank",
        )


def _refuse_duplicate(book: Book, request: PaymentRequest, currency: str) -> None:
    duplicate = likely_duplicate(book, request, currency)
    if duplicate is None:
        return
    same = f"reference {request.reference}" if request.reference else f"date {request.date}"
    raise ArlError(
        f"likely duplicate: {duplicate.id} ({duplicate.source}) already records "
        f"{money(request.amount, currency)} from {request.customer} with the same {same}",
        "if this really is another payment, add --allow-duplicate",
    )


@dataclass(frozen=True)
class Spending:
    """Money of one customer and currency to spread on a date (`paid_on`: when it came in)."""

    customer: str
    currency: str
    available: Decimal
    on: dt.date
    paid_on: dt.date


def spread(book: Book, money_in: Spending, targets: tuple[Target, ...], auto: bool) -> list[Chosen]:
    """Named invoices first, in the order given, then with `auto` the ones due first."""
    allocator = Allocator(book, money_in.customer, money_in.currency, money_in.on, money_in.paid_on)
    available = money_in.available
    for number, wanted in targets:
        amount = (
            None
            if wanted is None
            else require_amount(wanted, money_in.currency, f"amount for {number}")
        )
        available -= allocator.named(number, amount, available)
    if auto and available > 0:
        allocator.auto(available)
    return allocator.chosen()


def applied_notes(book: Book, chosen: list[Chosen], currency: str) -> tuple[str, ...]:
    """One line per invoice paid: how much, any discount, and what it still owes."""
    settled = settlement(book)
    notes = []
    for number, amount, discount in chosen:
        account = settled.account(number)
        assert account is not None, number
        left = account.open_on(dt.date.max) - amount - discount
        state = "settled" if left <= 0 else f"{money(left, currency)} still open"
        extra = f" with discount {money(discount, currency)}" if discount else ""
        notes.append(f"applied {money(amount, currency)} to {number}{extra} ({state})")
    return tuple(notes)


def left_note(customer: str, left: Decimal, currency: str) -> tuple[str, ...]:
    if left <= 0:
        return ()
    return (f"{money(left, currency)} left as unapplied credit for {customer}",)


def result(chosen: list[Chosen], left: Decimal, currency: str) -> dict[str, object]:
    """What scripts get under `result` in --format json: where the money went, what is left."""
    return {
        "currency": currency,
        "applied": [
            {"invoice": n, "amount": a, "discount": d, "currency": currency} for n, a, d in chosen
        ],
        "unapplied": left,
    }
