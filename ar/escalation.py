"""Handing invoices to a collection agency or a lawyer, the claim file they ask for, and
what comes back.

An `escalated` event stops reminders for good and sets the invoice apart in aging and on
the worklist. The claim file lists, per escalated invoice, what an agency needs to act:
the debtor, the invoice, what was charged and paid, what is open, and the letters sent.
Money the agency recovers is a receipt from the debtor (the full amount collected, applied
to the escalated invoices, oldest first); what the agency kept is said on the receipt.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from ar.book import Book
from ar.errors import ArlError
from ar.model.events import Escalated, Reminder
from ar.money import ZERO
from ar.notes import escalated_on
from ar.plan import Change, Plan, money, require_amount
from ar.receipts import PaymentRequest, record_payment
from ar.reports.base import Column, Report
from ar.settlement import Account, account_of

CLAIM_COLUMNS = [
    Column("debtor", "Debtor"),
    Column("name", "Name"),
    Column("address", "Address"),
    Column("email", "E-mail"),
    Column("invoice", "Invoice"),
    Column("currency", "Cur"),
    Column("date", "Date"),
    Column("due", "Due"),
    Column("total", "Total", True),
    Column("charges", "Charges", True),
    Column("paid", "Paid", True),
    Column("open", "Open", True),
    Column("escalated", "Escalated"),
    Column("to", "To"),
    Column("reference", "Reference"),
    Column("letters", "Letters sent"),
]


def escalate(book: Book, numbers: list[str], to: str, reference: str | None, day: dt.date) -> Plan:
    """The plan that hands the open invoices to `to` on `day`."""
    if not numbers:
        raise ArlError("name the invoices to hand over", "arl escalate INV-1 INV-2 --to NAME")
    changes = []
    for number in dict.fromkeys(numbers):
        account = _open_account(book, number, day)
        handed = escalated_on(account.invoice, day)
        if handed is not None:
            raise ArlError(f"{number} is with {handed.to} since {handed.date}")
        event = Escalated(date=day, type="escalated", to=to, reference=reference)
        invoice = account.invoice
        new = invoice.model_copy(update={"events": [*invoice.events, event]})
        owed = money(account.open_on(day), account.currency)
        changes.append(Change(invoice, new, f"{number} handed to {to} ({owed} open)"))
    result = {"invoices": list(dict.fromkeys(numbers)), "to": to, "reference": reference}
    return Plan(tuple(changes), (), result)


def recovered(book: Book, numbers: list[str], amount: Decimal, fee: Decimal, day: dt.date) -> Plan:
    """The receipt of what the agency collected on the escalated invoices, and what it kept."""
    accounts = [_open_account(book, number, day) for number in dict.fromkeys(numbers)]
    if not accounts:
        raise ArlError("name the escalated invoices the money is for")
    handed = [escalated_on(a.invoice, day) for a in accounts]
    agents = {h.to for h in handed if h is not None}
    if None in handed or len(agents) != 1:
        raise ArlError("the invoices must all be with one agency", "see 'arl escalate --export'")
    first = accounts[0]
    currency = first.currency
    amount, owed = require_amount(amount, currency), sum((a.open_on(day) for a in accounts), ZERO)
    if amount > owed:
        raise ArlError(f"{money(amount, currency)} is more than the {money(owed, currency)} open")
    kept = ZERO if fee == 0 else require_amount(fee, currency, "fee")
    if kept > amount:
        raise ArlError("the agency's fee is more than it recovered")
    agent, reference = agents.pop(), next(h.reference for h in handed if h is not None)
    request = PaymentRequest(
        first.customer, amount, day, currency, "collection agency", reference,
        tuple((a.number, None) for a in accounts), allow_duplicate=True,
    )  # fmt: skip
    plan = record_payment(book, request)
    words = f"recovered by {agent}; kept {money(kept, currency)}"
    change = plan.changes[0]
    change = dataclasses.replace(change, new=change.new.model_copy(update={"notes": words}))
    net = money(amount - kept, currency)
    notes = (*plan.notes, f"{agent} kept {money(kept, currency)}; paid over {net}")
    result = {**plan.result, "agency": agent, "fee": kept, "net": amount - kept}
    return Plan((change, *plan.changes[1:]), notes, result)


def claim(book: Book, as_of: dt.date, to: str | None = None) -> Report:
    """One row per invoice with an agency or lawyer on `as_of` (of `to` only, if given)."""
    rows = []
    for number in book.invoices:
        account = account_of(book, number)
        handed = escalated_on(account.invoice, as_of) if account else None
        if account is None or handed is None or to not in (None, handed.to):
            continue
        rows.append(_claim_row(book, account, handed, as_of))
    rows.sort(key=lambda row: (str(row["debtor"]), str(row["date"]), str(row["invoice"])))
    return Report(f"Claims as of {as_of}", CLAIM_COLUMNS, rows, {"as_of": as_of})


def _claim_row(
    book: Book, account: Account, handed: Escalated, as_of: dt.date
) -> dict[str, object]:
    customer = book.customers.get(account.customer)
    charges = account.sum_of("fee", as_of) + account.sum_of("interest", as_of)
    owed = account.open_on(as_of)
    letters = [
        f"level {e.level} {e.date}"
        for e in account.invoice.events
        if isinstance(e, Reminder) and e.date <= as_of
    ]
    return {
        "debtor": account.customer,
        "name": customer.name if customer else account.customer,
        "address": " / ".join((customer.address or "").splitlines()) if customer else "",
        "email": ", ".join(customer.email) if customer else "",
        "invoice": account.number,
        "currency": account.currency,
        "date": account.date,
        "due": account.due,
        "total": account.total,
        "charges": charges,
        "paid": account.total + charges - owed,
        "open": owed,
        "escalated": handed.date,
        "to": handed.to,
        "reference": handed.reference,
        "letters": "; ".join(letters),
    }


def _open_account(book: Book, number: str, day: dt.date) -> Account:
    account = account_of(book, number)
    if account is None:
        raise ArlError(f"no invoice '{number}'", "see 'arl invoice list'")
    if account.open_on(day) <= 0:
        raise ArlError(f"{number} has nothing open on {day}")
    return account
