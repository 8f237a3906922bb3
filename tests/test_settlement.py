"""The settlement core: invoice totals, what is open as of a date, unapplied credit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ar.book import Book
from ar.model import Allocation, CreditNote, Customer, Invoice, Ledger, Line, Payment
from ar.model.events import Fee, Void, WriteOff
from ar.money import ZERO
from ar.settlement import accounts, line_amounts, lines_total, unapplied

D = Decimal
JAN = dt.date(2026, 1, 1)
LEDGER = Ledger.model_validate({"company": {"name": "T"}, "currency": "EUR"})


def book(*records: object) -> Book:
    b = Book(LEDGER, customers={"C": Customer(id="C", name="C")})
    for r in records:
        if isinstance(r, Invoice):
            b.invoices[r.number] = r
        elif isinstance(r, Payment):
            b.payments[r.id] = r
        elif isinstance(r, CreditNote):
            b.credit_notes[r.number] = r
    return b


def inv(number: str, amount: str, day: int = 1, **extra: object) -> Invoice:
    line = Line(description="x", unit_price=D(amount))
    return Invoice(
        number=number, customer="C", date=JAN + dt.timedelta(days=day - 1), lines=[line], **extra
    )  # type: ignore[arg-type]


def pay(pid: str, amount: str, day: int, *apply: tuple[str, str]) -> Payment:
    return Payment(
        id=pid,
        customer="C",
        date=JAN + dt.timedelta(days=day - 1),
        amount=D(amount),
        apply=[Allocation(invoice=i, amount=D(a)) for i, a in apply],
    )


def test_line_tax_rounds_half_up_per_line() -> None:
    line = Line(description="x", quantity=D(3), unit_price=D("0.335"), tax_rate=D("0.19"))
    assert line_amounts(line, "EUR") == (D("1.01"), D("0.19"))
    assert lines_total([line, line], "EUR") == D("2.40")
    assert line_amounts(line, "JPY") == (D(1), D(0))


def test_open_amount_counts_only_records_dated_by_the_day() -> None:
    b = book(
        inv("I1", "100.00"),
        pay("P1", "30.00", 10, ("I1", "30.00")),
        CreditNote(
            number="CN1",
            customer="C",
            date=JAN + dt.timedelta(days=19),
            amount=D("20.00"),
            invoice="I1",
        ),
    )
    account = accounts(b)["I1"]
    assert account.open_on(JAN - dt.timedelta(days=1)) == 0
    assert account.open_on(JAN) == D("100.00")
    assert account.open_on(JAN + dt.timedelta(days=9)) == D("70.00")
    assert account.open_on(JAN + dt.timedelta(days=30)) == D("50.00")
    assert account.settled_on() is None


def test_fees_add_write_offs_settle_and_void_owes_nothing() -> None:
    later = JAN + dt.timedelta(days=40)
    charged = inv(
        "I1", "100.00", events=[Fee(type="fee", date=later, amount=D("10.00"), reason="reminder")]
    )
    written = inv(
        "I2",
        "50.00",
        events=[WriteOff(type="write_off", date=later, amount=D("50.00"), reason="bankrupt")],
    )
    void = inv("I3", "70.00", events=[Void(type="void", date=later, reason="duplicate")])
    accts = accounts(book(charged, written, void))
    assert accts["I1"].open_on(later) == D("110.00")
    assert accts["I2"].open_on(later) == 0
    assert accts["I2"].settled_on() == later
    assert accts["I3"].open_on(later - dt.timedelta(days=1)) == D("70.00")
    assert accts["I3"].open_on(later) == 0


def test_unapplied_credit_waits_for_a_later_application() -> None:
    later = Allocation(invoice="I1", amount=D("40.00"), date=JAN + dt.timedelta(days=20))
    p = Payment(
        id="P1", customer="C", date=JAN + dt.timedelta(days=4), amount=D("100.00"), apply=[later]
    )
    note = CreditNote(number="CN1", customer="C", date=JAN, amount=D("5.00"))
    b = book(inv("I1", "40.00"), p, note)
    assert unapplied(b, JAN) == {("C", "EUR"): D("5.00")}
    assert unapplied(b, JAN + dt.timedelta(days=10)) == {("C", "EUR"): D("105.00")}
    assert unapplied(b, JAN + dt.timedelta(days=20)) == {("C", "EUR"): D("65.00")}
    assert accounts(b)["I1"].open_on(JAN + dt.timedelta(days=10)) == D("40.00")


cents = st.integers(min_value=1, max_value=500_000).map(lambda c: D(c).scaleb(-2))


@st.composite
def books(draw: st.DrawFn) -> Book:
    """Invoices, then payments, credit notes and write-offs that never exceed what is open."""
    n = draw(st.integers(1, 6))
    invoices = [inv(f"I{i}", str(draw(cents)), draw(st.integers(1, 60))) for i in range(n)]
    open_left = {i.number: i.lines[0].unit_price for i in invoices}
    records: list[object] = []
    for k in range(draw(st.integers(0, 8))):
        number = draw(st.sampled_from(sorted(open_left)))
        share = draw(st.integers(0, 100))
        amount = (open_left[number] * share / 100).quantize(D("0.01"), rounding="ROUND_DOWN")
        kind = draw(st.sampled_from(["pay", "credit", "writeoff", "overpay"]))
        open_left[number] -= amount
        if kind in ("pay", "overpay"):
            extra = draw(cents) if kind == "overpay" else ZERO
            records.append(pay(f"P{k}", str(amount + extra + D("0.01")), 70, (number, str(amount))))
        elif kind == "credit" and amount > 0:
            records.append(
                CreditNote(
                    number=f"CN{k}",
                    customer="C",
                    date=JAN + dt.timedelta(70),
                    amount=amount,
                    invoice=number,
                )
            )
        elif amount > 0:
            target = next(i for i in invoices if i.number == number)
            event = WriteOff(
                type="write_off", date=JAN + dt.timedelta(80), amount=amount, reason="x"
            )
            invoices[invoices.index(target)] = target.model_copy(
                update={"events": [*target.events, event]}
            )
    return book(*invoices, *records)


@settings(max_examples=150, deadline=None)
@given(books(), st.integers(0, 120))
def test_settlement_neither_creates_nor_loses_money(b: Book, day: int) -> None:
    as_of = JAN + dt.timedelta(days=day)
    accts = accounts(b)
    issued = sum((a.total for a in accts.values() if a.invoice.date <= as_of), ZERO)
    open_total = sum((a.open_on(as_of) for a in accts.values()), ZERO)
    settled = sum(
        (
            a.sum_of(kind, as_of)
            for a in accts.values()
            for kind in ("payment", "discount", "credit", "write_off")
        ),
        ZERO,
    )
    assert issued == open_total + settled
    assert all(a.open_on(as_of) >= 0 for a in accts.values())
    received = sum((p.amount for p in b.payments.values() if p.date <= as_of), ZERO)
    applied = sum((a.sum_of("payment", as_of) for a in accts.values()), ZERO)
    assert received == applied + sum(unapplied(b, as_of).values(), ZERO) - sum(
        (n.amount or ZERO for n in b.credit_notes.values() if n.invoice is None), ZERO
    )
