"""Bringing a settlement up to date gives exactly what settling the changed book in full
gives, for any book and any change to its records; so does the cache's stored form."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ar.book import assemble
from ar.errors import Source
from ar.model import CreditNote, Customer, Invoice, Ledger, Payment, Record, Recurring
from ar.resettle import resettle
from ar.settlement import settle
from ar.store.settled import Restored, Stored

LEDGER = Ledger.model_validate(
    {
        "company": {"name": "Test"},
        "currency": "EUR",
        "terms": {"net30": {"days": 30}, "net7": {"days": 7}},
    }
)
CUSTOMERS = ["A", "B", "C"]
INVOICES = [f"I{n}" for n in range(6)]
DAY = dt.date(2026, 1, 1)

days = st.integers(0, 60).map(lambda n: DAY + dt.timedelta(days=n))
cents = st.integers(1, 50_000).map(lambda n: Decimal(n).scaleb(-2))


@st.composite
def customers(draw: Any, cid: str) -> Customer:
    return Customer.model_validate(
        {
            "id": cid,
            "name": cid,
            "currency": draw(st.sampled_from([None, "EUR", "USD", "JPY"])),
            "terms": draw(st.sampled_from([None, "net7"])),
        }
    )


@st.composite
def invoices(draw: Any, number: str) -> Invoice:
    date = draw(days)
    events: list[dict[str, Any]] = []
    for kind in draw(
        st.lists(st.sampled_from(["fee", "write_off", "void", "dispute"]), max_size=2)
    ):
        event: dict[str, Any] = {
            "date": date + dt.timedelta(days=draw(st.integers(0, 40))),
            "type": kind,
        }
        event |= (
            {"amount": draw(cents), "reason": "r"}
            if kind in ("fee", "write_off")
            else {"reason": "r"}
        )
        events.append(event)
    plan = draw(st.sampled_from([None, None, "R0", "R1", "RX"]))
    return Invoice.model_validate(
        {
            "number": number,
            "customer": draw(st.sampled_from([*CUSTOMERS, "GHOST"])),
            "date": date,
            "lines": [
                {"description": "x", "quantity": draw(st.integers(1, 3)), "unit_price": draw(cents)}
            ],
            "events": events,
            **({"recurring": plan} if plan else {}),
        }
    )


@st.composite
def plans(draw: Any, pid: str) -> Recurring:
    return Recurring.model_validate(
        {
            "id": pid,
            "customer": draw(st.sampled_from([*CUSTOMERS, "GHOST"])),
            "lines": [{"description": "monthly", "unit_price": draw(cents)}],
            "start": DAY,
            "interval": "monthly",
            "terms": draw(st.sampled_from([None, "net7", "net99"])),
        }
    )


@st.composite
def payments(draw: Any, pid: str) -> Payment:
    allocations = [
        {
            "invoice": draw(st.sampled_from(INVOICES)),
            "amount": draw(cents),
            **({"discount": draw(cents)} if draw(st.booleans()) else {}),
            **({"date": draw(days)} if draw(st.booleans()) else {}),
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    return Payment.model_validate(
        {
            "id": pid,
            "customer": draw(st.sampled_from(CUSTOMERS)),
            "date": draw(days),
            "amount": draw(cents),
            "apply": allocations,
        }
    )


@st.composite
def credit_notes(draw: Any, number: str) -> CreditNote:
    body: dict[str, Any] = {"number": number, "customer": draw(st.sampled_from(CUSTOMERS))}
    body["date"] = draw(days)
    if draw(st.booleans()):
        body["amount"] = draw(cents)
    else:
        body["lines"] = [
            {"description": "y", "quantity": Decimal("1.5"), "unit_price": draw(cents)}
        ]
    if draw(st.booleans()):
        body["invoice"] = draw(st.sampled_from(INVOICES))
    return CreditNote.model_validate(body)


@st.composite
def records(draw: Any) -> dict[str, Record]:
    """Every possible record of the universe, each present or not."""
    universe: dict[str, Any] = {
        **{f"customer:{c}": customers(c) for c in CUSTOMERS},
        **{f"invoice:{n}": invoices(n) for n in INVOICES},
        **{f"payment:P{n}": payments(f"P{n}") for n in range(5)},
        **{f"note:N{n}": credit_notes(f"N{n}") for n in range(3)},
        **{f"recurring:R{n}": plans(f"R{n}") for n in range(2)},
    }
    chosen = {key: draw(strategy) for key, strategy in universe.items() if draw(st.booleans())}
    for index, (key, record) in enumerate(chosen.items()):
        record.located(Source(f"{key}.yaml", index + 1))
    return chosen


@st.composite
def changes(draw: Any) -> tuple[dict[str, Record], dict[str, Record]]:
    """A book's records before, and after some were replaced, dropped or added."""
    before = draw(records())
    other = draw(records())
    after = dict(before)
    for key in (
        draw(st.sets(st.sampled_from(sorted({*before, *other})), max_size=4))
        if before or other
        else []
    ):
        if key in other and draw(st.booleans()):
            after[key] = other[key]
        else:
            after.pop(key, None)
    return before, after


def book_of(chosen: dict[str, Record]) -> Any:
    """The book, its records in the order of their keys, as files load in path order."""
    book, duplicates = assemble(LEDGER, [chosen[key] for key in sorted(chosen)])
    assert duplicates == []
    return book


@settings(max_examples=300, deadline=None)
@given(changes())
def test_an_update_equals_settling_in_full(
    change: tuple[dict[str, Record], dict[str, Record]],
) -> None:
    before, after = change
    old_book, new_book = book_of(before), book_of(after)
    previous = settle(old_book)
    changed = {key for key in {*before, *after} if before.get(key) is not after.get(key)}
    old = [before[k] for k in changed if k in before]
    new = [after[k] for k in changed if k in after]
    update = resettle(new_book, previous, old, new)
    assert update is not None
    expected = settle(new_book)
    assert update.applied(new_book, previous) == expected
    stored = Stored.of(previous)
    replaced = {n: a for n in update.accounts if (a := previous.account(n)) is not None}
    stored.apply(update, replaced, lambda: list(new_book.invoices))
    restored = Restored(stored, new_book.invoices)
    assert restored.accounts() == expected.accounts()
    assert list(restored.accounts()) == list(expected.accounts())
    assert restored.credits() == expected.credits()
    assert restored.pairs() == expected.pairs()
    for day in (DAY, DAY + dt.timedelta(days=30), DAY + dt.timedelta(days=400)):
        assert restored.active(day) == expected.active(day)
        assert restored.unapplied(day) == expected.unapplied(day)


def test_a_changed_ledger_asks_for_settling_in_full() -> None:
    book = book_of({})
    assert resettle(book, settle(book), [LEDGER], [LEDGER]) is None
