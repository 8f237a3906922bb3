"""The collector's own records on an invoice: disputes, promises and payment plans.

Each function checks that the step makes sense as of its date and returns what to write
(`recorded` and `agreed` make it the plan of a recording command); the store writes it. A
payment plan splits what is open on the day it is agreed, and records that day as a
`plan` event: the installments govern the invoice from then on (`ar.installments`), so
reports of earlier days are unchanged.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal

from ar.errors import ArlError
from ar.model import Event, Installment
from ar.model.events import Dispute, DisputeResolved, PlanAgreed, Promise
from ar.money import ZERO, round_money
from ar.plan import Change, Plan
from ar.settlement import Account

_SAID = {
    "dispute": "dispute opened",
    "dispute_resolved": "dispute resolved",
    "promise": "promise to pay recorded",
}
_EVERY = re.compile(r"(?:(\d+)\s*)?(day|week|month)s?")


def open_dispute(account: Account, day: dt.date, reason: str) -> Dispute:
    _require_open(account, day)
    if account.disputed_on(day):
        raise ArlError(f"{account.invoice.number} is disputed already", "resolve it first")
    return Dispute(date=day, type="dispute", reason=reason)


def resolve_dispute(account: Account, day: dt.date, note: str | None) -> DisputeResolved:
    if not account.disputed_on(day):
        raise ArlError(f"{account.invoice.number} has no open dispute on {day}")
    return DisputeResolved(date=day, type="dispute_resolved", note=note)


def promise(account: Account, day: dt.date, amount: Decimal, by: dt.date) -> Promise:
    owed = _require_open(account, day)
    if amount <= 0 or amount > owed:
        raise ArlError(f"a promise must be more than 0 and at most the open {owed}")
    if round_money(amount, account.currency) != amount:
        raise ArlError(f"{amount} has more decimals than {account.currency} allows")
    if by < day:
        raise ArlError(f"the promised day {by} is before {day}", "give a --by date from today on")
    return Promise(date=day, type="promise", amount=amount, by=by)


def payment_plan(
    account: Account, day: dt.date, count: int, every: str, first: dt.date
) -> list[Installment]:
    """`count` installments of the open amount, `every` period apart from `first` on."""
    _require_open(account, day)
    if count < 1:
        raise ArlError("a payment plan needs at least one installment")
    if first < max(day, account.invoice.date):
        raise ArlError(f"the first installment {first} is before {max(day, account.invoice.date)}")
    remaining = account.open_on(day)
    share = round_money(remaining / count, account.currency)
    if share <= 0:
        raise ArlError(f"{remaining} {account.currency} is too little for {count} installments")
    amounts = [share] * (count - 1) + [remaining - share * (count - 1)]
    if min(amounts) <= 0:
        raise ArlError(
            f"{remaining} {account.currency} cannot be split into {count} installments",
            "agree fewer installments",
        )
    return [
        Installment(due=add_period(first, every, index), amount=amount)
        for index, amount in enumerate(amounts)
    ]


def recorded(account: Account, event: Event) -> Plan:
    """The plan that adds `event` to the invoice's history."""
    invoice = account.invoice
    new = invoice.model_copy(update={"events": [*invoice.events, event]})
    summary = f"{_SAID.get(event.type, event.type)} on {invoice.number}"
    result = {"invoice": invoice.number, "event": event.type}
    return Plan((Change(invoice, new, summary),), (), result)


def agreed(account: Account, day: dt.date, schedule: list[Installment]) -> Plan:
    """The plan that sets the invoice's installments and records the day they were agreed,
    refused when it has a plan already."""
    invoice = account.invoice
    if invoice.installments:
        raise ArlError(f"{invoice.number} has a payment plan already", "edit its installments")
    events = [*invoice.events, PlanAgreed(date=day, type="plan")]
    new = invoice.model_copy(update={"installments": schedule, "events": events})
    summary = f"payment plan for {invoice.number} in {len(schedule)} installments"
    notes = tuple(f"{item.due}  {item.amount:f} {account.currency}" for item in schedule)
    parts = [{"due": item.due, "amount": item.amount} for item in schedule]
    result = {"invoice": invoice.number, "currency": account.currency, "installments": parts}
    return Plan((Change(invoice, new, summary),), notes, result)


def add_period(start: dt.date, every: str, times: int) -> dt.date:
    """`start` plus `times` periods of `every` (`month`, `2 weeks`, `10 days`); month ends clamp."""
    match = _EVERY.fullmatch(every.strip().lower())
    if match is None:
        raise ArlError(f"'{every}' is not a period", "use month, week, day, or e.g. '2 weeks'")
    steps = int(match.group(1) or 1) * times
    unit = match.group(2)
    if unit == "day":
        return start + dt.timedelta(days=steps)
    if unit == "week":
        return start + dt.timedelta(weeks=steps)
    month = start.month - 1 + steps
    year, month = start.year + month // 12, month % 12 + 1
    return start.replace(year=year, month=month, day=min(start.day, _days_in(year, month)))


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _require_open(account: Account, day: dt.date) -> Decimal:
    owed = account.open_on(day)
    if owed <= ZERO:
        state = "void" if account.is_void(day) else "settled"
        raise ArlError(f"{account.invoice.number} is {state} on {day}; nothing to collect")
    return owed
