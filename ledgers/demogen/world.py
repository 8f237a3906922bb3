"""What the simulation produces besides invoices: receipts and credit notes, and the world."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from ar.model import Ledger, Line
from demogen.billing import Draft
from demogen.cast import Profile


@dataclass(eq=False)
class Alloc:
    """Part of a receipt applied to an invoice; `date` when applied after the receipt."""

    draft: Draft
    amount: Decimal
    discount: Decimal | None = None
    date: dt.date | None = None


@dataclass(eq=False)
class Receipt:
    profile: Profile
    date: dt.date
    allocs: list[Alloc]
    amount: Decimal | None = None  # None: exactly what is applied
    method: str | None = None  # None: the customer's usual method
    reference: str | None = None  # None: the invoice numbers, as customers write them
    names: Draft | None = None  # the invoice the customer named, when not the one applied
    notes: str | None = None
    comment: str | None = None
    inline: list[tuple[str, str]] = field(default_factory=list)
    id: str = ""


@dataclass(eq=False)
class Credit:
    profile: Profile
    date: dt.date
    reason: str
    amount: Decimal | None = None
    lines: list[Line] | None = None
    draft: Draft | None = None  # None: credit on account
    comment: str | None = None
    number: str = ""


@dataclass
class World:
    ledger: Ledger
    drafts: list[Draft] = field(default_factory=list)
    receipts: list[Receipt] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)

    def of(self, customer: str) -> list[Draft]:
        return [draft for draft in self.drafts if draft.profile.id == customer]
