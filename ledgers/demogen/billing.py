"""Invoices as the business issues them, each carrying the plan of how it will be paid.

Subscriptions are invoiced on the first working day of the month (quarterly for some),
project work on the day it is done. Prices are whole units; German customers pay 19 % VAT,
EU customers are reverse charged, customers abroad pay no German VAT.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ar.model import Ledger, Line
from ar.money import ZERO
from ar.settlement import lines_total
from ar.terms import due_from_terms
from demogen.cast import Profile
from demogen.dates import START, days, month_label, month_starts, random_workday, workday

VAT = Decimal("0.19")
DAY_RATE = {"EUR": 1150, "USD": 1450, "GBP": 980}
HOUR_RATE = {"EUR": 125, "USD": 160, "GBP": 110}
SEAT = {"EUR": 19, "USD": 24, "GBP": 17}
TAX_NOTES = {
    "EU": "Reverse charge: VAT is owed by the recipient (Art. 196 VAT Directive).",
    "EXPORT": "Not subject to German VAT: service to a business outside the EU (§ 3a (2) UStG).",
}
PRICE_NOTE = "Subscription prices rose by 4 % on 1 January 2026, as announced in October."


@dataclass(eq=False)
class Part:
    """A receipt dedicated to part of one invoice: a partial payment or an instalment."""

    date: dt.date
    amount: Decimal
    reference: str | None = None  # may name the invoice as {invoice}


@dataclass(eq=False)
class Draft:
    """An invoice under construction, and how (and whether) it gets paid."""

    profile: Profile
    date: dt.date
    lines: list[Line]
    currency: str
    total: Decimal
    due: dt.date
    terms: str | None = None
    po: str | None = None
    notes: str | None = None
    comment: str | None = None
    inline: list[tuple[str, str]] = field(default_factory=list)
    installments: list[tuple[dt.date, Decimal]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    decided: bool = False  # a story already settled how it is paid
    dunned: bool = True  # reminders are sent when it is late
    pay_on: dt.date | None = None  # paid in full (what is left) on this day
    parts: list[Part] = field(default_factory=list)
    applied: list[tuple[dt.date, Decimal]] = field(default_factory=list)
    credits: list[tuple[dt.date, Decimal]] = field(default_factory=list)
    discount: Decimal | None = None
    short: Decimal | None = None  # kept by the customer's bank, written off
    write_off: tuple[dt.date, str] | None = None
    windows: list[tuple[dt.date, dt.date]] = field(default_factory=list)  # no reminders
    void_of: Draft | None = None
    number: str = ""

    def charges(self, day: dt.date) -> Decimal:
        charged = [e for e in self.events if e["type"] in ("fee", "interest")]
        return sum((e["amount"] for e in charged if e["date"] <= day), ZERO)

    def principal_open(self, day: dt.date) -> Decimal:
        settled = [amount for when, amount in self.applied + self.credits if when <= day]
        return self.total - sum(settled, ZERO)

    def open_on(self, day: dt.date) -> Decimal:
        return self.principal_open(day) + self.charges(day)

    def settles_on(self) -> dt.date | None:
        """The day nothing is left: paid in full, covered by credit, or written off."""
        ends = [self.pay_on, self.write_off[0] if self.write_off else None, self._covered_on()]
        return min((day for day in ends if day), default=None)

    def _covered_on(self) -> dt.date | None:
        left = self.total
        for day, amount in sorted(self.applied + self.credits):
            left -= amount
            if left <= 0:
                return day
        return None

    def add_part(self, part: Part) -> None:
        self.parts.append(part)
        self.applied.append((part.date, part.amount))


def line(profile: Profile, description: str, price: Decimal | int, quantity: str = "1") -> Line:
    tax = VAT if profile.tax == "DE" else None
    unit = Decimal(price).quantize(Decimal("0.01"))
    return Line(description=description, quantity=Decimal(quantity), unit_price=unit, tax_rate=tax)


def new_draft(
    ledger: Ledger, profile: Profile, date: dt.date, lines: list[Line], **kw: Any
) -> Draft:
    """A draft with its total and due date worked out the way `arl invoice new` would."""
    currency = profile.currency or ledger.currency
    terms = ledger.terms[kw.get("terms") or profile.terms or ledger.default_terms]
    notes = kw.pop("notes", None) or TAX_NOTES.get(profile.tax)
    due = due_from_terms(date, terms)
    total = lines_total(lines, currency)
    return Draft(profile, date, lines, currency, total, due, notes=notes, **kw)


def regular_invoices(ledger: Ledger, profile: Profile, rng: random.Random) -> list[Draft]:
    """A customer's subscription and project invoices over the whole book."""
    drafts: list[Draft] = []
    for index, month in enumerate(month_starts()):
        first = workday(max(month, START))
        if profile.monthly and index % profile.every == 0 and profile.active(first):
            drafts.append(subscription(ledger, profile, first, rng))
        for _ in range(_how_many(rng, profile.adhoc)):
            day = random_workday(rng, month)
            if day and profile.active(day):
                drafts.append(project_work(ledger, profile, day, rng))
    return drafts


def _how_many(rng: random.Random, rate: float) -> int:
    return int(rate) + (1 if rng.random() < rate % 1 else 0)


def subscription(ledger: Ledger, profile: Profile, day: dt.date, rng: random.Random) -> Draft:
    assert profile.monthly
    price = profile.monthly if day.year < 2026 else round(profile.monthly * 1.04 / 10) * 10
    plan = _plan(profile.monthly)
    if profile.every == 1:
        lines = [line(profile, f"Analytics platform, {plan} plan, {month_label(day)}", price)]
    else:
        last = (day + days(31 * (profile.every - 1))).replace(day=1)
        period = f"{month_label(day)} to {month_label(last)}"
        lines = [line(profile, f"Analytics platform, {plan} plan, {period}", price, "3")]
    if rng.random() < 0.15:
        seats = str(rng.randint(2, 10))
        seat = SEAT[_currency(ledger, profile)]
        lines.append(line(profile, "Additional user seats", seat, seats))
    notes = TAX_NOTES.get(profile.tax)
    if day.year == 2026 and day.month == 1:
        notes = f"{PRICE_NOTE}\n{notes}\n" if notes else PRICE_NOTE
    return new_draft(ledger, profile, day, lines, po=_po(profile, rng), notes=notes)


def _plan(monthly: int) -> str:
    return next(name for top, name in PLANS if monthly < top)


PLANS = ((400, "Starter"), (1000, "Team"), (2000, "Business"), (10**9, "Enterprise"))


def _currency(ledger: Ledger, profile: Profile) -> str:
    return profile.currency or ledger.currency


def _po(profile: Profile, rng: random.Random) -> str | None:
    return f"45{rng.randrange(10**7, 10**8)}" if profile.po else None


def project_work(ledger: Ledger, profile: Profile, day: dt.date, rng: random.Random) -> Draft:
    currency = _currency(ledger, profile)
    kind = rng.choices(WORK, weights=(5, 3, 1, 1, 2))[0]
    lines = kind(profile, currency, day, rng)
    return new_draft(ledger, profile, day, lines, po=_po(profile, rng))


def _consulting(profile: Profile, currency: str, day: dt.date, rng: random.Random) -> list[Line]:
    quantity = str(rng.choice([0.5, 1, 1, 1.5, 2, 2, 3, 4, 5]))
    return [line(profile, f"Consulting, {month_label(day)} (days)", DAY_RATE[currency], quantity)]


def _dashboards(profile: Profile, currency: str, day: dt.date, rng: random.Random) -> list[Line]:
    topic = rng.choice(TOPICS)
    hours = str(rng.randint(6, 40))
    return [line(profile, f"Dashboard development: {topic} (hours)", HOUR_RATE[currency], hours)]


def _workshop(profile: Profile, currency: str, day: dt.date, rng: random.Random) -> list[Line]:
    travel = Decimal(rng.randint(8000, 64000)) / 100
    return [
        line(profile, "Training workshop on site, one day", DAY_RATE[currency] + 450),
        line(profile, "Travel expenses as per receipts", travel),
    ]


def _pipeline(profile: Profile, currency: str, day: dt.date, rng: random.Random) -> list[Line]:
    source = rng.choice(SOURCES)
    price = rng.choice([2400, 3200, 4800]) * DAY_RATE[currency] // DAY_RATE["EUR"]
    return [line(profile, f"Data pipeline: {source} connector (fixed price)", price)]


def _support(profile: Profile, currency: str, day: dt.date, rng: random.Random) -> list[Line]:
    hours = str(rng.randint(2, 12))
    rate = HOUR_RATE[currency] * 4 // 5
    return [line(profile, f"Support hours beyond the plan, {month_label(day)}", rate, hours)]


WORK = (_consulting, _dashboards, _workshop, _pipeline, _support)
TOPICS = ("sales", "fleet", "energy yield", "inventory", "occupancy", "churn", "cash flow")
SOURCES = ("SAP", "DATEV", "Shopify", "Salesforce", "Lexware", "Microsoft Dynamics")
