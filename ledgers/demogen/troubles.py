"""What happens after invoices are out: disputes, a dissolved customer, an insolvency,
bank charges, a payment made twice, credit notes, and invoices left long overdue.

Each trouble changes how some drafts are paid, after the habits decided it and before the
dunning run looks at them.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from ar.money import round_money
from ar.settlement import lines_total
from demogen.billing import SEAT, Draft, line
from demogen.cast import BY_ID
from demogen.dates import END, days, workday, workday_before
from demogen.world import Alloc, Credit, Receipt, World

DISPUTES = (
    ("The hours billed exceed the approved estimate.", "Agreed to credit 15 % of the hours.", 15),
    ("Invoice went to the wrong cost centre.", "Re-sent to the right cost centre; unchanged.", 0),
    ("Says the work was finished late.", "Delivery notes checked with Frau Grünwald.", 10),
    ("Asks for the signed timesheets first.", "Timesheets sent; accepted as invoiced.", 0),
)
OPEN_DISPUTE = "Says part of the time billed went into fixing our own bug."


def apply(world: World, rng: random.Random) -> None:
    disputes(world, rng)
    dissolved(world)
    insolvency(world)
    bank_charges(world, rng)
    paid_twice(world)
    service_credit(world)
    seat_credit(world)
    goodwill_on_account(world)
    long_overdue(world)


def _project(draft: Draft) -> bool:
    return not draft.lines[0].description.startswith("Analytics platform")


def disputes(world: World, rng: random.Random) -> None:
    """Grünwald disputes some project invoices; all but the latest one are settled."""
    projects = [d for d in world.of("GRUENWALD") if _project(d) and not d.decided]
    settled = [d for d in projects if d.date <= dt.date(2026, 6, 30)]
    chosen = sorted(rng.sample(settled, min(len(DISPUTES), len(settled))), key=lambda d: d.date)
    for draft, (reason, outcome, percent) in zip(chosen, DISPUTES, strict=False):
        opened = workday(draft.date + days(rng.randint(5, 15)))
        resolved = workday(opened + days(rng.randint(10, 30)))
        draft.events += [
            {"date": opened, "type": "dispute", "reason": reason},
            {"date": resolved, "type": "dispute_resolved", "note": outcome},
        ]
        draft.windows.append((opened, resolved))
        draft.decided, draft.pay_on = True, workday(resolved + days(rng.randint(3, 10)))
        if percent:
            amount = round_money(draft.total * percent / 100, draft.currency)
            _credit(world, draft, resolved, amount, f"Dispute settled. {outcome}")
        _promise_after(draft, resolved, rng)
    latest = [d for d in projects if dt.date(2026, 8, 15) <= d.date <= dt.date(2026, 10, 31)]
    draft = latest[-1] if latest else _project_for(world, "GRUENWALD", rng)
    opened = workday(draft.date + days(rng.randint(8, 20)))
    draft.events.append({"date": opened, "type": "dispute", "reason": OPEN_DISPUTE})
    draft.windows.append((opened, END))
    draft.decided, draft.pay_on = True, None
    draft.comment = "Waiting for the project lead's review of the timesheets before we answer."


def _promise_after(draft: Draft, resolved: dt.date, rng: random.Random) -> None:
    """Settling a dispute past the due date comes with a new date to pay by."""
    if resolved + days(7) < draft.due:
        return
    by = resolved + days(10)
    amount = draft.open_on(resolved)
    draft.events.append({"date": resolved, "type": "promise", "amount": amount, "by": by})
    draft.windows.append((resolved, by))
    draft.pay_on = workday_before(resolved + days(rng.randint(3, 10)))


def _project_for(world: World, customer: str, rng: random.Random) -> Draft:
    from demogen.billing import project_work

    draft = project_work(world.ledger, BY_ID[customer], dt.date(2026, 9, 14), rng)
    world.drafts.append(draft)
    world.drafts.sort(key=lambda d: d.date)
    return draft


def _credit(world: World, draft: Draft, day: dt.date, amount: Decimal, reason: str) -> None:
    world.credits.append(Credit(draft.profile, day, reason, amount=amount, draft=draft))
    draft.credits.append((day, amount))


def dissolved(world: World) -> None:
    """Saale never paid its last two invoices and was dissolved: both are written off."""
    reason = "Customer dissolved (register notice of 2026-01-12); nothing left to recover."
    for draft in world.of("SAALE"):
        if draft.date >= dt.date(2025, 8, 1):
            _unpaid(draft)
            draft.write_off = (dt.date(2026, 1, 30), reason)
            draft.comment = "Written off after the register notice; see customers/SAALE.yaml."


def _unpaid(draft: Draft) -> None:
    draft.decided, draft.pay_on, draft.discount = True, None, None
    draft.parts.clear()
    draft.applied.clear()


def insolvency(world: World) -> None:
    """Kranich stopped paying in January 2026 and filed for insolvency in June."""
    unpaid = [d for d in world.of("KRANICH") if d.date >= dt.date(2026, 1, 1)]
    for draft in unpaid:
        _unpaid(draft)
    unpaid[0].comment = "Claim filed with the insolvency administrator on 2026-07-02."


def bank_charges(world: World, rng: random.Random) -> None:
    """Three wires from Harborview arrive short by the intermediary bank's fee."""
    paid = [d for d in world.of("HARBORVIEW") if d.pay_on and not d.parts and not d.decided]
    for draft in sorted(rng.sample(paid, 3), key=lambda d: d.date):
        draft.short = Decimal("25.00")


def paid_twice(world: World) -> None:
    """Nordwind's August fee went out twice; the copy is set against September's."""
    subs = [d for d in world.of("NORDWIND") if not _project(d)]
    august = next(d for d in subs if d.date.year == 2026 and d.date.month == 8)
    september = next(d for d in subs if d.date.year == 2026 and d.date.month == 9)
    assert august.pay_on
    again = min(workday(august.pay_on + days(3)), september.date - days(1))
    _unpaid(september)
    september.applied.append((september.date, september.total))
    world.receipts.append(
        Receipt(
            august.profile,
            again,
            [Alloc(september, september.total, date=september.date)],
            amount=august.total,
            names=august,
            comment="Standing order and a manual transfer both paid August.\n"
            "Agreed with their accounts team to set this one against September.",
        )
    )


def service_credit(world: World) -> None:
    """Lumière gets 10 % of November's fee back for an outage, before paying the invoice."""
    draft = next(d for d in world.of("LUMIERE") if d.date.year == 2025 and d.date.month == 11)
    day = dt.date(2025, 11, 10)
    amount = round_money(draft.total / 10, draft.currency)
    _credit(world, draft, day, amount, "Service credit under the SLA: outage 3-5 November 2025.")
    _paid_after(draft, day)


def seat_credit(world: World) -> None:
    """Two seats billed in error, credited line by line with their VAT."""
    draft = next(d for d in world.drafts if _seat_line(d) and not d.decided and d.date.year == 2025)
    day = workday(draft.date + days(3))
    lines = [line(draft.profile, "Additional user seats billed in error", SEAT["EUR"], "2")]
    reason = "Two seats were cancelled before the period began."
    comment = "Customer spotted it; our mistake."
    credit = Credit(draft.profile, day, reason, lines=lines, draft=draft, comment=comment)
    world.credits.append(credit)
    draft.credits.append((day, lines_total(lines, draft.currency)))
    _paid_after(draft, day)


def goodwill_on_account(world: World) -> None:
    """A credit note tied to no invoice: credit on the customer's account."""
    goodwill = Credit(
        BY_ID["NORREBRO"],
        dt.date(2026, 10, 14),
        "Goodwill for the late dashboard delivery, to set against a future invoice.",
        amount=Decimal("250.00"),
        comment="Agreed with Mette on the phone; kept on account.",
    )
    world.credits.append(goodwill)


def _seat_line(draft: Draft) -> bool:
    return draft.profile.tax == "DE" and any(
        ln.description == "Additional user seats" and ln.quantity >= 3 for ln in draft.lines
    )


def _paid_after(draft: Draft, day: dt.date) -> None:
    if draft.pay_on and draft.pay_on <= day:
        draft.pay_on = workday(day + days(5))
    draft.discount = None


def long_overdue(world: World) -> None:
    """A Summit invoice waits for approval 91-120 days past due, a Spreewald one 61-90."""
    for customer, fewest, most in (("SUMMIT", 92, 119), ("SPREEWALD", 62, 89)):
        first, last = END - days(most), END - days(fewest)
        draft = next(d for d in world.of(customer) if first <= d.due <= last and not d.decided)
        _unpaid(draft)
