"""Which parts of an invoice are still open, each with its own due date.

An invoice on a payment plan falls due in installments. Whatever has been settled pays
the earliest installments first, so what is still open sits in the latest ones and each
part ages on its own due date. Anything the plan does not cover (a plan shorter than the
invoice, fees, interest) is due on the invoice's own due date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ar.money import ZERO
from ar.settlement import Account

Part = tuple[dt.date, Decimal]


def schedule(account: Account, as_of: dt.date) -> list[Part]:
    """What the customer owes as of `as_of`, due date by due date, before any settlement."""
    plan = sorted(account.installments)
    if not plan:
        return []
    charged = account.total + account.sum_of("fee", as_of) + account.sum_of("interest", as_of)
    extra = charged - sum((amount for _, amount in plan), ZERO)
    if extra > 0:
        plan = sorted([*plan, (account.due, extra)])
    return plan


def open_parts(account: Account, as_of: dt.date) -> list[Part]:
    """The open amount split by due date; the parts always sum to `account.open_on(as_of)`.

    An invoice without installments is one part due on its due date. Settled amounts are
    taken off the earliest parts first.
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


def final_due(account: Account) -> dt.date:
    """When the whole invoice falls due: its last installment, else its due date."""
    return max((due for due, _ in account.installments), default=account.due)


def current_amount(account: Account, as_of: dt.date) -> Decimal:
    """The part of the open amount not yet due on `as_of` (due that day counts as current)."""
    return sum((amount for due, amount in open_parts(account, as_of) if due >= as_of), ZERO)
