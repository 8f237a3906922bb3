"""Which parts of an invoice are open and which are overdue, each with its own due date.

The one rule every report, letter and reminder uses for what is overdue. An invoice falls
due on its due date. A payment plan, from the day it was agreed (its `plan` event), splits
what was open that day into installments: what is settled afterwards pays the earliest
parts first, so what is still open sits in the latest ones and each part ages on its own
due date. Charges added after the plan (fees, interest) are due on the invoice's due date.
Before the day a plan was agreed the invoice is aged as if there were none, so agreeing a
plan never changes a report of an earlier day. A plan written without a `plan` event
(before plans were dated) holds from the invoice date and covers the whole invoice.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from ar.model.events import PlanAgreed
from ar.money import ZERO
from ar.settlement import Account

Part = tuple[dt.date, Decimal]
CHARGES = ("fee", "interest")


class PastDue(NamedTuple):
    """What of an invoice is overdue on a day, and how many days its oldest part is late."""

    amount: Decimal
    days: int


def agreed_on(account: Account) -> dt.date | None:
    """The day the invoice's payment plan was agreed; None when it has no plan or the plan
    predates dated plans (it then holds from the invoice date)."""
    if not account.installments:
        return None
    days = [e.date for e in account.invoice.events if isinstance(e, PlanAgreed)]
    return max(days, default=None)


def in_force(account: Account, as_of: dt.date) -> bool:
    """True when a payment plan governs the invoice's due dates on `as_of`."""
    if not account.installments:
        return False
    start = agreed_on(account)
    return start is None or start <= as_of


def schedule(account: Account, as_of: dt.date) -> list[Part]:
    """What the plan asks for as of `as_of`, due date by due date, before any settlement
    after it was agreed; empty when no plan is in force."""
    if not in_force(account, as_of):
        return []
    plan = sorted(account.installments)
    extra = covered(account, as_of) - sum((amount for _, amount in plan), ZERO)
    if extra > 0:
        plan = sorted([*plan, (account.due, extra)])
    return plan


def covered(account: Account, as_of: dt.date) -> Decimal:
    """What the plan's parts must hold as of `as_of`: what was open the day it was agreed
    plus charges added since (a plan without a date: the invoice and all its charges)."""
    start = agreed_on(account)
    base = account.total if start is None else account.open_on(start)
    since = dt.date.min if start is None else start
    added = (m.amount for m in account.movements if m.kind in CHARGES and since < m.date <= as_of)
    return base + sum(added, ZERO)


def open_parts(account: Account, as_of: dt.date) -> list[Part]:
    """The open amount split by due date; the parts always sum to `account.open_on(as_of)`.

    An invoice without a plan in force is one part due on its due date. Settled amounts
    are taken off the earliest parts first.
    """
    open_amount = account.open_on(as_of)
    if open_amount <= 0:
        return []
    plan = schedule(account, as_of)
    if not plan:
        return [(account.due, open_amount)]
    settled = sum((amount for _, amount in plan), ZERO) - open_amount
    parts: list[Part] = []
    for due, amount in plan:
        taken = min(max(settled, ZERO), amount)
        settled -= taken
        if amount > taken:
            parts.append((due, amount - taken))
    return parts


def past_due(account: Account, as_of: dt.date) -> PastDue:
    """The overdue part of the invoice on `as_of` (due that day is not overdue yet) and
    the days its oldest overdue part is late; (0, 0) when nothing is overdue."""
    late = [(due, amount) for due, amount in open_parts(account, as_of) if due < as_of]
    if not late:
        return PastDue(ZERO, 0)
    oldest = min(due for due, _ in late)
    return PastDue(sum((amount for _, amount in late), ZERO), (as_of - oldest).days)


def final_due(account: Account) -> dt.date:
    """When the whole invoice falls due: its last installment, else its due date."""
    return max((due for due, _ in account.installments), default=account.due)


def current_amount(account: Account, as_of: dt.date) -> Decimal:
    """The part of the open amount not yet due on `as_of` (due that day counts as current)."""
    return sum((amount for due, amount in open_parts(account, as_of) if due >= as_of), ZERO)
