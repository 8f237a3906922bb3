"""Any sequence of recordings keeps the money in balance and every invoice at zero or above.

Decisions run on an in-memory book (what the commands decide, without files): invoices,
fees, receipts applied by name or automatically, later applications, whole and partial
unapplications, credit notes, write-offs, refunds and voids, in any order, mostly moving
forward in time with some back-dated. A refused
step (ArlError) is skipped, as the command would refuse it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ar.book import Book
from ar.credit_use import apply_credit, available, left_in, refund, unapply
from ar.errors import ArlError
from ar.integrity import check_book
from ar.invoicing import InvoiceRequest, credit_note, new_invoice, void_invoice, write_off
from ar.model import Customer, Ledger, Line
from ar.model.events import Fee
from ar.money import ZERO
from ar.plan import Change, Plan, book_with
from ar.receipts import PaymentRequest, record_payment
from ar.settlement import accounts, unapplied

START = dt.date(2026, 1, 1)
END = dt.date.max
LEDGER = Ledger.model_validate(
    {
        "company": {"name": "Test Co"},
        "currency": "EUR",
        "terms": {
            "net30": {"days": 30},
            "2/10 net 30": {"days": 30, "discount": {"percent": Decimal("0.02"), "days": 10}},
        },
        "default_terms": "net30",
    }
)
CUSTOMERS = {
    "A": Customer(id="A", name="A", terms="2/10 net 30"),
    "B": Customer(id="B", name="B", credit_limit=Decimal("3000.00")),
}

shifts = st.integers(-20, 6)  # days from the latest date so far: mostly forward, some back-dated
amounts = st.integers(1, 300_000).map(lambda cents: Decimal(cents).scaleb(-2))
who = st.sampled_from(sorted(CUSTOMERS))
pick = st.integers(0, 50)
opening = st.tuples(st.just("invoice"), who, amounts, shifts, st.booleans())
steps = st.one_of(
    opening,
    st.tuples(st.just("fee"), pick, amounts, st.integers(0, 60)),
    st.tuples(
        st.just("pay"),
        who,
        amounts,
        shifts,
        st.sampled_from(["none", "none", "auto", "named"]),
        pick,
    ),
    st.tuples(st.just("apply"), who, shifts, pick, st.booleans()),
    st.tuples(st.just("unapply"), pick, st.booleans()),
    st.tuples(st.just("credit"), who, amounts, shifts, pick, st.booleans()),
    st.tuples(st.just("write_off"), pick, st.none() | amounts, shifts),
    st.tuples(st.just("refund"), who, st.none() | amounts, shifts),
    st.tuples(st.just("void"), pick, shifts),
)
sequences = st.tuples(
    st.lists(opening, min_size=1, max_size=4), st.lists(steps, min_size=10, max_size=40)
)


class Clock:
    """Dates for a sequence: each step moves from the latest date so far by its shift."""

    def __init__(self) -> None:
        self.latest = START

    def at(self, shift: int) -> dt.date:
        day = max(START, self.latest + dt.timedelta(days=shift))
        self.latest = max(self.latest, day)
        return day


def nth(table: dict[str, Any], index: int, customer: str | None = None) -> str:
    keys = sorted(k for k, r in table.items() if customer is None or r.customer == customer)
    return keys[index % len(keys)] if keys else "NONE"


def decide(book: Book, step: tuple[Any, ...], clock: Clock) -> Plan:
    kind, *args = step
    if kind == "invoice":
        customer, amount, shift, taxed = args
        line = Line(
            description="Work", unit_price=amount, tax_rate=Decimal("0.2") if taxed else None
        )
        return new_invoice(book, InvoiceRequest(customer, clock.at(shift), [line], force=True))
    if kind == "fee":
        return _fee(book, *args)
    if kind == "pay":
        customer, amount, shift, how, index = args
        targets = ((nth(book.invoices, index, customer), None),) if how == "named" else ()
        request = PaymentRequest(
            customer, amount, clock.at(shift), targets=targets, auto=how == "auto"
        )
        return record_payment(book, request)
    if kind == "apply":
        customer, shift, index, auto = args
        target = () if auto else ((nth(book.invoices, index, customer), None),)
        return apply_credit(book, customer, target, auto=auto, on=clock.at(shift))
    if kind == "unapply":
        index, whole = args
        payment = nth(book.payments, index)
        part = () if whole or payment not in book.payments else _half_of_first(book, payment)
        return unapply(book, payment, part)
    if kind == "credit":
        customer, amount, shift, index, against = args
        invoice = nth(book.invoices, index, customer) if against else None
        return credit_note(book, customer, amount, on=clock.at(shift), invoice=invoice)
    if kind == "write_off":
        index, amount, shift = args
        return write_off(book, nth(book.invoices, index), amount, "test", clock.at(shift))
    if kind == "refund":
        customer, amount, shift = args
        return refund(book, customer, amount, on=clock.at(shift))
    index, shift = args
    return void_invoice(book, nth(book.invoices, index), "test", clock.at(shift))


def _half_of_first(book: Book, payment: str) -> tuple[tuple[str, Decimal | None], ...]:
    applied = book.payments[payment].apply
    if not applied:
        return ()
    return ((applied[0].invoice, (applied[0].amount / 2).quantize(Decimal("0.01"))),)


def _fee(book: Book, index: int, amount: Decimal, after: int) -> Plan:
    number = nth(book.invoices, index)
    if number not in book.invoices:
        raise ArlError("no invoice yet")
    invoice = book.invoices[number]
    fee = Fee(
        date=invoice.date + dt.timedelta(days=after), type="fee", amount=amount, reason="late"
    )
    return Plan(
        (Change(invoice, invoice.model_copy(update={"events": [*invoice.events, fee]}), ""),)
    )


def assert_balanced(book: Book) -> None:
    live = [a for a in accounts(book).values() if a.void_on is None]
    charged = sum((a.total + a.sum_of("fee") + a.sum_of("interest") for a in live), ZERO)
    settled = sum(
        (a.sum_of(kind) for a in live for kind in ("payment", "discount", "credit", "write_off")),
        ZERO,
    )
    still_open = sum((a.open_on(END) for a in live), ZERO)
    assert charged == still_open + settled
    assert all(a.open_on(END) >= 0 for a in live)
    assert all(available(p) >= 0 for p in book.payments.values())
    on_account = sum((left_in(book, n) for n in book.credit_notes.values()), ZERO)
    receipts = sum((available(p) for p in book.payments.values()), ZERO)
    assert sum(unapplied(book, END).values(), ZERO) == receipts + on_account
    assert check_book(book) == []


@given(sequences)
@settings(max_examples=200, deadline=None)
def test_money_is_conserved(sequence: tuple[list[Any], list[Any]]) -> None:
    book, clock = Book(LEDGER, dict(CUSTOMERS)), Clock()
    for step in [*sequence[0], *sequence[1]]:
        try:
            plan = decide(book, step, clock)
        except ArlError:
            continue
        book = book_with(book, plan.changes)
        assert_balanced(book)
