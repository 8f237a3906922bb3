"""When each invoice gets paid, from its customer's habit (see `cast.py`)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from ar.model import Ledger
from ar.money import round_money
from ar.terms import early_discount
from demogen.billing import Draft, Part
from demogen.dates import END, days, workday, workday_before

Habit = Callable[[Draft, Ledger, random.Random], None]


def decide(draft: Draft, ledger: Ledger, rng: random.Random) -> None:
    """Set when the draft is paid; a day after the end of the book means still open."""
    if draft.decided:
        return
    HABITS[draft.profile.habit](draft, ledger, rng)
    if draft.pay_on and draft.pay_on > END:
        draft.pay_on = None
    _maybe_partial(draft, rng)


def _between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + days(rng.randint(0, max((last - first).days, 0)))


def _prompt(draft: Draft, ledger: Ledger, rng: random.Random) -> None:
    day = workday(_between(rng, draft.date + days(5), draft.due - days(1)))
    draft.pay_on = workday_before(day) if day > draft.due else day


def _discount(draft: Draft, ledger: Ledger, rng: random.Random) -> None:
    terms = ledger.terms[draft.profile.terms or ledger.default_terms]
    if terms.discount is None or rng.random() < 0.15:
        _prompt(draft, ledger, rng)
        return
    last = draft.date + days(terms.discount.days)
    draft.pay_on = workday_before(_between(rng, draft.date + days(3), last))
    draft.discount = early_discount(draft.total, terms.discount, draft.currency)


def _late_by(low: int, high: int) -> Habit:
    def habit(draft: Draft, ledger: Ledger, rng: random.Random) -> None:
        if rng.random() < draft.profile.stuck:
            return
        day = workday(draft.due + days(rng.randint(low, high)))
        draft.pay_on = max(day, workday(draft.date + days(3)))

    return habit


def _batch(draft: Draft, ledger: Ledger, rng: random.Random) -> None:
    """Paid in the customer's monthly payment run: the last run before it falls due, if the
    invoice arrived at least a week before that run, else the next one."""
    runs = [_run(draft.date.year, draft.date.month + shift) for shift in range(4)]
    early = [run for run in runs if draft.date + days(7) <= run <= draft.due + days(3)]
    draft.pay_on = early[-1] if early else next(run for run in runs if run > draft.due)


def _run(year: int, month: int) -> dt.date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return workday_before(dt.date(year, month, 25))


def _maybe_partial(draft: Draft, rng: random.Random) -> None:
    """Some customers pay a round share first and the rest later."""
    if rng.random() >= draft.profile.partial:
        return
    day = workday(draft.date + days(rng.randint(12, 28)))
    if day > END or (draft.pay_on and day >= draft.pay_on):
        return
    share = Decimal(rng.choice([30, 40, 50]))
    amount = round_money(draft.total * share / 100, draft.currency).to_integral_value()
    draft.add_part(Part(day, amount.quantize(Decimal("0.01"))))


HABITS: dict[str, Habit] = {
    "prompt": _prompt,
    "discount": _discount,
    "normal": _late_by(-8, 5),
    "slow": _late_by(3, 30),
    "chronic": _late_by(18, 90),
    "batch": _batch,
}
