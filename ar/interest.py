"""Late-payment interest and fixed compensation, as the late-payment laws define them.

Interest is simple, act/365 (every year counts 365 days, leap or not), on the overdue
principal of each day from the day after the due date; a payment dated D stops interest
from D on. The annual rate is fixed, or a dated reference rate plus a margin: the EU
directive's "reference rate + 8 points". How the reference is fixed differs by law: the UK
Late Payment Act and the Irish regulations take the rate in force on the 30 June or
31 December before interest starts to run, for the whole delay (`at_start`); § 288 BGB
follows the German base rate as it changes each 1 January and 1 July (`half_year`).
Compensation is a fixed sum per overdue invoice chosen by the
invoice's amount (UK: 40 / 70 / 100 GBP; EU: at least 40 EUR).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from ar.errors import ArlError
from ar.model.settings import CompensationBand, RateEntry, ReferenceInterest
from ar.money import ZERO, round_money

DAYS_IN_YEAR = Decimal(365)
ONE_DAY = dt.timedelta(days=1)

RateSpec = Decimal | ReferenceInterest
RateTables = dict[str, list[RateEntry]]


@dataclass(frozen=True)
class Accrual:
    """Interest for a run of days at one annual rate (both ends inclusive)."""

    start: dt.date
    end: dt.date
    rate: Decimal
    amount: Decimal


def reference_rate(table: list[RateEntry], day: dt.date) -> Decimal | None:
    """The rate in force on `day`: the latest entry starting on or before it."""
    found = None
    for entry in sorted(table, key=lambda e: e.start):
        if entry.start <= day:
            found = entry.rate
    return found


def fixing_day(day: dt.date, fixing: str, delay_start: dt.date | None = None) -> dt.date:
    """The day whose reference rate applies on `day` under the given fixing convention:
    `day` itself (daily); the first day of `day`'s half year, when the German base rate
    changes (half_year); or the 30 June or 31 December before the delay began, for every
    day of it (at_start)."""
    if fixing == "daily":
        return day
    if fixing == "half_year":
        return dt.date(day.year, 1 if day.month <= 6 else 7, 1)
    start = delay_start or day
    if start.month <= 6:
        return dt.date(start.year - 1, 12, 31)
    return dt.date(start.year, 6, 30)


def annual_rate(
    spec: RateSpec, tables: RateTables, day: dt.date, delay_start: dt.date | None = None
) -> Decimal:
    """The annual interest rate that applies on `day` of a delay that began on
    `delay_start` (the day after the due date); a missing reference is an input error."""
    if isinstance(spec, Decimal):
        return spec
    table = tables.get(spec.reference)
    if table is None:
        raise ArlError(
            f"interest refers to reference rate '{spec.reference}', which ledger.yaml "
            "does not define",
            f"add reference_rates: {{{spec.reference}: [{{from: DATE, rate: RATE}}]}}",
        )
    base = reference_rate(table, fixing_day(day, spec.fixing, delay_start))
    if base is None:
        raise ArlError(
            f"reference rate '{spec.reference}' has no rate for {day}",
            "add an entry whose 'from' is on or before that day",
        )
    return base + spec.margin


def _rate_runs(
    rate_on: Callable[[dt.date], Decimal], start: dt.date, end: dt.date
) -> Iterator[tuple[dt.date, dt.date, Decimal]]:
    """Maximal runs of consecutive days sharing one rate."""
    day, run_start, run_rate = start, start, rate_on(start)
    while day < end:
        day += ONE_DAY
        rate = rate_on(day)
        if rate != run_rate:
            yield run_start, day - ONE_DAY, run_rate
            run_start, run_rate = day, rate
    yield run_start, end, run_rate


def accrue(
    principal_on: Callable[[dt.date], Decimal],
    rate_on: Callable[[dt.date], Decimal],
    start: dt.date,
    end: dt.date,
    currency: str,
) -> list[Accrual]:
    """Simple act/365 interest from `start` to `end` inclusive, one Accrual per rate run.

    Each run's amount is rounded half-up to the currency's minor unit once, so a period
    charged in one letter never accumulates per-day rounding. Runs worth nothing are left out.
    """
    if end < start:
        return []
    accruals = []
    for run_start, run_end, rate in _rate_runs(rate_on, start, end):
        day, owed_days = run_start, ZERO  # the sum of each day's principal: one division
        while day <= run_end:
            owed_days += max(principal_on(day), ZERO)
            day += ONE_DAY
        amount = round_money(owed_days * rate / DAYS_IN_YEAR, currency)
        if amount > 0:
            accruals.append(Accrual(run_start, run_end, rate, amount))
    return accruals


def compensation(bands: list[CompensationBand], amount: Decimal) -> Decimal:
    """The fixed compensation for an invoice of `amount`: the first band it is below."""
    for band in sorted(bands, key=lambda b: (b.below is None, b.below or ZERO)):
        if band.below is None or amount < band.below:
            return band.amount
    return ZERO
