"""Cash-in forecast: when the money that is owed is likely to arrive, week by week.

Rows say what they hold. `overdue` is what is past due on the day (the rule of every
report, `ar.installments.past_due`). What is not yet due (each open installment of a plan
on its own) is expected on its due date plus its customer's usual delay, the
amount-weighted average of days between due date and payment over the invoices the
customer paid off in the last year (negative for early payers; none paid: no delay), and
never before the day itself: it falls in a week or `later`. Disputed invoices are not
expected until the dispute is resolved. The rows add up to the aging total.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ar.book import Book
from ar.installments import final_due, open_parts
from ar.money import ZERO
from ar.reports.base import Column, Report, Row
from ar.reports.detail import unknown
from ar.reports.metrics import paid_off
from ar.settlement import Account, accounts

YEAR = dt.timedelta(days=365)
OVERDUE, LATER, DISPUTED = "overdue", "later", "disputed"

COLUMNS = [
    Column("week", "Week"),
    Column("from", "From"),
    Column("to", "To"),
    Column("currency", "Cur"),
    Column("invoices", "Invoices", True),
    Column("expected", "Expected", True),
]


@dataclass(frozen=True)
class Delay:
    days: Decimal
    invoices: int


def delays(accts: list[Account], as_of: dt.date) -> dict[tuple[str, str], Delay]:
    """Each customer's usual delay past the due date, weighted by invoice amount."""
    weighted: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    weights: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for account in accts:
        paid = paid_off(account, as_of)
        if paid is None or paid[0] <= as_of - YEAR:
            continue
        key = (account.invoice.customer, account.currency)
        weighted[key] += (paid[0] - final_due(account)).days * account.total
        weights[key] += account.total
        counts[key] += 1
    return {
        key: Delay(weighted[key] / weights[key], counts[key]) for key in weights if weights[key]
    }


def slot(due: dt.date, days: int, as_of: dt.date, weeks: int) -> str:
    """Which row a part due on `due` falls in: overdue when past due on `as_of`, else the
    week 1..N from `as_of` of its expected day (due plus `days`, not before `as_of`), or later."""
    if due < as_of:
        return OVERDUE
    expected = max(due + dt.timedelta(days=days), as_of)
    week = (expected - as_of).days // 7 + 1
    return str(week) if week <= weeks else LATER


def forecast(
    book: Book,
    as_of: dt.date,
    weeks: int = 13,
    customer: str | None = None,
    currency: str | None = None,
) -> Report:
    """Expected receipts per week and currency, with rows for what falls outside the weeks."""
    if customer and customer not in book.customers:
        raise unknown("customer", customer, list(book.customers))
    mine = [
        a
        for a in accounts(book).values()
        if customer in (None, a.invoice.customer) and currency in (None, a.currency)
    ]
    usual = delays(mine, as_of)
    sums, counts = _expected(mine, usual, as_of, weeks)
    rows = [
        _row(cur, name, as_of, sums[cur, name], len(counts[cur, name]))
        for cur in sorted({c for c, _ in sums})
        for name in [OVERDUE, *map(str, range(1, weeks + 1)), LATER, DISPUTED]
        if name.isdigit() or (cur, name) in sums
    ]
    meta = {"as_of": as_of, "weeks": weeks, "delays": _delays(usual)}
    return Report("Expected receipts", COLUMNS, rows, meta, _totals(rows))


Slots = tuple[dict[tuple[str, str], Decimal], dict[tuple[str, str], set[str]]]


def _expected(
    mine: list[Account], usual: dict[tuple[str, str], Delay], as_of: dt.date, weeks: int
) -> Slots:
    """Amounts and invoice numbers per (currency, row) where each open part is expected."""
    sums: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    counts: dict[tuple[str, str], set[str]] = defaultdict(set)
    for account in mine:
        delay = usual.get((account.invoice.customer, account.currency))
        days = int(delay.days.quantize(Decimal(1), ROUND_HALF_UP)) if delay else 0
        for due, amount in open_parts(account, as_of):
            row = DISPUTED if account.disputed_on(as_of) else slot(due, days, as_of, weeks)
            sums[account.currency, row] += amount
            counts[account.currency, row].add(account.invoice.number)
    return sums, counts


def _row(currency: str, name: str, as_of: dt.date, amount: Decimal, invoices: int) -> Row:
    start = end = None
    if name.isdigit():
        start = as_of + dt.timedelta(days=7 * (int(name) - 1))
        end = start + dt.timedelta(days=6)
    return {
        "week": name,
        "from": start,
        "to": end,
        "currency": currency,
        "invoices": invoices,
        "expected": amount,
    }


def _totals(rows: list[Row]) -> list[Row]:
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        totals[row["currency"]] += row["expected"]
    return [{"currency": cur, "expected": amount} for cur, amount in sorted(totals.items())]


def _delays(usual: dict[tuple[str, str], Delay]) -> list[dict[str, object]]:
    """The delay used for each customer, for scripts that want to check the forecast."""
    return [
        {
            "customer": customer,
            "currency": currency,
            "avg_delay_days": float(delay.days.quantize(Decimal("0.01"), ROUND_HALF_UP)),
            "invoices": delay.invoices,
        }
        for (customer, currency), delay in sorted(usual.items())
    ]
