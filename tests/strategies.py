"""Hypothesis strategies: random but valid small books, as lists of records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from ar.book import Book, assemble
from ar.integrity import check_book
from ar.model import CreditNote, Customer, Invoice, Ledger, Payment, Record

START = dt.date(2026, 1, 1)
LEDGER = Ledger.model_validate({"company": {"name": "Test Co"}, "currency": "EUR"})


def day(draw: st.DrawFn, after: dt.date, within: int = 150) -> dt.date:
    return after + dt.timedelta(days=draw(st.integers(0, within)))


def cents(draw: st.DrawFn, low: int, high: int) -> Decimal:
    return Decimal(draw(st.integers(low, max(low, high)))).scaleb(-2)


@st.composite
def invoice_records(draw: st.DrawFn, number: str, customer: str) -> list[Record]:
    """An invoice with, perhaps, a plan, a fee, a payment, a credit note, a write-off, a void."""
    date = day(draw, START)
    total = cents(draw, 100, 200_000)
    body: dict[str, Any] = {
        "number": number,
        "customer": customer,
        "date": date,
        "lines": [{"description": "work", "unit_price": total}],
        "events": [],
    }
    if draw(st.booleans()):
        first = cents(draw, 1, int(total * 100) - 1) if total > Decimal("0.01") else total
        body["installments"] = (
            [
                {"due": day(draw, date, 60), "amount": first},
                {"due": day(draw, date + dt.timedelta(days=30), 90), "amount": total - first},
            ]
            if first < total
            else [{"due": day(draw, date, 60), "amount": total}]
        )
    if draw(st.booleans()):
        body["events"].append(
            {"date": day(draw, date), "type": "fee", "amount": 5, "reason": "late"}
        )
    owed = total
    records: list[Record] = []
    void = draw(st.integers(0, 5)) == 0
    if not void and draw(st.booleans()):
        paid = cents(draw, 1, int(owed * 100))
        owed -= paid
        pay_date = day(draw, date)
        applied_on = day(draw, pay_date, 20) if draw(st.booleans()) else None
        extra = cents(draw, 0, 5000)
        records.append(
            Payment(
                id=f"P-{number}",
                customer=customer,
                date=pay_date,
                amount=paid + extra,
                apply=[{"invoice": number, "amount": paid, "date": applied_on}],  # type: ignore[list-item]
            )
        )
    if not void and owed > 0 and draw(st.booleans()):
        credit = cents(draw, 1, int(owed * 100))
        owed -= credit
        records.append(
            CreditNote(
                number=f"CN-{number}",
                customer=customer,
                date=day(draw, date),
                amount=credit,
                invoice=number,
            )
        )
    if owed > 0 and draw(st.booleans()):
        body["events"].append(
            {
                "date": day(draw, date),
                "type": "write_off",
                "amount": cents(draw, 1, int(owed * 100)),
                "reason": "x",
            }
        )
    if void:
        body["events"].append({"date": day(draw, date), "type": "void", "reason": "error"})
    return [Invoice.model_validate(body), *records]


@st.composite
def book_records(draw: st.DrawFn) -> list[Record]:
    """Customers in two currencies, their invoices and what settled them, and credit on account."""
    customers = [
        Customer(id=f"C{i}", name=f"Customer {i}", currency=draw(st.sampled_from(["EUR", "USD"])))
        for i in range(draw(st.integers(1, 3)))
    ]
    records: list[Record] = list(customers)
    for index in range(draw(st.integers(0, 6))):
        customer = draw(st.sampled_from(customers)).id
        records += draw(invoice_records(f"INV-{index}", customer))
    if draw(st.booleans()):
        customer = draw(st.sampled_from(customers)).id
        records.append(
            CreditNote(
                number="CN-ACCOUNT", customer=customer, date=day(draw, START), amount=Decimal(25)
            )
        )
    return records


def book_of(records: list[Record]) -> Book:
    book, problems = assemble(LEDGER, records)
    assert not problems
    assert not check_book(book), check_book(book)
    return book


def as_it_was(records: list[Record], as_of: dt.date) -> list[Record]:
    """The records a user had on `as_of`: nothing dated later, no later event or application."""
    kept: list[Record] = []
    for record in records:
        if isinstance(record, Customer):
            kept.append(record)
        elif record.date <= as_of:  # type: ignore[attr-defined]
            kept.append(_trimmed(record, as_of))
    return kept


def _trimmed(record: Record, as_of: dt.date) -> Record:
    if isinstance(record, Invoice):
        events = [e for e in record.events if e.date <= as_of]
        agreed = [e for e in record.events if e.type == "plan"]
        if agreed and all(e.date > as_of for e in agreed):  # a plan agreed later: none yet
            return record.model_copy(update={"events": events, "installments": []})
        return record.model_copy(update={"events": events})
    if isinstance(record, Payment):
        apply = [a for a in record.apply if (a.date or record.date) <= as_of]
        return record.model_copy(update={"apply": apply})
    return record
