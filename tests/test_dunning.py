"""Which reminder is due, as SPEC "Semantics" says: in order, never skipped, paused if need be."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ar.book import Book
from ar.dunning import decide, promise_state
from ar.model.events import Dispute, DisputeResolved, Promise, Reminder
from ar.reminders import events_of, plan
from ar.settlement import accounts
from tests.collections_book import add_events, memory_book, pay

D = Decimal
DUE = dt.date(2026, 1, 31)  # invoices dated 2026-01-01, net 30


def day(offset: int) -> dt.date:
    """A day counted from the due date: day(7) is 7 days late."""
    return DUE + dt.timedelta(days=offset)


def decision(book: Book, number: str, when: dt.date) -> tuple[int | None, str]:
    account = accounts(book)[number]
    found = decide(account, book.customers.get(account.invoice.customer), book.ledger, when)
    return (found.step.level if found.step else None), found.reason


def sent(book: Book, number: str, level: int, when: dt.date) -> None:
    add_events(book, number, [Reminder(date=when, type="reminder", level=level)])


def one(**extra: object) -> Book:
    return memory_book([{"number": "I1", "date": "2026-01-01", **extra}])


def test_nothing_before_the_courtesy_window_then_the_courtesy_note() -> None:
    book = one()
    assert decision(book, "I1", day(-4)) == (None, "not yet due")
    assert decision(book, "I1", day(-3)) == (0, "due")
    assert decision(book, "I1", day(0)) == (0, "due")
    sent(book, "I1", 0, day(-3))
    assert decision(book, "I1", day(0)) == (None, "not yet due")


def test_courtesy_note_is_not_sent_once_the_invoice_is_late() -> None:
    assert decision(one(), "I1", day(1)) == (None, "waiting")


def test_levels_follow_after_days() -> None:
    book = one()
    assert decision(book, "I1", day(6)) == (None, "waiting")
    assert decision(book, "I1", day(7)) == (1, "due")
    sent(book, "I1", 1, day(7))
    assert decision(book, "I1", day(20)) == (None, "waiting")
    assert decision(book, "I1", day(21)) == (2, "due")
    sent(book, "I1", 2, day(21))
    assert decision(book, "I1", day(35)) == (3, "due")
    sent(book, "I1", 3, day(35))
    assert decision(book, "I1", day(300)) == (None, "final level sent")


def test_a_missed_month_catches_up_one_level_at_a_time() -> None:
    book = one()
    assert decision(book, "I1", day(60)) == (1, "due")  # not 3: levels are never skipped
    sent(book, "I1", 1, day(60))
    assert decision(book, "I1", day(66)) == (None, "waiting")  # min_interval_days 7
    assert decision(book, "I1", day(67)) == (2, "due")


def test_the_same_day_twice_finds_nothing_new() -> None:
    book = one()
    letters = plan(book, day(7)).letters
    assert [letter.level for letter in letters] == [1]
    for number, events in events_of(letters[0]).items():
        add_events(book, number, events)
    assert plan(book, day(7)).letters == []


def test_a_reminder_recorded_later_than_as_of_blocks_an_earlier_run() -> None:
    book = one()
    sent(book, "I1", 1, day(10))
    assert decision(book, "I1", day(8)) == (None, "reminded later")


def test_paid_invoices_get_nothing_and_partly_paid_ones_keep_going() -> None:
    book = one()
    pay(book, "I1", day(5), D("40"))
    assert decision(book, "I1", day(7)) == (1, "due")
    pay(book, "I1", day(8), D("60"))
    assert decision(book, "I1", day(8)) == (None, "paid")
    assert decision(book, "I1", day(7)) == (1, "due")  # as of the day before, it was owed


def test_dispute_pauses_and_resolution_resumes_at_the_next_level() -> None:
    book = one()
    sent(book, "I1", 1, day(7))
    add_events(book, "I1", [Dispute(date=day(10), type="dispute", reason="wrong rate")])
    assert decision(book, "I1", day(40)) == (None, "disputed")
    add_events(book, "I1", [DisputeResolved(date=day(41), type="dispute_resolved")])
    assert decision(book, "I1", day(41)) == (2, "due")


def test_promise_pauses_until_its_day_then_a_broken_one_resumes() -> None:
    book = one()
    sent(book, "I1", 1, day(7))
    promised = Promise(date=day(9), type="promise", amount=D("100"), by=day(30))
    add_events(book, "I1", [promised])
    assert decision(book, "I1", day(30)) == (None, "promised")
    assert promise_state(accounts(book)["I1"], day(31)).state == "broken"  # type: ignore[union-attr]
    assert decision(book, "I1", day(31)) == (2, "due")


def test_a_kept_partial_promise_ends_the_pause() -> None:
    book = one()
    add_events(book, "I1", [Promise(date=day(2), type="promise", amount=D("30"), by=day(10))])
    pay(book, "I1", day(9), D("30"))
    assert promise_state(accounts(book)["I1"], day(11)).state == "kept"  # type: ignore[union-attr]
    assert decision(book, "I1", day(11)) == (1, "due")


def test_payment_plan_pauses_while_current_and_a_missed_installment_resumes() -> None:
    book = one(
        installments=[{"due": "2026-02-28", "amount": "50"}, {"due": "2026-03-31", "amount": "50"}]
    )
    assert decision(book, "I1", dt.date(2026, 2, 28)) == (None, "payment plan")
    # The first installment missed: late from its own due date, level 1 after 7 days.
    assert decision(book, "I1", dt.date(2026, 3, 1)) == (None, "waiting")
    assert decision(book, "I1", dt.date(2026, 3, 7)) == (1, "due")
    pay(book, "I1", dt.date(2026, 2, 27), D("50"))
    assert decision(book, "I1", dt.date(2026, 3, 20)) == (None, "payment plan")
    assert decision(book, "I1", dt.date(2026, 4, 7)) == (1, "due")  # second one missed


def test_reminders_off_and_a_customers_own_levels() -> None:
    off = memory_book(
        [{"number": "I1", "date": "2026-01-01"}],
        [{"id": "ACME", "name": "Acme", "reminders": "off"}],
    )
    assert decision(off, "I1", day(60)) == (None, "reminders off")
    own = memory_book(
        [{"number": "I1", "date": "2026-01-01"}],
        [
            {
                "id": "ACME",
                "name": "Acme",
                "dunning": {"levels": [{"level": 1, "after_days": 30, "template": "firm"}]},
            }
        ],
    )
    assert decision(own, "I1", day(29)) == (None, "waiting")
    assert decision(own, "I1", day(30)) == (1, "due")
    assert decision(own, "I1", day(0)) == (None, "not yet due")  # no courtesy note of its own


def test_customer_hold_does_not_stop_reminders() -> None:
    book = memory_book(
        [{"number": "I1", "date": "2026-01-01"}], [{"id": "ACME", "name": "Acme", "hold": True}]
    )
    assert decision(book, "I1", day(7)) == (1, "due")


def test_one_letter_per_customer_and_currency_each_invoice_at_its_own_level() -> None:
    book = memory_book(
        [
            {"number": "I1", "date": "2026-01-01"},
            {"number": "I2", "date": "2026-01-02"},
            {"number": "I3", "date": "2026-01-01", "currency": "USD"},
            {"number": "I4", "date": "2025-12-01"},
        ]
    )
    sent(book, "I4", 1, dt.date(2026, 1, 8))
    letters = plan(book, day(8)).letters
    assert [
        (ltr.currency, ltr.level, ltr.template, [(i.account.number, i.level) for i in ltr.items])
        for ltr in letters
    ] == [
        ("EUR", 2, "firm", [("I4", 2), ("I1", 1), ("I2", 1)]),
        ("USD", 1, "friendly", [("I3", 1)]),
    ]
    recorded = events_of(letters[0])
    assert next((e.type, getattr(e, "level", None)) for e in recorded["I4"]) == ("reminder", 2)
    assert next((e.type, getattr(e, "level", None)) for e in recorded["I1"]) == ("reminder", 1)


def test_unapplied_credit_that_covers_the_letter_holds_it() -> None:
    book = one()
    pay(book, "I1", day(1), D("1"))
    payment = book.payments["P-I1-2026-02-01"]
    book.payments["P-I1-2026-02-01"] = payment.model_copy(update={"amount": D("200")})
    result = plan(book, day(7))
    assert result.letters == []
    assert [d.reason for d in result.held] == ["unapplied credit"]


def test_level_charges_fee_once_per_letter_interest_and_compensation_per_invoice() -> None:
    book = memory_book(
        [{"number": "I1", "date": "2026-01-01"}, {"number": "I2", "date": "2026-01-01"}]
    )
    for number in ("I1", "I2"):
        sent(book, number, 1, day(7))
    [letter] = plan(book, day(21)).letters
    first, second = letter.items
    assert (first.fee, second.fee) == (D("5"), D("0"))
    assert first.interest_total == D("0.58")  # 100 x 10 % x 21 / 365
    assert letter.to_pay == D("200") + D("5") + 2 * D("0.58")
    events = events_of(letter)
    assert [e.type for e in events["I1"]] == ["reminder", "fee", "interest"]
    for number, evs in events.items():
        add_events(book, number, evs)
    [final] = plan(book, day(35)).letters
    assert [i.compensation for i in final.items] == [D("40"), D("40")]
    interest = final.items[0].interest[0]
    assert (interest.start, interest.end, interest.amount) == (day(22), day(35), D("0.38"))
