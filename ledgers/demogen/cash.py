"""Receipts from the payment plans: part payments, one payment per customer and day, and
the write-offs that close what a payment left behind."""

from __future__ import annotations

from ar.money import ZERO
from demogen.billing import Draft
from demogen.dates import END, days, workday
from demogen.world import Alloc, Receipt, World

BANK_CHARGE = "Intermediary bank charge deducted from the wire."
SHORT = "The wire arrived short by the intermediary bank's fee; written off on the invoice."


def settle(world: World) -> None:
    """Turn every draft's plan into receipts; invoices paid on one day share one receipt."""
    runs: dict[tuple[str, object], Receipt] = {}
    for draft in world.drafts:
        for part in draft.parts:
            alloc = Alloc(draft, part.amount)
            receipt = Receipt(draft.profile, part.date, [alloc], reference=part.reference)
            world.receipts.append(receipt)
        if draft.pay_on:
            _pay(draft, runs)
        _write_off(draft)
    world.receipts.extend(runs.values())
    world.receipts.sort(key=lambda receipt: receipt.date)


def _pay(draft: Draft, runs: dict[tuple[str, object], Receipt]) -> None:
    assert draft.pay_on
    discount = draft.discount or ZERO
    amount = draft.open_on(draft.pay_on) - discount - (draft.short or ZERO)
    if amount <= 0:
        return
    receipt = runs.setdefault(
        (draft.profile.id, draft.pay_on), Receipt(draft.profile, draft.pay_on, [])
    )
    receipt.allocs.append(Alloc(draft, amount, draft.discount))
    if draft.short:
        receipt.comment = SHORT
    draft.applied.append((draft.pay_on, amount + discount))


def _write_off(draft: Draft) -> None:
    if draft.short and draft.pay_on:
        day = workday(draft.pay_on + days(2))
        if day <= END:
            event = {"date": day, "type": "write_off", "amount": draft.short, "reason": BANK_CHARGE}
            draft.events.append(event)
    if draft.write_off:
        day, reason = draft.write_off
        amount = draft.open_on(day)
        if amount > 0:
            event = {"date": day, "type": "write_off", "amount": amount, "reason": reason}
            draft.events.append(event)
