"""The demo book's calendar: a fixed span of working days, never the clock."""

from __future__ import annotations

import datetime as dt
import random

START = dt.date(2025, 3, 1)
END = dt.date(2026, 11, 20)
DAY = dt.timedelta(days=1)
# Days no bank books and no dunning run goes out (German national holidays in the book).
HOLIDAYS = frozenset(
    dt.date(year, month, day)
    for year, month, day in (
        (2025, 4, 18),
        (2025, 4, 21),
        (2025, 5, 1),
        (2025, 5, 29),
        (2025, 6, 9),
        (2025, 10, 3),
        (2025, 12, 25),
        (2025, 12, 26),
        (2026, 1, 1),
        (2026, 4, 3),
        (2026, 4, 6),
        (2026, 5, 1),
        (2026, 5, 14),
        (2026, 5, 25),
        (2026, 10, 3),
        (2026, 12, 25),
    )
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def days(count: int) -> dt.timedelta:
    return dt.timedelta(days=count)


def is_workday(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in HOLIDAYS


def workday(day: dt.date) -> dt.date:
    """The day itself or the next working day: banks and the dunning run keep office hours."""
    while not is_workday(day):
        day += DAY
    return day


def workday_before(day: dt.date) -> dt.date:
    while not is_workday(day):
        day -= DAY
    return day


def month_starts() -> list[dt.date]:
    """The first of every month the book covers."""
    months: list[dt.date] = []
    month = START.replace(day=1)
    while month <= END:
        months.append(month)
        month = (month + days(32)).replace(day=1)
    return months


def month_end(month: dt.date) -> dt.date:
    return (month.replace(day=1) + days(32)).replace(day=1) - DAY


def random_workday(rng: random.Random, month: dt.date) -> dt.date | None:
    """A working day in the month and inside the book, or None when there is none left."""
    first, last = max(month, START), min(month_end(month), END)
    span = [first + days(i) for i in range((last - first).days + 1)]
    choices = [day for day in span if is_workday(day)]
    return rng.choice(choices) if choices else None


def month_label(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"
