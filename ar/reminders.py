"""The reminder run as data: which letters go out as of a date, and what each one charges.

One letter per customer, currency and level lists every invoice due for that level. A
level's fee is charged once per letter (on its oldest invoice); its interest and the fixed
compensation are charged per invoice. Nothing here writes: the letters edge renders them
and the store records the events they imply.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from ar.book import Book
from ar.dunning import PRE_DUE, SETTLING, Decision, decide, policy_for
from ar.installments import past_due
from ar.interest import Accrual, accrue, annual_rate, compensation
from ar.model.base import Strict
from ar.model.events import Fee, Interest, Reminder
from ar.model.settings import DunningLevel
from ar.money import ZERO, round_money
from ar.settlement import Account, accounts, unapplied

COMPENSATION_REASON = "late payment compensation"
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Item:
    """One invoice in a letter, with what this letter adds to it."""

    account: Account
    days_past_due: int
    open: Decimal
    fee: Decimal = ZERO
    compensation: Decimal = ZERO
    interest: tuple[Accrual, ...] = ()

    @property
    def interest_total(self) -> Decimal:
        return sum((a.amount for a in self.interest), ZERO)

    @property
    def charges(self) -> Decimal:
        return self.fee + self.compensation + self.interest_total

    @property
    def to_pay(self) -> Decimal:
        return self.open + self.charges


@dataclass(frozen=True)
class Letter:
    customer: str
    currency: str
    level: int
    template: str
    as_of: dt.date
    items: tuple[Item, ...]
    unapplied: Decimal = ZERO

    @property
    def key(self) -> str:
        """A stable name for this letter: the same plan always yields the same key."""
        numbers = ",".join(sorted(i.account.invoice.number for i in self.items))
        digest = hashlib.sha256(numbers.encode()).hexdigest()[:8]
        return f"{self.as_of:%Y%m%d}-{self.customer}-{self.currency}-L{self.level}-{digest}"

    @property
    def open(self) -> Decimal:
        return sum((i.open for i in self.items), ZERO)

    @property
    def charges(self) -> Decimal:
        return sum((i.charges for i in self.items), ZERO)

    @property
    def to_pay(self) -> Decimal:
        return self.open + self.charges


@dataclass(frozen=True)
class Plan:
    as_of: dt.date
    letters: list[Letter]
    held: list[Decision]


def plan(book: Book, as_of: dt.date, customer: str | None = None) -> Plan:
    """Every letter due on `as_of`, and every open invoice held back with the reason."""
    groups: dict[tuple[str, str, int, str], list[Account]] = defaultdict(list)
    held: list[Decision] = []
    for account in sorted(accounts(book).values(), key=_order):
        if customer is not None and account.invoice.customer != customer:
            continue
        decision = decide(account, book.customers.get(account.invoice.customer), book.ledger, as_of)
        if decision.step is not None:
            key = (account.invoice.customer, account.currency, decision.step.level)
            groups[(*key, decision.step.template)].append(account)
        elif decision.reason not in ("paid", "void"):
            held.append(decision)
    credit = unapplied(book, as_of)
    letters = []
    for (cust, currency, level, template), accts in sorted(groups.items()):
        letter = replace(
            _letter(book, cust, currency, level, template, accts, as_of),
            unapplied=credit.get((cust, currency), ZERO),
        )
        if letter.unapplied >= letter.open:
            detail = f"{letter.unapplied} covers it: apply it first"
            held.extend(
                Decision(item.account, None, "unapplied credit", detail) for item in letter.items
            )
        else:
            letters.append(letter)
    return Plan(as_of, letters, held)


def _order(account: Account) -> tuple[str, dt.date, str]:
    return account.invoice.customer, account.due, account.invoice.number


def _letter(
    book: Book,
    customer: str,
    currency: str,
    level: int,
    template: str,
    accts: list[Account],
    as_of: dt.date,
) -> Letter:
    policy = policy_for(book.customers.get(customer), book.ledger)
    spec = policy.levels[level - 1] if policy is not None and level != PRE_DUE else None
    items = []
    for index, account in enumerate(accts):
        item = Item(account, past_due(account, as_of).days, account.open_on(as_of))
        if spec is not None:
            item = _charged(book, item, spec, as_of, first=index == 0)
        items.append(item)
    return Letter(customer, currency, level, template, as_of, tuple(items))


def _charged(book: Book, item: Item, level: DunningLevel, as_of: dt.date, first: bool) -> Item:
    """The item with the fee (first item only), compensation and interest this level charges."""
    account = item.account
    fee = level.fee if first and level.fee else ZERO
    bands = (book.ledger.dunning.compensation if book.ledger.dunning else {}).get(account.currency)
    owed = ZERO
    if level.compensation and bands and not _compensated(account):
        owed = compensation(bands, account.total)
    accrued: tuple[Accrual, ...] = ()
    if level.interest is not None:
        accrued = tuple(_interest(book, account, level, as_of))
    return Item(account, item.days_past_due, item.open, fee, owed, accrued)


def _compensated(account: Account) -> bool:
    return any(
        isinstance(e, Fee) and e.reason == COMPENSATION_REASON for e in account.invoice.events
    )


def _interest(book: Book, account: Account, level: DunningLevel, as_of: dt.date) -> list[Accrual]:
    """Interest from the day after the due date (or after the last charge) up to `as_of`."""
    charged_to = [e.end for e in account.invoice.events if isinstance(e, Interest)]
    start = max([account.due, *charged_to]) + ONE_DAY
    spec = level.interest
    assert spec is not None
    tables = book.ledger.reference_rates

    def principal_on(day: dt.date) -> Decimal:
        settled = (m.amount for m in account.movements if m.kind in SETTLING and m.date <= day)
        return account.total + sum(settled, ZERO)

    return accrue(
        principal_on, lambda day: annual_rate(spec, tables, day), start, as_of, account.currency
    )


def events_of(letter: Letter) -> dict[str, list[Strict]]:
    """The events sending `letter` records on each of its invoices, in the contract's shape."""
    recorded: dict[str, list[Strict]] = {}
    for item in letter.items:
        when, currency = letter.as_of, letter.currency
        events: list[Strict] = [
            Reminder(date=when, type="reminder", level=letter.level, letter=letter.key)
        ]
        if item.fee:
            reason = f"reminder fee (level {letter.level})"
            events.append(
                Fee(date=when, type="fee", amount=round_money(item.fee, currency), reason=reason)
            )
        if item.compensation:
            amount = round_money(item.compensation, currency)
            events.append(Fee(date=when, type="fee", amount=amount, reason=COMPENSATION_REASON))
        events.extend(
            Interest.model_validate(
                {
                    "date": when,
                    "type": "interest",
                    "amount": a.amount,
                    "rate": a.rate,
                    "from": a.start,
                    "to": a.end,
                }
            )
            for a in item.interest
        )
        recorded[item.account.invoice.number] = events
    return recorded
