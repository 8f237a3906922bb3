"""Collection metrics for a period: how fast customers pay and how well we collect.

The formulas, and the variant chosen where the trade knows several, are written down in
docs/metrics.md with a worked example. Every figure is computed per currency, for the
whole book and for each customer; a figure whose denominator is zero is undefined (None).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ar.book import Book
from ar.installments import CHARGES, current_amount, final_due
from ar.model import Payment
from ar.money import ZERO
from ar.settlement import Account

HUNDRED = Decimal(100)
Number = float | int | None


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Scope:
    """The invoices and receipts of one customer, or of everyone ("all"), in one currency."""

    name: str
    currency: str
    accounts: list[Account] = field(default_factory=list)
    receipts: list[Payment] = field(default_factory=list)


def number(value: Decimal | None) -> float | None:
    """A figure as machine output wants it: a number rounded to 2 places, or None."""
    return None if value is None else float(value.quantize(Decimal("0.01"), ROUND_HALF_UP))


def ratio(top: Decimal, bottom: Decimal, scale: Decimal = Decimal(1)) -> Decimal | None:
    return top / bottom * scale if bottom else None


def scopes(book: Book, accts: dict[str, Account], end: dt.date) -> list[Scope]:
    """One "all" scope per currency, then one per customer and currency, in a stable order."""
    found: dict[tuple[str, str], Scope] = {}

    def scope(name: str, currency: str) -> Scope:
        return found.setdefault((name, currency), Scope(name, currency))

    for account in sorted(accts.values(), key=lambda a: a.invoice.number):
        if account.invoice.date <= end:
            scope("all", account.currency).accounts.append(account)
            scope(account.invoice.customer, account.currency).accounts.append(account)
    for payment in sorted(book.payments.values(), key=lambda p: p.id):
        currency = book.currency_of(payment)
        if payment.date <= end and ("all", currency) in found:
            found["all", currency].receipts.append(payment)
            if (payment.customer, currency) in found:
                found[payment.customer, currency].receipts.append(payment)
    return sorted(found.values(), key=lambda s: (s.name != "all", s.name, s.currency))


@dataclass(frozen=True)
class Position:
    """What is owed at the end of a day, and how much of it is not yet due."""

    owed: Decimal = ZERO
    current: Decimal = ZERO


def open_series(account: Account, days: list[dt.date]) -> Iterator[tuple[dt.date, Decimal]]:
    """The open amount at the end of each of `days` (ascending), in one walk of its history."""
    balance, index, moves = account.total, 0, account.movements
    for day in days:
        while index < len(moves) and moves[index].date <= day:
            balance += moves[index].amount
            index += 1
        owes = day >= account.invoice.date and not account.is_void(day)
        yield day, balance if owes else ZERO


def _current(account: Account, day: dt.date, owed: Decimal) -> Decimal:
    if account.installments:
        return current_amount(account, day)
    return owed if account.due >= day else ZERO


def positions(accounts: Iterable[Account], days: Iterable[dt.date]) -> dict[dt.date, Position]:
    """AR and current AR at the end of each day; overpaid invoices count as zero."""
    ordered = sorted(set(days))
    owed = dict.fromkeys(ordered, ZERO)
    current = dict.fromkeys(ordered, ZERO)
    for account in accounts:
        for day, amount in open_series(account, ordered):
            if amount > 0:
                owed[day] += amount
                current[day] += _current(account, day, amount)
    return {day: Position(owed[day], current[day]) for day in ordered}


def sales(accounts: Iterable[Account], period: Period) -> Decimal:
    """Credit sales: what was billed in the period on invoices not void by its end.

    Billed are an invoice's total on its date and its fees and interest on theirs: they
    are in AR, so they count on both sides, which keeps CEI within 0..100 and DSO honest.
    """
    return sum(
        (amount for day, amount in billed(accounts, period.end) if period.start <= day),
        ZERO,
    )


def billed(accounts: Iterable[Account], end: dt.date) -> Iterator[tuple[dt.date, Decimal]]:
    """(date, amount) of every invoice total, fee and interest dated by `end`, leaving out
    invoices void by `end`."""
    for account in accounts:
        if account.date > end or account.is_void(end):
            continue
        yield account.date, account.total
        for move in account.movements:
            if move.kind in CHARGES and move.date <= end:
                yield move.date, move.amount


def collected(receipts: Iterable[Payment], period: Period) -> Decimal:
    return sum((p.amount for p in receipts if period.start <= p.date <= period.end), ZERO)


def countback_dso(ar: Decimal, months: Iterable[tuple[Decimal, int]]) -> Decimal | None:
    """Count-back DSO: `months` are (credit sales, days), latest first.

    Each month's sales are taken off the receivable while it is larger, adding that month's
    days; the remainder adds its share of the next month. None if history runs out first.
    """
    days, remaining = ZERO, ar
    for month_sales, length in months:
        if remaining <= month_sales:
            return days + (remaining / month_sales * length if remaining > 0 else ZERO)
        remaining -= month_sales
        days += length
    return None if remaining > 0 else days


def months_back(accounts: list[Account], end: dt.date) -> list[tuple[Decimal, int]]:
    """(credit sales, days) per calendar month, from the month of `end` back to the first sale.

    The month of `end` counts only its days up to `end`.
    """
    by_month: dict[dt.date, Decimal] = defaultdict(lambda: ZERO)
    for day, amount in billed(accounts, end):
        by_month[day.replace(day=1)] += amount
    first = min(by_month, default=end.replace(day=1))
    months, last = [], end
    while last >= first:
        start = last.replace(day=1)
        months.append((by_month[start], (last - start).days + 1))
        last = start - dt.timedelta(days=1)
    return months


def paid_off(account: Account, as_of: dt.date) -> tuple[dt.date, int] | None:
    """When the invoice was paid off by `as_of`, and how many days late; None if it was not.

    Paid off: its open amount reached zero and a payment played a part (an invoice
    cancelled by a credit note or written off was never paid). Days late are counted from
    the last installment of a payment plan and floored at zero.
    """
    settled = account.settled_on()
    if settled is None or settled > as_of or account.is_void(as_of):
        return None
    if not any(m.kind == "payment" and m.date <= settled for m in account.movements):
        return None
    return settled, max((settled - final_due(account)).days, 0)


def paid_in(accounts: Iterable[Account], period: Period) -> list[tuple[int, int]]:
    """(days to pay, days late) of each invoice paid off within the period."""
    result = []
    for account in accounts:
        paid = paid_off(account, period.end)
        if paid is not None and paid[0] >= period.start:
            result.append(((paid[0] - account.invoice.date).days, paid[1]))
    return result


def payment_figures(accounts: list[Account], period: Period) -> dict[str, Number]:
    paid = paid_in(accounts, period)
    count = Decimal(len(paid))
    late = [days for _, days in paid if days > 0]
    return {
        "invoices_paid": len(paid),
        "avg_days_to_pay": number(ratio(Decimal(sum(d for d, _ in paid)), count)),
        "avg_days_late": number(ratio(Decimal(sum(d for _, d in paid)), count)),
        "pct_paid_late": number(ratio(Decimal(len(late)), count, HUNDRED)),
    }


def position_figures(
    begin: Position, end: Position, sold: Decimal, period: Period
) -> dict[str, Number]:
    """DSO, best possible DSO, ADD, CEI, turnover and % current from AR at both ends."""
    days = Decimal(period.days)
    dso = ratio(end.owed, sold, days)
    best = ratio(end.current, sold, days)
    collectable = begin.owed + sold
    return {
        "dso": number(dso),
        "best_possible_dso": number(best),
        "add": number(dso - best if dso is not None and best is not None else None),
        "cei": number(ratio(collectable - end.owed, collectable - end.current, HUNDRED)),
        "turnover": number(ratio(sold, (begin.owed + end.owed) / 2)),
        "pct_current": number(ratio(end.current, end.owed, HUNDRED)),
    }


def figures(scope: Scope, period: Period) -> dict[str, Number | str]:
    """Every metric of one scope over the period, in the documented order."""
    before = period.start - dt.timedelta(days=1)
    at = positions(scope.accounts, [before, period.end])
    end = at[period.end]
    found = position_figures(at[before], end, sales(scope.accounts, period), period)
    countback = countback_dso(end.owed, months_back(scope.accounts, period.end))
    return {
        "scope": scope.name,
        "currency": scope.currency,
        **payment_figures(scope.accounts, period),
        "dso": found["dso"],
        "dso_countback": number(countback),
        **{key: value for key, value in found.items() if key != "dso"},
    }


def month_series(scope: Scope, months: list[Period]) -> list[dict[str, object]]:
    """The monthly series: DSO, CEI and % current, with what was collected and invoiced."""
    edges = [m.start - dt.timedelta(days=1) for m in months] + [m.end for m in months]
    at = positions(scope.accounts, edges)
    rows: list[dict[str, object]] = []
    for month in months:
        sold = sales(scope.accounts, month)
        found = position_figures(at[month.start - dt.timedelta(days=1)], at[month.end], sold, month)
        rows.append(
            {
                "month": month.start.strftime("%Y-%m"),
                "scope": scope.name,
                "currency": scope.currency,
                "dso": found["dso"],
                "cei": found["cei"],
                "pct_current": found["pct_current"],
                "collected": collected(scope.receipts, month),
                "invoiced": sold,
            }
        )
    return rows


def months_of(period: Period) -> list[Period]:
    """The calendar months of a period, the first and last cut to the period's bounds."""
    result = []
    start = period.start
    while start <= period.end:
        following = (start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        result.append(Period(start, min(following - dt.timedelta(days=1), period.end)))
        start = following
    return result
