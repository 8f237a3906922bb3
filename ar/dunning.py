"""Which reminder each open invoice is due for, as of a date, and why not when it is not.

The decision reads only the ledger: the reminders already recorded on the invoice, its
disputes, promises and payment plan, and the dunning policy. Levels go in order and are
never skipped; a missed day catches up one level at a time, at least `min_interval_days`
apart. Because every reminder sent is recorded on the invoice, running the decision again
after the letters went out finds nothing new to send, whatever day it runs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ar.installments import in_force, past_due
from ar.model import Customer, Ledger
from ar.model.events import Promise, Reminder
from ar.model.settings import Dunning
from ar.money import ZERO
from ar.notes import escalated_on, paused_until
from ar.settlement import Account

PRE_DUE = 0  # the level number recorded for the courtesy note sent before the due date
SETTLING = frozenset({"payment", "discount", "credit", "write_off", "bounce"})


@dataclass(frozen=True)
class Step:
    """A reminder due now: its level (0 = pre-due courtesy note) and template."""

    level: int
    template: str


@dataclass(frozen=True)
class Decision:
    """For one invoice: the step due now, or the reason nothing is due (and its details)."""

    account: Account
    step: Step | None
    reason: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.reason} ({self.detail})" if self.detail else self.reason


@dataclass(frozen=True)
class PromiseState:
    promise: Promise
    state: str  # pending | kept | broken


def policy_for(customer: Customer | None, ledger: Ledger) -> Dunning | None:
    """The customer's own policy, else the book's; None when reminders are off."""
    if customer is not None and not customer.reminders:
        return None
    if customer is not None and customer.dunning is not None:
        return customer.dunning
    return ledger.dunning


def reminders(account: Account) -> list[Reminder]:
    return [e for e in account.invoice.events if isinstance(e, Reminder)]


def sent_by(account: Account, as_of: dt.date) -> list[Reminder]:
    """The reminders sent on or before `as_of`."""
    return [r for r in reminders(account) if r.date <= as_of]


def settled_between(account: Account, start: dt.date, end: dt.date) -> Decimal:
    """Money received (or credited, written off) against the invoice from start to end."""
    return -sum(
        (m.amount for m in account.movements if m.kind in SETTLING and start <= m.date <= end),
        ZERO,
    )


def promise_state(account: Account, as_of: dt.date) -> PromiseState | None:
    """The latest promise made by `as_of`: pending until its day, then kept or broken."""
    made = [e for e in account.invoice.events if isinstance(e, Promise) and e.date <= as_of]
    if not made:
        return None
    promise = max(made, key=lambda p: p.date)
    if as_of <= promise.by:
        return PromiseState(promise, "pending")
    paid = settled_between(account, promise.date, promise.by)
    kept = paid >= promise.amount or account.open_on(promise.by) <= 0
    return PromiseState(promise, "kept" if kept else "broken")


def missed_installment(account: Account, as_of: dt.date) -> tuple[dt.date, Decimal] | None:
    """The oldest part of a plan in force that is overdue on `as_of`, with what is overdue
    in all (`ar.installments.past_due`); an installment due today is not missed yet."""
    if not in_force(account, as_of):
        return None
    late = past_due(account, as_of)
    if not late.days:
        return None
    return as_of - dt.timedelta(days=late.days), late.amount


def decide(
    account: Account,
    customer: Customer | None,
    ledger: Ledger,
    as_of: dt.date,
    *,
    looking_back: bool = False,
) -> Decision:
    """The reminder this invoice is due for on `as_of`, or why there is none.

    A run refuses to remind before a reminder already sent ("reminded later"); a report
    `looking_back` at `as_of` sees only the reminders sent by then, as it did that day.
    """
    blocked = _blocked(account, customer, ledger, as_of)
    if blocked:
        return Decision(account, None, *blocked)
    policy = policy_for(customer, ledger)
    assert policy is not None
    sent = sent_by(account, as_of) if looking_back else reminders(account)
    last_level = max((r.level for r in sent), default=None)
    last_date = max((r.date for r in sent), default=None)
    if last_date is not None and last_date > as_of:
        return Decision(account, None, "reminded later", str(last_date))
    days = past_due(account, as_of).days
    if days == 0:
        return _before_due(account, policy, last_level, as_of)
    index = last_level or 0
    if index >= len(policy.levels):
        return Decision(account, None, "final level sent" if policy.levels else "no levels")
    level = policy.levels[index]
    if days < level.after_days:
        return Decision(account, None, "waiting", f"level {level.level} at {level.after_days} days")
    if last_date is not None and (as_of - last_date).days < policy.min_interval_days:
        wait = last_date + dt.timedelta(days=policy.min_interval_days)
        return Decision(account, None, "waiting", f"level {level.level} not before {wait}")
    return Decision(account, Step(level.level, level.template), "due", f"{days} days late")


def _blocked(
    account: Account, customer: Customer | None, ledger: Ledger, as_of: dt.date
) -> tuple[str, str] | None:
    """Why no reminder can go out at all: paid, void, disputed, promised, on a plan, off."""
    if account.is_void(as_of):
        return "void", ""
    if as_of < account.invoice.date or account.open_on(as_of) <= 0:
        return "paid", ""
    if policy_for(customer, ledger) is None:
        off = customer is not None and not customer.reminders
        return ("reminders off", "") if off else ("no dunning policy", "")
    if account.disputed_on(as_of):
        return "disputed", ""
    handed = escalated_on(account.invoice, as_of)
    if handed is not None:
        return "escalated", f"to {handed.to}"
    until = paused_until(account.invoice, as_of)
    if until is not None:
        return "call back", f"until {until}"
    promise = promise_state(account, as_of)
    if promise and promise.state == "pending":
        return "promised", f"{promise.promise.amount} by {promise.promise.by}"
    if plan_current(account, as_of):
        return "payment plan", "current"
    return None


def plan_current(account: Account, as_of: dt.date) -> bool:
    """A payment plan pauses reminders while no installment is missed and some are still ahead."""
    return (
        in_force(account, as_of)
        and any(due >= as_of for due, _ in account.installments)
        and missed_installment(account, as_of) is None
    )


def _before_due(
    account: Account, policy: Dunning, last_level: int | None, as_of: dt.date
) -> Decision:
    pre_due = policy.pre_due
    if (
        pre_due is None
        or last_level is not None
        or (account.due - as_of).days > pre_due.days_before
    ):
        return Decision(account, None, "not yet due", str(account.due))
    return Decision(account, Step(PRE_DUE, pre_due.template), "due", f"due on {account.due}")
