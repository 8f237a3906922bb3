"""How risky a customer is, from how they have paid, and the reasons in words.

The score runs from 0 (pays on time, nothing against them) to 100. It adds points for:
lateness (average days late weighted by amount, counting what is overdue now), the share
of invoices paid late, paying later in the last 90 days than over the year, disputes,
broken promises to pay, and credit used against the limit. Only the last year counts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ar.book import Book
from ar.installments import open_parts
from ar.model.events import Promise
from ar.money import ZERO
from ar.reports.metrics import paid_off
from ar.settlement import Account, accounts, unapplied

Part = tuple[int, Decimal]  # days overdue, amount

YEAR = dt.timedelta(days=365)
RECENT = dt.timedelta(days=90)
ONE = Decimal(1)


@dataclass(frozen=True)
class Risk:
    score: int
    level: str  # low | medium | high
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class History:
    """What the score is made of, for one customer in one currency."""

    late_year: Decimal | None
    late_recent: Decimal | None
    paid: int
    paid_late: int
    disputes: int
    broken: int
    used: Decimal | None  # share of the credit limit in use, 1 = all of it


Paid = tuple[Account, dt.date, int]  # an invoice, the day it was paid off, days late


def lateness(paid: list[Paid], overdue: list[Part], since: dt.date) -> Decimal | None:
    """Days late weighted by amount: invoices paid off after `since`, and what is overdue."""
    weighted = sum((d * a.total for a, day, d in paid if day > since), ZERO)
    weight = sum((a.total for a, day, _ in paid if day > since), ZERO)
    weighted += sum((Decimal(days) * amount for days, amount in overdue), ZERO)
    weight += sum((amount for _, amount in overdue), ZERO)
    return weighted / weight if weight else None


def broken_promise(account: Account, promise: Promise, as_of: dt.date) -> bool:
    """A promise whose date has passed with less paid than promised and the invoice open."""
    if promise.by >= as_of or account.open_on(promise.by) <= 0:
        return False
    paid = sum(
        (
            -m.amount
            for m in account.movements
            if promise.date <= m.date <= promise.by and m.amount < 0
        ),
        ZERO,
    )
    return paid < promise.amount


def history(accts: list[Account], as_of: dt.date, used: Decimal | None) -> History:
    since = as_of - YEAR
    paid: list[Paid] = []
    overdue: list[Part] = []
    for account in accts:
        found = paid_off(account, as_of)
        if found is not None and found[0] > since:
            paid.append((account, *found))
        overdue += [
            ((as_of - due).days, amount)
            for due, amount in open_parts(account, as_of)
            if due < as_of
        ]
    events = [(a, e) for a in accts for e in a.invoice.events if since < e.date <= as_of]
    return History(
        late_year=lateness(paid, overdue, since),
        late_recent=lateness(paid, overdue, as_of - RECENT),
        paid=len(paid),
        paid_late=sum(1 for _, _, days in paid if days > 0),
        disputes=sum(1 for _, e in events if e.type == "dispute"),
        broken=sum(1 for a, e in events if isinstance(e, Promise) and broken_promise(a, e, as_of)),
        used=used,
    )


Reason = tuple[Decimal, str] | None


def _lateness(h: History) -> Reason:
    if h.late_year is None or h.late_year < ONE:
        return None
    text = f"{_days(h.late_year)} late on average, weighted by amount (paid and open invoices)"
    return min(h.late_year / 60, ONE) * 35, text


def _share_late(h: History) -> Reason:
    if not h.paid_late:
        return None
    return Decimal(h.paid_late) / h.paid * 20, f"{h.paid_late} of {h.paid} invoices paid late"


def _trend(h: History) -> Reason:
    if h.late_recent is None or h.late_year is None or h.late_recent - h.late_year < 5:
        return None
    text = (
        f"paying later lately: {_days(h.late_recent)} late in the last 90 days"
        f" against {_days(h.late_year)} over the year"
    )
    return min((h.late_recent - h.late_year) / 30, ONE) * 10, text


def _disputes(h: History) -> Reason:
    if not h.disputes:
        return None
    return min(Decimal(h.disputes) / 3, ONE) * 10, _count(
        h.disputes, "dispute"
    ) + " in the last year"


def _broken(h: History) -> Reason:
    if not h.broken:
        return None
    return min(Decimal(h.broken) / 2, ONE) * 15, _count(h.broken, "broken promise") + " to pay"


def _credit(h: History) -> Reason:
    if h.used is None or h.used < Decimal("0.8"):
        return None
    over = h.used > 1
    text = f"{'over' if over else 'near'} the credit limit: {h.used * 100:.0f} % used"
    return Decimal(10 if over else 5), text


REASONS = (_lateness, _share_late, _trend, _disputes, _broken, _credit)


def score(h: History) -> Risk:
    """Points for each reason, largest first; the reasons say what earned them."""
    points = [reason for rule in REASONS if (reason := rule(h)) is not None]
    total = int(sum((p for p, _ in points), ZERO).quantize(ONE, ROUND_HALF_UP))
    reasons = tuple(text for _, text in sorted(points, key=lambda p: -p[0]))
    return Risk(total, _level(total), reasons or (_clean(h),))


def risks(
    book: Book, as_of: dt.date, accts: dict[str, Account] | None = None
) -> dict[tuple[str, str], Risk]:
    """The risk of every customer in every currency they have been invoiced in."""
    grouped: dict[tuple[str, str], list[Account]] = defaultdict(list)
    for account in (accts or accounts(book)).values():
        if account.invoice.date <= as_of:
            grouped[account.invoice.customer, account.currency].append(account)
    credit = unapplied(book, as_of)
    result = {}
    for (customer, currency), mine in grouped.items():
        owed = credit.get((customer, currency), ZERO)
        used = _credit_used(book, customer, currency, mine, owed, as_of)
        result[customer, currency] = score(history(mine, as_of, used))
    return result


def _credit_used(
    book: Book,
    customer_id: str,
    currency: str,
    accts: list[Account],
    credit: Decimal,
    as_of: dt.date,
) -> Decimal | None:
    customer = book.customers.get(customer_id)
    if customer is None or not customer.credit_limit or book.currency_of(customer) != currency:
        return None
    owed = sum((max(a.open_on(as_of), ZERO) for a in accts), ZERO) - credit
    return owed / customer.credit_limit


def _level(total: int) -> str:
    return "high" if total >= 50 else "medium" if total >= 25 else "low"


def _days(value: Decimal) -> str:
    days = int(value.quantize(ONE, ROUND_HALF_UP))
    return f"{days} day" if days == 1 else f"{days} days"


def _count(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def _clean(h: History) -> str:
    return "pays on time" if h.paid else "no payment history yet"
