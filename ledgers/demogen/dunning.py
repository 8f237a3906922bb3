"""Reminders as a daily dunning run would have sent them, with fees, interest and promises.

Levels follow ledger.yaml: a friendly note (level 0) goes out a few days before the due
date, then a level goes out once the invoice is `after_days` past due, never
sooner than `min_interval_days` after the previous one, never while it is disputed or under
a promise, and only while something is still owed. Fees and interest are charged only to
customers whose profile says so (the others are spared them as a matter of goodwill).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from ar.model import Ledger
from ar.model.settings import DunningLevel, ReferenceInterest
from ar.money import round_money
from demogen.billing import Draft
from demogen.dates import DAY, END, days, workday, workday_before


def dun(draft: Draft, ledger: Ledger, rng: random.Random) -> None:
    """Append the reminder, fee, interest and promise events the draft's lateness earns."""
    policy = ledger.dunning
    if policy is None or not draft.dunned:
        return
    if policy.pre_due:
        _pre_due(draft, policy.pre_due.days_before)
    previous: dt.date | None = None
    interest_from = draft.due + DAY
    for level in policy.levels:
        day = draft.due + days(level.after_days)
        if previous:
            day = max(day, previous + days(policy.min_interval_days))
        day = _clear(day, draft.windows)
        settled = draft.settles_on()
        if day > END or (settled and day >= settled):
            return
        draft.events.append({"date": day, "type": "reminder", "level": level.level})
        if draft.profile.fees:
            interest_from = _charge(draft, ledger, level, day, interest_from)
        if level.level == 2 and draft.profile.promises:
            _maybe_promise(draft, day, rng)
        previous = day


def _pre_due(draft: Draft, days_before: int) -> None:
    """The friendly note (level 0) on the first working day of the last days before due."""
    day = _clear(draft.due - days(days_before), draft.windows)
    settled = draft.settles_on()
    if draft.date <= day <= min(draft.due, END) and not (settled and day >= settled):
        draft.events.append({"date": day, "type": "reminder", "level": 0})


def _clear(day: dt.date, windows: list[tuple[dt.date, dt.date]]) -> dt.date:
    """The first working day on or after `day` outside every no-reminder window."""
    moved = True
    while moved:
        day, moved = workday(day), False
        for first, last in windows:
            if first <= day <= last:
                day, moved = last + DAY, True
    return day


def _charge(
    draft: Draft, ledger: Ledger, level: DunningLevel, day: dt.date, start: dt.date
) -> dt.date:
    """Fee and interest for this level; returns where the next interest period starts."""
    if level.fee:
        reason = f"Reminder fee, level {level.level}"
        if level.level == 4:
            reason = "Flat compensation for recovery costs (late payment directive)"
        draft.events.append({"date": day, "type": "fee", "amount": level.fee, "reason": reason})
    if level.interest is None:
        return start
    rate = _rate(ledger, level.interest, start)
    overdue = (day - start).days + 1
    amount = round_money(draft.principal_open(day) * rate * overdue / 365, draft.currency)
    event = {"date": day, "type": "interest", "amount": amount, "rate": rate}
    draft.events.append(event | {"from": start, "to": day})
    return day + DAY


def _rate(ledger: Ledger, interest: Decimal | ReferenceInterest, day: dt.date) -> Decimal:
    if isinstance(interest, Decimal):
        return interest
    table = ledger.reference_rates[interest.reference]
    base = [entry.rate for entry in table if entry.start <= day][-1]
    return base + interest.margin


def _maybe_promise(draft: Draft, reminded: dt.date, rng: random.Random) -> None:
    """Half the time the customer calls after the second reminder and promises to pay.

    Most promises are kept (the money arrives by the promised day); the rest are broken,
    and the reminders pick up again once the promised day has passed. An invoice that
    stays unpaid within the book breaks every promise made for it.
    """
    if rng.random() < 0.5:
        return
    day = workday(reminded + days(rng.randint(1, 4)))
    settled = draft.settles_on()
    if day > END or (settled and day >= settled):
        return
    by = day + days(rng.choice([7, 10, 14]))
    amount = draft.open_on(day)
    draft.events.append({"date": day, "type": "promise", "amount": amount, "by": by})
    draft.windows.append((day, by))
    kept = rng.random() < 0.7
    if kept and draft.pay_on:
        in_time = max(workday_before(by - days(rng.randint(0, 3))), day + DAY)
        draft.pay_on = min(draft.pay_on, in_time)
    elif draft.pay_on and draft.pay_on <= by:
        late = workday(by + days(rng.randint(8, 30)))
        draft.pay_on = late if late <= END else None
    if draft.pay_on and draft.pay_on > END:
        draft.pay_on = None
