"""Collection metrics for a period: how fast customers pay and how well we collect.

The formulas, and the variant chosen where the trade knows several, are written down in
docs/metrics.md with a worked example. Every figure is computed per currency, for the
whole book and for each customer; a figure whose denominator is zero is undefined (None).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ar.book import Book
from ar.installments import current_amount, final_due
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
            scope("all", currency).receipts.append(payment)
            scope(payment.customer, currency).receipts.append(payment)
    return sorted(found.values(), key=lambda s: (s.name != "all", s.name, s.currency))


def receivable(accounts: Iterable[Account], day: dt.date) -> Decimal:
    """What is owed at the end of `day` (overpaid invoices count as zero)."""
    return sum((max(a.open_on(day), ZERO) for a in accounts), ZERO)


def current_receivable(accounts: Iterable[Account], day: dt.date) -> Decimal:
    return sum((current_amount(a, day) for a in accounts), ZERO)


def sales(accounts: Iterable[Account], period: Period) -> Decimal:
    """Credit sales: totals of invoices dated in the period and not void by its end."""
    return sum(
        (
            a.total
            for a in accounts
            if period.start <= a.invoice.date <= period.end and not a.is_void(period.end)
        ),
        ZERO,
    )


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
    """(credit sales, days) per calendar month, from the month of `end` back to the first sale."""
    first = min((a.invoice.date for a in accounts), default=end)
    months = []
    last = end
    while last >= first.replace(day=1):
        start = last.replace(day=1)
        months.append((sales(accounts, Period(start, last)), (last - start).days + 1))
        last = start - dt.timedelta(days=1)
    return months


def paid_in(accounts: Iterable[Account], period: Period) -> list[tuple[int, int]]:
    """(days to pay, days late) of each invoice paid off within the period.

    Paid off: its open amount reached zero in the period and a payment played a part (an
    invoice cancelled by a credit note or written off was never paid). Days late are
    counted from the last installment of a payment plan and floored at zero.
    """
    result = []
    for account in accounts:
        settled = account.settled_on()
        if settled is None or not period.start <= settled <= period.end:
            continue
        if account.is_void(period.end):
            continue
        if any(m.kind == "payment" and m.date <= settled for m in account.movements):
            to_pay = (settled - account.invoice.date).days
            result.append((to_pay, max((settled - final_due(account)).days, 0)))
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


def receivable_figures(accounts: list[Account], period: Period) -> dict[str, Number]:
    """DSO (simple and count-back), best possible DSO, ADD, CEI, turnover and % current."""
    days = Decimal(period.days)
    begin = receivable(accounts, period.start - dt.timedelta(days=1))
    end = receivable(accounts, period.end)
    current = current_receivable(accounts, period.end)
    sold = sales(accounts, period)
    dso = ratio(end, sold, days)
    best = ratio(current, sold, days)
    return {
        "dso": number(dso),
        "dso_countback": number(countback_dso(end, months_back(accounts, period.end))),
        "best_possible_dso": number(best),
        "add": number(dso - best if dso is not None and best is not None else None),
        "cei": number(ratio(begin + sold - end, begin + sold - current, HUNDRED)),
        "turnover": number(ratio(sold, (begin + end) / 2)),
        "pct_current": number(ratio(current, end, HUNDRED)),
    }


def figures(scope: Scope, period: Period) -> dict[str, Number | str]:
    """Every metric of one scope over the period, in the documented order."""
    return {
        "scope": scope.name,
        "currency": scope.currency,
        **payment_figures(scope.accounts, period),
        **receivable_figures(scope.accounts, period),
    }


def month_figures(scope: Scope, period: Period) -> dict[str, object]:
    """The monthly series: DSO, CEI and % current, with what was collected and invoiced."""
    figures = receivable_figures(scope.accounts, period)
    return {
        "month": period.start.strftime("%Y-%m"),
        "scope": scope.name,
        "currency": scope.currency,
        "dso": figures["dso"],
        "cei": figures["cei"],
        "pct_current": figures["pct_current"],
        "collected": collected(scope.receipts, period),
        "invoiced": sales(scope.accounts, period),
    }


def months_of(period: Period) -> list[Period]:
    """The calendar months of a period, the first and last cut to the period's bounds."""
    result = []
    start = period.start
    while start <= period.end:
        following = (start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        result.append(Period(start, min(following - dt.timedelta(days=1), period.end)))
        start = following
    return result
