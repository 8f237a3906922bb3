"""Invoices with a story of their own, added to the regular billing.

A payment plan, a project that pushes a customer over its credit limit, an invoice sent
twice and voided, a deposit paid before the invoice, and a quote paid instead of the
invoice (which leaves the customer with unapplied credit).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from demogen.billing import Draft, Part, line, new_draft, project_work
from demogen.cast import BY_ID
from demogen.dates import END, days, workday
from demogen.world import Alloc, Receipt, World


def add_invoices(world: World, rng: random.Random) -> None:
    payment_plan(world, rng)
    rollout_over_limit(world)
    sent_twice(world, rng)
    deposit_first(world)
    quote_paid(world)


def payment_plan(world: World, rng: random.Random) -> None:
    """A large invoice paid in eight monthly instalments by standing order."""
    profile = BY_ID["HAFENKANTE"]
    lines = [
        line(profile, "Point-of-sale integration, four restaurants (fixed price)", 12000),
        line(profile, "Staff training, half-day sessions", 600, "4"),
    ]
    draft = new_draft(world.ledger, profile, dt.date(2026, 4, 15), lines)
    draft.decided, draft.dunned = True, False
    share = draft.total / 8
    draft.installments = [(dt.date(2026, month, 15), share) for month in range(5, 13)]
    draft.notes = "Payment plan agreed on 2026-04-28: eight monthly instalments by standing order."
    draft.comment = "Plan agreed by phone with Herr Öztürk (owner) after a slow winter season."
    for index, (due, amount) in enumerate(draft.installments, start=1):
        paid = workday(due + days(rng.randint(0, 2)))
        if paid <= END:
            draft.add_part(Part(paid, amount, reference=f"{{invoice}} instalment {index}/8"))
    world.drafts.append(draft)


def rollout_over_limit(world: World) -> None:
    """Three milestone invoices that take Isartal far past its credit limit, still unpaid."""
    profile = BY_ID["ISARTAL"]
    phases = (
        (dt.date(2026, 8, 31), "phase 1: data model and ingestion", 6500),
        (dt.date(2026, 9, 30), "phase 2: newsroom dashboards", 7800),
        (dt.date(2026, 10, 30), "phase 3: rollout and training", 5200),
    )
    for day, what, price in phases:
        lines = [line(profile, f"Audience analytics rollout, {what} (fixed price)", price)]
        draft = new_draft(world.ledger, profile, day, lines, notes="Per order of 2026-05-12.")
        draft.decided = True
        world.drafts.append(draft)
    first, last = world.drafts[-3], world.drafts[-1]
    first.add_part(Part(dt.date(2026, 10, 28), Decimal("3000.00"), reference="A conto {invoice}"))
    last.comment = (
        "Sent although Isartal is over its credit limit: Jana approved it on 2026-10-29\n"
        "because phase 3 was already delivered."
    )


def sent_twice(world: World, rng: random.Random) -> None:
    """An invoice sent twice by mistake; the copy is voided the same week."""
    profile = BY_ID["WESER"]
    autumn = [d for d in world.of("WESER") if dt.date(2025, 9, 1) <= d.date < dt.date(2026, 1, 1)]
    original = autumn[0] if autumn else _extra(world, "WESER", dt.date(2025, 10, 14), rng)
    copy = new_draft(world.ledger, profile, original.date, list(original.lines))
    copy.decided, copy.dunned, copy.void_of = True, False, original
    copy.comment = "The old invoicing script sent this one twice; voided, see the void event."
    world.drafts.append(copy)


def _extra(world: World, customer: str, day: dt.date, rng: random.Random) -> Draft:
    draft = project_work(world.ledger, BY_ID[customer], day, rng)
    world.drafts.append(draft)
    return draft


def deposit_first(world: World) -> None:
    """A deposit received before the invoice exists, applied when the invoice is issued."""
    profile = BY_ID["REDWOOD"]
    lines = [line(profile, "Implementation project, milestone 1: data platform live", 20000)]
    draft = new_draft(world.ledger, profile, dt.date(2026, 3, 31), lines)
    deposit = Decimal("6000.00")
    draft.applied.append((draft.date, deposit))
    world.drafts.append(draft)
    world.receipts.append(
        Receipt(
            profile,
            dt.date(2026, 2, 10),
            [Alloc(draft, deposit, date=draft.date)],
            amount=deposit,
            reference="Deposit 30% implementation project",
            notes="Deposit on the implementation quote, held on account until milestone 1.",
            comment="Came before the invoice; applied on 2026-03-31 when milestone 1 was billed.",
        )
    )


def quote_paid(world: World) -> None:
    """The customer pays the quote (with its contingency), not the lower invoice."""
    profile = BY_ID["NORDWIND"]
    lines = [line(profile, "Yield forecasting model, per quote Q-2026-031 (fixed price)", 3700)]
    draft = new_draft(world.ledger, profile, dt.date(2026, 9, 21), lines)
    draft.decided = True
    paid = dt.date(2026, 10, 16)
    draft.applied.append((paid, draft.total))
    world.drafts.append(draft)
    world.receipts.append(
        Receipt(
            profile,
            paid,
            [Alloc(draft, draft.total)],
            amount=Decimal("5000.00"),
            notes=(
                "Paid the quoted amount including the contingency.\n"
                "Asked on 2026-10-22 whether to refund the difference or keep it on account.\n"
            ),
        )
    )


def touch_up(world: World) -> None:
    """Small things a bookkeeper adds by hand: a cheque, remittance numbers, a phone call."""
    cheque = next(r for r in world.receipts if r.profile.id == "BODENSEE")
    cheque.method = "cheque"
    cheque.inline.append(("method", "paid in at the Sparkasse branch in Meersburg"))
    for receipt in (r for r in world.receipts if r.profile.id == "OBERLAND"):
        receipt.reference = f"ZV {receipt.date:%y%m}/{receipt.date.day:02d}"
    first = next(r for r in world.receipts if r.profile.id == "OBERLAND")
    first.inline.append(("reference", "their payment advice number, not ours: matched by amount"))
    bank = next(r for r in world.receipts if r.profile.id == "VANDAM")
    bank.reference = "4711"
    bank.inline.append(("reference", "bank ref from statement; their advice named no invoice"))
    part = next(r for r in world.receipts if r.profile.id == "MOSELTAL" and _is_part(r))
    part.comment = "Part payment; the rest after the harvest, says Herr Klein."


def _is_part(receipt: Receipt) -> bool:
    return len(receipt.allocs) == 1 and receipt.allocs[0].amount < receipt.allocs[0].draft.total
