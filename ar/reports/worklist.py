"""A collector's to-do list for the day: who to contact, why, and what to do first.

One line per customer and currency that needs something: reminders due (and at which
level), promises due today or broken, a payment plan with a missed installment, disputes
open too long, a final notice that went unanswered, a credit limit exceeded. Lines are
ordered by amount overdue x days overdue x the customer's risk factor, so the money most
at risk comes first.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from ar.book import Book
from ar.dunning import (
    PromiseState,
    decide,
    missed_installment,
    policy_for,
    promise_state,
    sent_by,
)
from ar.installments import past_due
from ar.model.events import Dispute
from ar.money import ZERO
from ar.notes import escalated_on, follow_ups_due
from ar.reminders import plan
from ar.reports.base import Column, Report
from ar.reports.risk import Risk, risks
from ar.settlement import Account, accounts

WORKLIST_COLUMNS = [
    Column("customer", "Customer"),
    Column("name", "Name"),
    Column("currency", "Cur"),
    Column("overdue", "Overdue", True),
    Column("days", "Days", True),
    Column("risk", "Risk"),
    Column("why", "Why"),
    Column("action", "Next action"),
]

# Actions in the order they matter on the day, most urgent first.
ACTIONS = (
    "follow up as noted",
    "call: promise broken",
    "call: installment missed",
    "check today's promised payment",
    "escalate: final notice unanswered",
    "send reminders (arl remind --send)",
    "resolve dispute",
    "review credit: over limit",
    "ask the agency for news",
)


@dataclass
class Line:
    overdue: Decimal = ZERO
    days: int = 0
    open: Decimal = ZERO
    why: list[str] = field(default_factory=list)
    actions: set[str] = field(default_factory=set)

    def add(self, action: str, why: str) -> None:
        self.actions.add(action)
        self.why.append(why)


def worklist(
    book: Book,
    as_of: dt.date,
    dispute_days: int = 14,
    owner: str | None = None,
) -> Report:
    """Today's collection work: follow-ups that have come due first (with their note), then
    the rest, most valuable first: overdue x days x (1 + risk score/100). With `owner`, only
    the customers with a follow-up of that collector's."""
    lines: dict[tuple[str, str], Line] = defaultdict(Line)
    accts = accounts(book)
    for account in accts.values():
        amount = account.open_on(as_of)
        if amount <= 0:
            continue
        line = lines[account.invoice.customer, account.currency]
        line.open += amount
        handed = escalated_on(account.invoice, as_of)
        if handed is not None:  # apart: the agency collects it now
            line.add(ACTIONS[8], f"{account.number}: {amount} with {handed.to} since {handed.date}")
            continue
        late = past_due(account, as_of)
        line.overdue += late.amount
        line.days = max(line.days, late.days)
        _invoice_signals(book, account, as_of, dispute_days, line)
    for letter in plan(book, as_of, looking_back=True).letters:
        numbers = ", ".join(i.account.invoice.number for i in letter.items)
        what = "courtesy note" if letter.level == 0 else f"level {letter.level} reminder"
        lines[letter.customer, letter.currency].add(ACTIONS[5], f"{what} due: {numbers}")
    _credit_limits(book, lines)
    mine = _follow_ups(book, as_of, lines, owner)
    scores = risks(book, as_of, accts)
    ranked = sorted(
        (ACTIONS[0] not in line.actions, -line.overdue * line.days * _weight(scores.get(key)), *key)
        for key, line in lines.items()
        if line.actions and (owner is None or key in mine)
    )
    rows = [
        _row(book, cid, currency, lines[cid, currency], scores.get((cid, currency)))
        for _, _, cid, currency in ranked
    ]
    return Report(f"Worklist for {as_of}", WORKLIST_COLUMNS, rows, {"as_of": as_of})


def _invoice_signals(
    book: Book, account: Account, as_of: dt.date, dispute_days: int, line: Line
) -> None:
    number = account.invoice.number
    promise = promise_state(account, as_of)
    if promise and promise.state == "pending" and promise.promise.by == as_of:
        line.add(ACTIONS[3], f"{number}: {promise.promise.amount} promised for today")
    elif promise and promise.state == "broken" and not _reminded(account, promise, as_of):
        made = promise.promise
        line.add(ACTIONS[1], f"{number}: promise of {made.amount} by {made.by} broken")
    missed = missed_installment(account, as_of)
    if missed:
        line.add(ACTIONS[2], f"{number}: installment of {missed[0]} short by {missed[1]}")
    opened = _dispute_opened(account, as_of)
    if opened and (as_of - opened).days > dispute_days:
        line.add(ACTIONS[6], f"{number}: disputed since {opened}")
    customer = book.customers.get(account.invoice.customer)
    decision = decide(account, customer, book.ledger, as_of, looking_back=True)
    policy = policy_for(customer, book.ledger)
    if decision.reason == "final level sent" and policy is not None:
        last = max(r.date for r in sent_by(account, as_of))
        if (as_of - last).days >= policy.min_interval_days:
            line.add(ACTIONS[4], f"{number}: final notice of {last} unanswered")


def why_empty(book: Book, as_of: dt.date) -> str:
    """Why the worklist has nothing on `as_of`, in words a new user can act on."""
    overdue = [a for a in accounts(book).values() if past_due(a, as_of).amount > 0]
    if not overdue:
        return f"nothing to do: nothing is overdue on {as_of}"
    if book.ledger.dunning is None and not any(c.dunning for c in book.customers.values()):
        return (
            f"nothing to do: {len(overdue)} invoice(s) overdue, but ledger.yaml has no dunning "
            "policy (add dunning: levels: to be told whom to remind)"
        )
    return (
        f"nothing to do today: {len(overdue)} invoice(s) overdue, each waiting for its next "
        "level or paused (see 'arl remind --dry-run')"
    )


def _follow_ups(
    book: Book, as_of: dt.date, lines: dict[tuple[str, str], Line], owner: str | None
) -> set[tuple[str, str]]:
    """Add each follow-up that has come due, with its note; the lines of `owner`'s."""
    mine = set()
    for noted in follow_ups_due(book, as_of):
        invoice = book.invoices.get(noted.invoice or "")
        customer = book.customers.get(noted.customer)
        holder = invoice or customer
        if holder is None:
            continue
        key = (noted.customer, book.currency_of(holder))
        note = noted.note
        who = f" ({note.owner})" if note.owner else ""
        when = "today" if note.follow_up == as_of else f"since {note.follow_up}"
        lines[key].add(
            ACTIONS[0], f"{noted.invoice or noted.customer}: follow up {when}{who}: {note.text}"
        )
        if owner is None or note.owner == owner:
            mine.add(key)
    return mine


def _reminded(account: Account, broken: PromiseState, as_of: dt.date) -> bool:
    """A reminder went out after the promised day, by `as_of` (later ones were not known)."""
    return any(r.date > broken.promise.by for r in sent_by(account, as_of))


def _dispute_opened(account: Account, as_of: dt.date) -> dt.date | None:
    """The day the dispute open on `as_of` was raised, or None."""
    if not account.disputed_on(as_of):
        return None
    raised = [e.date for e in account.invoice.events if isinstance(e, Dispute) and e.date <= as_of]
    return max(raised)


def _credit_limits(book: Book, lines: dict[tuple[str, str], Line]) -> None:
    for (cid, currency), line in lines.items():
        customer = book.customers.get(cid)
        if customer is None or customer.credit_limit is None:
            continue
        if currency == book.currency_of(customer) and line.open > customer.credit_limit:
            line.add(ACTIONS[7], f"open {line.open} over the limit of {customer.credit_limit}")


def _weight(risk: Risk | None) -> Decimal:
    """A risky customer's overdue money counts up to twice as much."""
    return 1 + Decimal(risk.score) / 100 if risk else Decimal(1)


def _row(book: Book, cid: str, currency: str, line: Line, risk: Risk | None) -> dict[str, object]:
    customer = book.customers.get(cid)
    return {
        "customer": cid,
        "name": customer.name if customer else cid,
        "currency": currency,
        "overdue": line.overdue,
        "days": line.days,
        "risk": risk.level if risk else None,
        "why": "; ".join(line.why),
        "action": min(line.actions, key=ACTIONS.index),
    }
