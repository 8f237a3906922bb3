"""The reminder run as data: which letters go out as of a date, and what each one charges.

One letter per customer and currency lists every invoice due for a reminder, each at its
own level (levels are never skipped); the letter takes the template of the highest level
in it. A courtesy note before the due date is a letter of its own. A level's fee is
charged once per letter (on the oldest invoice at that level); its interest and the fixed
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
from ar.dunning import PRE_DUE, SETTLING, Decision, Step, decide, policy_for
from ar.fees import item_fee
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
    level: int = 0

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


def plan(
    book: Book, as_of: dt.date, customer: str | None = None, *, looking_back: bool = False
) -> Plan:
    """Every letter due on `as_of`, and every open invoice held back with the reason;
    `looking_back` for a report as of a past day (see `decide`)."""
    groups: dict[tuple[str, str, bool], list[tuple[Account, Step]]] = defaultdict(list)
    held: list[Decision] = []
    for account in sorted(accounts(book).values(), key=_order):
        if customer is not None and account.invoice.customer != customer:
            continue
        customer_of = book.customers.get(account.invoice.customer)
        decision = decide(account, customer_of, book.ledger, as_of, looking_back=looking_back)
        decision = _charges_only(book, decision, as_of)
        if decision.step is not None:
            key = (account.invoice.customer, account.currency, decision.step.level != PRE_DUE)
            groups[key].append((account, decision.step))
        elif decision.reason not in ("paid", "void"):
            held.append(decision)
    credit = unapplied(book, as_of)
    letters = []
    for (cust, currency, _), due in sorted(groups.items()):
        letter = replace(
            _letter(book, cust, currency, due, as_of),
            unapplied=credit.get((cust, currency), ZERO),
        )
        if letter.unapplied >= letter.open:
            detail = f"{letter.unapplied} covers it: apply it first"
            held.extend(
                Decision(item.account, None, "unapplied credit", detail) for item in letter.items
            )
        elif letter.open - letter.unapplied < _minimum(book, cust, currency):
            detail = f"{letter.open - letter.unapplied} open, less than dunning.min_amount"
            held.extend(
                Decision(item.account, None, "below minimum", detail) for item in letter.items
            )
        else:
            letters.append(letter)
    return Plan(as_of, letters, held)


def _minimum(book: Book, customer: str, currency: str) -> Decimal:
    """The least open amount worth a letter: `dunning.min_amount` of the currency."""
    policy = policy_for(book.customers.get(customer), book.ledger)
    return policy.min_amount.get(currency, ZERO) if policy is not None else ZERO


def _charges_only(book: Book, decision: Decision, as_of: dt.date) -> Decision:
    """A final notice is never sent for charges alone (the principal was paid late): the
    customer gets an invoice or a statement for them instead."""
    account, step = decision.account, decision.step
    policy = policy_for(book.customers.get(account.customer), book.ledger)
    if step is None or policy is None or not policy.levels or step.level != policy.levels[-1].level:
        return decision
    charged = account.sum_of("fee", as_of) + account.sum_of("interest", as_of)
    if account.open_on(as_of) > charged:
        return decision
    return Decision(account, None, "charges only", "send a statement for them, not a final notice")


def _order(account: Account) -> tuple[str, dt.date, str]:
    return account.invoice.customer, account.due, account.invoice.number


def _letter(
    book: Book, customer: str, currency: str, due: list[tuple[Account, Step]], as_of: dt.date
) -> Letter:
    """The letter of every invoice due; each level's fee goes on its first invoice."""
    policy = policy_for(book.customers.get(customer), book.ledger)
    items, fee_charged = [], set()
    for account, step in due:
        item = Item(
            account, past_due(account, as_of).days, account.open_on(as_of), level=step.level
        )
        if policy is not None and step.level != PRE_DUE:
            first = step.level not in fee_charged
            fee_charged.add(step.level)
            item = _charged(book, item, policy.levels[step.level - 1], as_of, first=first)
        items.append(item)
    top = max(due, key=lambda pair: pair[1].level)[1]
    return Letter(customer, currency, top.level, top.template, as_of, tuple(items))


def _charged(book: Book, item: Item, level: DunningLevel, as_of: dt.date, first: bool) -> Item:
    """The item with the fee (fixed on the first item, a percent on each), compensation and
    interest this level charges."""
    account = item.account
    fee = item_fee(level, account.currency, book.ledger.currency, item.open, first)
    bands = (book.ledger.dunning.compensation if book.ledger.dunning else {}).get(account.currency)
    owed = ZERO
    if level.compensation and bands and not _compensated(account):
        owed = compensation(bands, account.total)
    accrued: tuple[Accrual, ...] = ()
    if level.interest is not None:
        accrued = tuple(_interest(book, account, level, as_of))
    return Item(account, item.days_past_due, item.open, fee, owed, accrued, item.level)


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

    delay_start = account.due + ONE_DAY

    def rate_on(day: dt.date) -> Decimal:
        return annual_rate(spec, tables, day, delay_start)

    return accrue(principal_on, rate_on, start, as_of, account.currency)


def events_of(letter: Letter) -> dict[str, list[Strict]]:
    """The events sending `letter` records on each of its invoices, in the contract's shape."""
    recorded: dict[str, list[Strict]] = {}
    for item in letter.items:
        when, currency = letter.as_of, letter.currency
        events: list[Strict] = [
            Reminder(date=when, type="reminder", level=item.level, letter=letter.key)
        ]
        if item.fee:
            reason = f"reminder fee (level {item.level})"
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
