"""The bulk writer's text is byte-identical to `record_text` for every record it writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ar.model import Allocation, Customer, Invoice, Line, Payment
from ar.store.emit import fast_record_text
from ar.store.write import record_text

TEXT = st.text(
    alphabet=st.sampled_from("aZéÖ09 -_.,/()+'&@:#\"yesnoTrue\tx"), min_size=1, max_size=12
)
IDENT = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,10}", fullmatch=True)
MONEY = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)
DATES = st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31))


@st.composite
def invoices(draw: st.DrawFn) -> Invoice:
    lines = draw(
        st.lists(
            st.builds(
                Line,
                description=TEXT,
                quantity=st.sampled_from([Decimal(1), Decimal("2.5")]),
                unit_price=MONEY,
                tax_rate=st.sampled_from([None, Decimal("0.19")]),
            ),
            min_size=1,
            max_size=3,
        )
    )
    return Invoice(
        number=draw(IDENT),
        customer=draw(IDENT),
        date=draw(DATES),
        po=draw(st.none() | TEXT),
        lines=lines,
    )


@st.composite
def payments(draw: st.DrawFn) -> Payment:
    apply = draw(
        st.lists(
            st.builds(Allocation, invoice=IDENT, amount=MONEY, discount=st.none() | MONEY),
            max_size=3,
        )
    )
    return Payment(
        id=draw(IDENT),
        customer=draw(IDENT),
        date=draw(DATES),
        amount=draw(MONEY.filter(lambda m: m > 0)),
        reference=draw(st.none() | TEXT),
        notes=draw(st.none() | TEXT),
        apply=apply,
    )


ADDRESSES = st.builds(
    lambda name, address: f"{name}<{address}>" if name else address,
    st.sampled_from(["", "Acme AP ", '"Müller, Jörg" ', "x: 'y' # z "]),
    st.from_regex(r"[a-z0-9._%+'-]{1,10}@[a-z0-9-]{1,8}\.[a-z]{2,4}", fullmatch=True),
).filter(lambda text: ".." not in text)  # what an e-mail field accepts, quoting and all
customers = st.builds(
    Customer,
    id=IDENT,
    name=TEXT,
    email=st.lists(ADDRESSES, max_size=2),
    hold=st.booleans(),
    credit_limit=st.none() | MONEY,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(invoices(), payments(), customers), st.none() | TEXT)
def test_fast_text_equals_record_text(record: Invoice, comment: str | None) -> None:
    assert fast_record_text(record, comment) == record_text(record, comment)


def test_a_value_used_twice_is_written_twice() -> None:
    amount = Decimal("1000.00")
    payment = Payment(
        id="P-1",
        customer="ACME",
        date=dt.date(2026, 3, 1),
        amount=amount,
        apply=[Allocation(invoice="INV-1", amount=amount)],
    )
    text = record_text(payment)
    assert "&" not in text and "*" not in text
    assert text.count("1000.00") == 2
