"""A simulated cron: the reminder run on every day of a quarter, with payments, disputes and
promises arriving on random days. Whatever happens, levels go 1, 2, 3 in order, never twice,
never while disputed or promised, at least min_interval_days apart, and stop once paid."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ar.book import Book
from ar.dunning import PRE_DUE, promise_state, reminders
from ar.installments import past_due
from ar.model.events import Dispute, DisputeResolved, Promise
from ar.reminders import events_of, plan
from ar.settlement import accounts
from tests.collections_book import add_events, memory_book, pay

START = dt.date(2026, 1, 1)


@dataclass(frozen=True)
class Story:
    """What happens to one invoice: dated by offsets from START."""

    issued: int
    paid_on: int | None
    dispute: tuple[int, int] | None
    promise: tuple[int, int, bool] | None


stories = st.builds(
    Story,
    st.integers(0, 40),
    st.none() | st.integers(0, 120),
    st.none() | st.tuples(st.integers(0, 100), st.integers(1, 40)),
    st.none() | st.tuples(st.integers(0, 100), st.integers(0, 20), st.booleans()),
)


def at(offset: int) -> dt.date:
    return START + dt.timedelta(days=offset)


def happenings(book: Book, number: str, story: Story, today: int) -> None:
    """Record what the story says happens on day `today` (as a person would, that morning)."""
    if story.paid_on == today:
        owed = accounts(book)[number].open_on(at(today))
        if owed > 0:
            pay(book, number, at(today), owed)
    if story.dispute and story.dispute[0] == today:
        add_events(book, number, [Dispute(date=at(today), type="dispute", reason="x")])
    if story.dispute and sum(story.dispute) == today:
        add_events(book, number, [DisputeResolved(date=at(today), type="dispute_resolved")])
    if story.promise and story.promise[0] == today:
        made, wait, keep = story.promise
        promise = Promise(date=at(today), type="promise", amount=Decimal(50), by=at(made + wait))
        add_events(book, number, [promise])
        if keep:
            pay(book, number, at(made + wait), Decimal(50))


@settings(max_examples=40, deadline=None)
@given(st.lists(stories, min_size=1, max_size=3))
def test_cron_never_skips_repeats_or_reminds_a_paused_invoice(story_list: list[Story]) -> None:
    book = memory_book(
        [{"number": f"I{n}", "date": at(s.issued).isoformat()} for n, s in enumerate(story_list)]
    )
    policy = book.ledger.dunning
    assert policy is not None
    for today in range(150):
        for n, story in enumerate(story_list):
            if story.issued <= today:
                happenings(book, f"I{n}", story, today)
        for letter in plan(book, at(today)).letters:
            for item in letter.items:
                _check_allowed(book, item.account.invoice.number, item.level, at(today))
            for number, events in events_of(letter).items():
                add_events(book, number, events)
        assert plan(book, at(today)).letters == []  # a second run that day finds nothing
    for account in accounts(book).values():
        levels = [r.level for r in reminders(account) if r.level != PRE_DUE]
        assert levels == list(range(1, len(levels) + 1))
        days = [r.date for r in reminders(account)]
        gaps = [(b - a).days for a, b in itertools.pairwise(days)]
        assert all(gap >= policy.min_interval_days for gap in gaps)


def _check_allowed(book: Book, number: str, level: int, today: dt.date) -> None:
    account = accounts(book)[number]
    assert account.open_on(today) > 0
    assert not account.disputed_on(today)
    promise = promise_state(account, today)
    assert promise is None or promise.state != "pending"
    policy = book.ledger.dunning
    assert policy is not None
    if level == PRE_DUE:
        assert past_due(account, today).days == 0
    else:
        assert past_due(account, today).days >= policy.levels[level - 1].after_days
