"""Properties that hold for every book: buckets add up, later records are invisible."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ar.model import Record
from ar.money import ZERO
from ar.render.aging import aging_json
from ar.reports.aging import Options, aging
from ar.settlement import accounts
from tests.strategies import START, as_it_was, book_of, book_records

DATES = st.integers(0, 200).map(lambda n: START + dt.timedelta(days=n))
BASES = st.sampled_from(["due_date", "invoice_date"])


@settings(max_examples=150, deadline=None)
@given(book_records(), DATES, BASES)
def test_buckets_sum_to_the_open_total(records: list[Record], as_of: dt.date, basis: str) -> None:
    book = book_of(records)
    aged = aging(book, Options(as_of, basis=basis))  # type: ignore[arg-type]
    open_by: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for account in accounts(book).values():
        open_by[account.currency] += max(account.open_on(as_of), ZERO)
    for row in aged.report.rows + aged.report.totals:
        assert sum((row[label] for label in aged.labels), ZERO) == row["total"]
    assert {t["currency"]: t["total"] for t in aged.report.totals if t["total"]} == {
        cur: amount for cur, amount in open_by.items() if amount
    }


@settings(max_examples=150, deadline=None)
@given(book_records(), DATES, st.sampled_from(["customer", "invoice"]))
def test_records_dated_later_are_invisible(records: list[Record], as_of: dt.date, by: str) -> None:
    options = Options(as_of, by=by)  # type: ignore[arg-type]
    full = aging_json(aging(book_of(records), options))
    then = aging_json(aging(book_of(as_it_was(records, as_of)), options))
    assert full == then
