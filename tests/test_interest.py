"""Late-payment interest (simple, act/365) and fixed compensation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ar.errors import ArlError
from ar.interest import accrue, annual_rate, compensation, fixing_day, reference_rate
from ar.model.settings import CompensationBand, RateEntry, ReferenceInterest

D = Decimal


def flat(amount: str) -> object:
    return lambda day: D(amount)


def test_one_rate_fifteen_days_matches_the_worked_example() -> None:
    # 100 at 10 %/year for 15 days: 100 x 0.10 x 15 / 365 = 0.41
    [run] = accrue(flat("100"), flat("0.10"), dt.date(2026, 1, 2), dt.date(2026, 1, 16), "EUR")
    assert (run.amount, run.rate, run.start, run.end) == (
        D("0.41"),
        D("0.10"),
        dt.date(2026, 1, 2),
        dt.date(2026, 1, 16),
    )


def test_a_leap_year_still_counts_365_days() -> None:
    [run] = accrue(flat("36500"), flat("0.10"), dt.date(2028, 1, 1), dt.date(2028, 12, 31), "EUR")
    assert run.amount == D("3660.00")  # 366 days of 10.00 each


def test_a_payment_stops_interest_on_what_it_paid() -> None:
    def principal(day: dt.date) -> Decimal:
        return D("1000") if day < dt.date(2026, 3, 11) else D("500")

    [run] = accrue(principal, flat("0.0365"), dt.date(2026, 3, 1), dt.date(2026, 3, 20), "EUR")
    assert run.amount == D("1.00") + D("0.50")  # 10 days on 1000, 10 days on 500


def test_nothing_owed_accrues_nothing() -> None:
    assert accrue(flat("0"), flat("0.1"), dt.date(2026, 1, 1), dt.date(2026, 2, 1), "EUR") == []
    assert accrue(flat("9"), flat("0.1"), dt.date(2026, 2, 1), dt.date(2026, 1, 1), "EUR") == []


def test_a_rate_change_splits_the_period_into_runs() -> None:
    def rate(day: dt.date) -> Decimal:
        return D("0.10") if day < dt.date(2026, 7, 1) else D("0.12")

    runs = accrue(flat("3650"), rate, dt.date(2026, 6, 21), dt.date(2026, 7, 10), "EUR")
    assert [(r.start, r.end, r.rate, r.amount) for r in runs] == [
        (dt.date(2026, 6, 21), dt.date(2026, 6, 30), D("0.10"), D("10.00")),
        (dt.date(2026, 7, 1), dt.date(2026, 7, 10), D("0.12"), D("12.00")),
    ]


def test_yen_interest_rounds_to_whole_yen() -> None:
    [run] = accrue(flat("100000"), flat("0.08"), dt.date(2026, 1, 1), dt.date(2026, 1, 10), "JPY")
    assert run.amount == D("219")  # 219.18 -> 219


BASE = [
    RateEntry.model_validate({"from": dt.date(2025, 8, 7), "rate": D("0.04")}),
    RateEntry.model_validate({"from": dt.date(2026, 2, 5), "rate": D("0.0375")}),
    RateEntry.model_validate({"from": dt.date(2026, 8, 6), "rate": D("0.035")}),
]


def test_reference_rate_is_the_latest_entry_in_force() -> None:
    assert reference_rate(BASE, dt.date(2025, 8, 6)) is None
    assert reference_rate(BASE, dt.date(2025, 8, 7)) == D("0.04")
    assert reference_rate(BASE, dt.date(2026, 3, 1)) == D("0.0375")


def test_german_half_year_fixing_uses_the_first_day_of_the_half_year() -> None:
    assert fixing_day(dt.date(2026, 3, 1), "half_year") == dt.date(2026, 1, 1)
    assert fixing_day(dt.date(2026, 6, 30), "half_year") == dt.date(2026, 1, 1)
    assert fixing_day(dt.date(2026, 7, 1), "half_year") == dt.date(2026, 7, 1)
    assert fixing_day(dt.date(2026, 12, 31), "half_year") == dt.date(2026, 7, 1)
    assert fixing_day(dt.date(2026, 3, 1), "daily") == dt.date(2026, 3, 1)


def test_uk_fixing_at_start_uses_31_december_or_30_june_before_the_delay() -> None:
    start = dt.date(2026, 3, 1)
    for day in (start, dt.date(2026, 9, 1), dt.date(2027, 4, 1)):
        assert fixing_day(day, "at_start", start) == dt.date(2025, 12, 31)
    assert fixing_day(dt.date(2026, 8, 1), "at_start", dt.date(2026, 7, 1)) == dt.date(2026, 6, 30)


def test_reference_plus_margin_daily_and_half_yearly() -> None:
    tables = {"BOE": BASE}
    daily = ReferenceInterest(reference="BOE", margin=D("0.08"))
    fixed = ReferenceInterest(reference="BOE", margin=D("0.08"), fixing="half_year")
    day = dt.date(2026, 3, 1)  # base rate moved to 3.75 % on 5 Feb; on 31 Dec it was 4 %
    assert annual_rate(daily, tables, day) == D("0.1175")
    assert annual_rate(fixed, tables, day) == D("0.12")
    assert annual_rate(D("0.10"), tables, day) == D("0.10")


def test_unknown_reference_and_missing_rate_are_input_errors() -> None:
    with pytest.raises(ArlError, match="reference rate 'ECB'"):
        annual_rate(ReferenceInterest(reference="ECB", margin=D("0.08")), {}, dt.date(2026, 1, 1))
    with pytest.raises(ArlError, match="no rate for 2020-01-01"):
        annual_rate(
            ReferenceInterest(reference="BOE", margin=D("0.08")), {"BOE": BASE}, dt.date(2020, 1, 1)
        )


UK = [
    CompensationBand(below=D("1000"), amount=D("40")),
    CompensationBand(amount=D("100")),
    CompensationBand(below=D("10000"), amount=D("70")),
]


@pytest.mark.parametrize(
    ("total", "owed"),
    [("0.01", "40"), ("999.99", "40"), ("1000", "70"), ("9999.99", "70"), ("10000", "100")],
)
def test_uk_compensation_bands(total: str, owed: str) -> None:
    assert compensation(UK, D(total)) == D(owed)


def test_no_band_for_the_amount_means_no_compensation() -> None:
    assert compensation([CompensationBand(below=D("100"), amount=D("5"))], D("100")) == 0


@given(
    st.decimals(min_value=0, max_value=10**7, places=2),
    st.integers(min_value=1, max_value=800),
    st.integers(min_value=1, max_value=799),
)
def test_splitting_a_period_never_changes_interest_by_more_than_a_cent(
    principal: Decimal, days: int, cut: int
) -> None:
    start = dt.date(2026, 1, 1)
    end = start + dt.timedelta(days=days - 1)
    middle = start + dt.timedelta(days=min(cut, days) - 1)
    whole = accrue(lambda d: principal, flat("0.08"), start, end, "EUR")
    first = accrue(lambda d: principal, flat("0.08"), start, middle, "EUR")
    second = accrue(lambda d: principal, flat("0.08"), middle + dt.timedelta(days=1), end, "EUR")
    total = sum((r.amount for r in whole), D(0))
    parts = sum((r.amount for r in first + second), D(0))
    assert abs(total - parts) <= D("0.01")
    assert total == (principal * D("0.08") * days / 365).quantize(
        D("0.01"), rounding="ROUND_HALF_UP"
    )
