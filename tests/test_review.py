"""The review as pure functions: records in, changes, flags and money effect out."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from ar.model import Ledger, Record
from ar.review.changeset import ChangeSet, Side
from ar.review.diff import review
from ar.review.numbering import new_gaps
from tests.strategies import LEDGER, START, as_it_was, book_records

PATTERN = "INV-{year}-{seq:04d}"


def change_set(before: list[Record], after: list[Record], ledger: Ledger = LEDGER) -> ChangeSet:
    return ChangeSet(
        Side("before", None, ledger, tuple(before)), Side("after", None, ledger, tuple(after)), ()
    )


@settings(max_examples=40, deadline=None)
@given(book_records())
def test_no_change_reviews_as_nothing(records: list[Record]) -> None:
    result = review(change_set(records, records))
    assert (result.changes, result.flags, result.effects) == ([], [], [])


@settings(max_examples=60, deadline=None)
@given(book_records(), st.integers(0, 200))
def test_what_happened_after_a_closed_day_breaks_no_rule(records: list[Record], days: int) -> None:
    """Everything recorded after `locked_until` is new business: no warning, and each
    change is dated after the closed day."""
    closed = START + dt.timedelta(days=days)
    ledger = LEDGER.model_copy(update={"locked_until": closed})
    result = review(change_set(as_it_was(records, closed), records, ledger))
    assert result.flags == []
    assert all(d > closed for change in result.changes for d in change.dates)
    assert {c.action for c in result.changes} <= {
        "issued", "received", "added", "applied", "recorded", "opened", "resolved",
        "promised", "written off", "charged", "voided",
    }  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(book_records(), st.integers(0, 200))
def test_undoing_it_is_flagged_but_not_as_the_closed_period(
    records: list[Record], days: int
) -> None:
    closed = START + dt.timedelta(days=days)
    ledger = LEDGER.model_copy(update={"locked_until": closed})
    result = review(change_set(records, as_it_was(records, closed), ledger))
    kinds = {flag.kind for flag in result.flags}
    assert kinds <= {"deleted", "reallocated"}
    assert ("deleted" in kinds) == any(c.removed for c in result.changes)


def test_gaps_are_ranges_and_only_new_ones_count() -> None:
    before = ["INV-2026-0001", "INV-2026-0002", "INV-2026-0005"]
    after = [*before, "INV-2026-0004", "INV-2026-0009", "INV-2027-0001", "CREDIT-7"]
    gaps = new_gaps(PATTERN, before, after)
    assert [(g.first, g.last, g.after) for g in gaps] == [
        ("INV-2026-0006", "INV-2026-0008", "INV-2026-0009")
    ]


def test_a_typo_costs_one_range() -> None:
    gaps = new_gaps(PATTERN, ["INV-2026-0001"], ["INV-2026-0001", "INV-2026-9000001"])
    assert [(g.first, g.last) for g in gaps] == [("INV-2026-0002", "INV-2026-9000000")]


def test_deleting_inside_a_series_opens_a_gap() -> None:
    numbers = [f"INV-2026-{n:04d}" for n in range(1, 6)]
    gaps = new_gaps(PATTERN, numbers, [n for n in numbers if n != "INV-2026-0003"])
    assert [(g.first, g.last, g.after) for g in gaps] == [
        ("INV-2026-0003", "INV-2026-0003", "INV-2026-0004")
    ]


def test_a_pattern_without_a_sequence_has_no_gaps() -> None:
    assert new_gaps("{year}-{customer}", ["2026-A"], ["2026-A", "2026-C"]) == []
