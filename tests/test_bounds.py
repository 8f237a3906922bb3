"""Numbers at the edges: whatever `check` lets through, every report adds up without fail.

The bounds of `ar.money` (quantities, prices, line and invoice totals, payments) exist so
that no Decimal operation of a report can stop on a checked book; hypothesis tries books
built from the extremes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ar.book import assemble
from ar.export.journal import build
from ar.integrity import check_book
from ar.model import Customer, Invoice, Ledger, Line, Payment
from ar.money import LARGEST_AMOUNT, LARGEST_PRICE, LARGEST_QUANTITY
from ar.reports.aging import Options, aging
from ar.reports.listing import customer_list

LEDGER = Ledger.model_validate({"company": {"name": "Edge Co"}, "currency": "EUR"})
DAY = dt.date(2026, 1, 10)
MICRO = Decimal("0.000001")


def _near(limit: Decimal, *, signed: bool) -> st.SearchStrategy[Decimal]:
    """Values at most 6 decimals, many of them right at the limit."""
    top = int(limit / MICRO) - 1
    low = -top if signed else 0
    edges = st.sampled_from([top, low, 0, 1, top // 2])
    return (edges | st.integers(low, top)).map(lambda n: Decimal(n) * MICRO)


def _line(quantity: Decimal, price: Decimal, rate: Decimal | None) -> Line | None:
    """A line the model accepts (quantity x price inside its bound), else None."""
    if abs(quantity * price) >= LARGEST_AMOUNT:
        return None
    return Line(description="x", quantity=quantity, unit_price=price, tax_rate=rate)


lines = st.builds(
    _line,
    _near(LARGEST_QUANTITY, signed=False),
    _near(LARGEST_PRICE, signed=True),
    st.none() | st.sampled_from([Decimal(0), Decimal("0.19"), Decimal(1)]),
).filter(lambda line: line is not None)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(lines, min_size=1, max_size=12), max_size=4),
    st.lists(st.integers(1, int(LARGEST_AMOUNT) - 1), max_size=3),
)
def test_a_checked_book_reports_without_fail(invoices: list[list[Line]], paid: list[int]) -> None:
    records = [
        Customer(id="ACME", name="Acme"),
        *(
            Invoice(number=f"INV-{n}", customer="ACME", date=DAY, lines=invoice_lines)
            for n, invoice_lines in enumerate(invoices)
        ),
        *(
            Payment(id=f"PAY-{n}", customer="ACME", date=DAY, amount=Decimal(amount))
            for n, amount in enumerate(paid)
        ),
    ]
    book, _ = assemble(LEDGER, records)
    if check_book(book):
        return  # refused by check: nothing further may read it
    for day in (DAY, dt.date(2027, 6, 30)):
        aging(book, Options(as_of=day))
        aging(book, Options(as_of=day, by="invoice"))
        customer_list(book, day)
        build(book, day)
