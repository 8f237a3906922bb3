"""The simulated world as ledger files: numbered, canonical, with a person's comments."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from ar.model import CreditNote, Customer, Invoice, Payment, Record
from ar.store.layout import KINDS, LEDGER_FILE, record_path
from ar.store.write import record_text
from demogen.billing import Draft
from demogen.cast import CAST, Profile
from demogen.dates import days, workday
from demogen.ledger_text import LEDGER_YAML
from demogen.readme import readme
from demogen.world import Credit, Receipt, World

CENT = Decimal("0.01")


def number(world: World) -> None:
    """Numbers in date order, restarting each year without gaps, as `arl` hands them out."""
    invoices: Counter[int] = Counter()
    for draft in sorted(world.drafts, key=lambda d: d.date):
        invoices[draft.date.year] += 1
        pattern = world.ledger.invoice_number
        draft.number = pattern.format(year=draft.date.year, seq=invoices[draft.date.year])
    receipts: Counter[int] = Counter()
    for receipt in sorted(world.receipts, key=lambda r: r.date):
        receipts[receipt.date.year] += 1
        receipt.id = f"PAY-{receipt.date.year}-{receipts[receipt.date.year]:04d}"
    credits: Counter[int] = Counter()
    for credit in sorted(world.credits, key=lambda c: c.date):
        credits[credit.date.year] += 1
        credit.number = f"CN-{credit.date.year}-{credits[credit.date.year]:04d}"


def write_book(world: World, target: Path) -> int:
    """Replace the book in `target` (only the files this generator owns); returns the count."""
    for name in (LEDGER_FILE, "README.md"):
        (target / name).unlink(missing_ok=True)
    for kind in KINDS:
        shutil.rmtree(target / kind.folder, ignore_errors=True)
    target.mkdir(parents=True, exist_ok=True)
    (target / LEDGER_FILE).write_text(LEDGER_YAML, encoding="utf-8")
    (target / "README.md").write_text(readme(world), encoding="utf-8")
    files = [_customer(p) for p in CAST]
    files += [_invoice(world, d) for d in sorted(world.drafts, key=lambda d: d.number)]
    files += [_payment(world, r) for r in world.receipts]
    files += [_credit_note(c) for c in world.credits]
    for record, text in files:
        path = record_path(target, record)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return len(files) + 2


def _text(record: Record, comment: str | None, inline: list[tuple[str, str]]) -> str:
    """The canonical text, plus end-of-line comments on the first line of each named key."""
    text = record_text(record, comment)
    for key, note in inline:
        found = re.search(rf"^ *(?:- )?{re.escape(key)}: .*$", text, re.MULTILINE)
        assert found, f"no line for '{key}' to comment on"
        text = f"{text[: found.end()]}  # {note}{text[found.end() :]}"
    return text


def _money(amount: int | None) -> Decimal | None:
    return None if amount is None else Decimal(amount).quantize(CENT)


# The last address line names the country for customers abroad; the rest are in Germany.
COUNTRIES = {
    "Austria": ("AT", "de_AT"),
    "Denmark": ("DK", "da_DK"),
    "France": ("FR", "fr_FR"),
    "Netherlands": ("NL", "nl_NL"),
    "United Kingdom": ("GB", "en_GB"),
    "United States": ("US", "en_US"),
}


def _customer(profile: Profile) -> tuple[Record, str]:
    country, locale = COUNTRIES.get(profile.address.splitlines()[-1], ("DE", "de_DE"))
    record = Customer(
        id=profile.id,
        name=profile.name,
        email=list(profile.emails),
        address=profile.address,
        terms=profile.terms,
        currency=profile.currency,
        credit_limit=_money(profile.credit_limit),
        hold=profile.hold,
        tags=list(profile.tags),
        notes=profile.notes,
        tax_id=profile.tax_id,
        country=country,
        locale=locale,
        einvoice=profile.einvoice,
    )
    return record, _text(record, profile.comment, list(profile.inline))


def _invoice(world: World, draft: Draft) -> tuple[Record, str]:
    events = sorted(draft.events, key=lambda e: e["date"])
    if draft.void_of:
        reason = f"Duplicate of {draft.void_of.number}, sent twice by mistake."
        events.append({"date": workday(draft.date + days(2)), "type": "void", "reason": reason})
    data: dict[str, Any] = {
        "number": draft.number,
        "customer": draft.profile.id,
        "date": draft.date,
        "terms": draft.terms,
        "currency": _foreign(world, draft.currency),
        "lines": draft.lines,
        "po": draft.po,
        "notes": draft.notes,
        "installments": [{"due": due, "amount": amount} for due, amount in draft.installments],
        "events": events,
    }
    record = Invoice.model_validate(data)
    return record, _text(record, draft.comment, draft.inline)


def _foreign(world: World, currency: str) -> str | None:
    return None if currency == world.ledger.currency else currency


def _payment(world: World, receipt: Receipt) -> tuple[Record, str]:
    applied = [
        {"invoice": a.draft.number, "amount": a.amount, "discount": a.discount, "date": a.date}
        for a in receipt.allocs
    ]
    data: dict[str, Any] = {
        "id": receipt.id,
        "customer": receipt.profile.id,
        "date": receipt.date,
        "amount": receipt.amount or sum(a.amount for a in receipt.allocs),
        "currency": _foreign(world, receipt.profile.currency or world.ledger.currency),
        "method": receipt.method or receipt.profile.method,
        "reference": _reference(receipt),
        "apply": [{k: v for k, v in a.items() if v is not None} for a in applied],
        "notes": receipt.notes,
    }
    record = Payment.model_validate(data)
    return record, _text(record, receipt.comment, receipt.inline)


def _reference(receipt: Receipt) -> str:
    """What the customer wrote on the transfer: usually our invoice numbers."""
    numbers = [alloc.draft.number for alloc in receipt.allocs]
    if receipt.names:
        numbers = [receipt.names.number]
    if receipt.reference:
        return receipt.reference.format(invoice=numbers[0] if numbers else "")
    if receipt.profile.habit == "batch":
        return f"Payment run {receipt.date:%d.%m.%Y}: {', '.join(numbers)}"
    return " ".join(numbers)


def _credit_note(credit: Credit) -> tuple[Record, str]:
    record = CreditNote(
        number=credit.number,
        customer=credit.profile.id,
        date=credit.date,
        amount=credit.amount,
        lines=credit.lines,
        invoice=credit.draft.number if credit.draft else None,
        reason=credit.reason,
    )
    return record, _text(record, credit.comment, [])
