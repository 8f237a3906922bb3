"""What an import would write: new records, records already in the ledger, and bad rows.

Importing is idempotent: an invoice whose number, a customer whose id, or a payment whose
reference is already in the ledger is recognised and skipped, so importing the same file
twice writes nothing the second time. A record that is already there but different is a
problem, never a silent overwrite. The new records are checked together with the book,
so an import cannot leave a ledger that `arl check` rejects.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ar.allocation import Applied, OpenItems, oldest_first, pay_what_fits
from ar.book import Book, record_key
from ar.errors import Problem
from ar.imports.rows import PaymentDraft
from ar.integrity import check_book
from ar.model import Allocation, CreditNote, Customer, Invoice, Payment, Record
from ar.numbering import Numbers
from ar.settlement import lines_total


@dataclass
class Plan:
    """New records to write (in file order), how many were already there, and problems."""

    new: list[Record] = field(default_factory=list)
    existing: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def plan_customers(book: Book, records: list[Customer]) -> Plan:
    plan = Plan()
    seen: dict[str, Customer] = {}
    for record in records:
        if record.id in seen:
            plan.problems.append(_twice(record, seen[record.id], f"customer {record.id}"))
        elif record.id in book.customers:
            plan.existing.append(record)
        else:
            seen[record.id] = record
            plan.new.append(record)
    return plan


def plan_invoices(book: Book, records: list[Invoice]) -> Plan:
    plan = Plan()
    for record in records:
        there = book.invoices.get(record.number)
        if there is None:
            plan.new.append(record)
        elif _same_invoice(book, there, record):
            plan.existing.append(record)
        else:
            plan.problems.append(
                Problem(
                    record.source,
                    f"invoice {record.number} is already in the ledger ({there.source}) "
                    f"with customer {there.customer}, date {there.date}, total "
                    f"{_total(book, there)}; this row says {record.customer}, {record.date}, "
                    f"{_total(book, record)}",
                    "give the invoice another number or fix the row",
                )
            )
    return plan


def _total(book: Book, invoice: Invoice) -> Decimal:
    return lines_total(invoice.lines, book.currency_of(invoice))


def _same_invoice(book: Book, a: Invoice, b: Invoice) -> bool:
    return (a.customer, a.date, _total(book, a)) == (b.customer, b.date, _total(book, b))


def plan_payments(book: Book, drafts: list[PaymentDraft]) -> Plan:
    """Skip receipts already recorded; allocate the rest in date order, oldest due first."""
    planner = _PaymentPlanner(book)
    for draft in sorted(drafts, key=lambda d: (d.date, d.source.line)):
        try:
            planner.add(draft)
        except ValueError as exc:
            planner.plan.problems.append(Problem(draft.source, str(exc)))
    planner.plan.new.sort(key=lambda r: r.source.line)
    return planner.plan


class _PaymentPlanner:
    """Receipts planned one by one, each seeing what the ones before it paid."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.plan = Plan()
        self.known = {_key_of(p): p for p in book.payments.values()}
        self.items = OpenItems(book, dt.date.max)
        self.ids = Numbers(book.ledger.payment_id, book.payments)
        self.seen: dict[tuple[object, ...], PaymentDraft] = {}

    def add(self, draft: PaymentDraft) -> None:
        key = _payment_key(draft.customer, draft.reference, draft.id, draft.date, draft.amount)
        if key in self.seen:
            raise ValueError(f"the same receipt as line {self.seen[key].source.line}")
        self.seen[key] = draft
        if key in self.known:
            self.plan.existing.append(self.known[key])
            return
        pid = draft.id or self.ids.next(draft.date.year)
        if draft.id and pid in self.ids.used:
            raise ValueError(f"payment id {pid} is already taken")
        applied = _allocate(self.items, draft)
        self.items.settle(applied)
        self.ids.take(pid)
        self.plan.new.append(_payment(self.book, draft, applied, pid))


def _key_of(payment: Payment) -> tuple[object, ...]:
    return _payment_key(
        payment.customer, payment.reference, payment.id, payment.date, payment.amount
    )


def _payment_key(
    customer: str, reference: str | None, pid: str | None, date: dt.date, amount: Decimal
) -> tuple[object, ...]:
    """Receipts are the same when their reference is, else their id, else date and amount."""
    if reference:
        return (customer, "ref", reference)
    if pid:
        return ("id", pid)
    return (customer, date, amount)


def _allocate(items: OpenItems, draft: PaymentDraft) -> list[Applied]:
    if not draft.invoices:
        mine = items.of(draft.customer, draft.currency, draft.date)
        return oldest_first(mine, draft.amount, draft.date)
    applied: list[Applied] = []
    left = draft.amount
    for number in draft.invoices:
        item = items.item(number)
        if item is None or item.customer != draft.customer or item.currency != draft.currency:
            raise ValueError(
                f"invoice {number} is not an open {draft.currency} invoice of {draft.customer}"
            )
        if left <= 0:
            break
        applied.append(pay_what_fits(item, left, draft.date))
        left -= applied[-1].amount
    return applied


def _payment(book: Book, draft: PaymentDraft, applied: list[Applied], pid: str) -> Payment:
    customer = book.customers[draft.customer]
    currency = None if draft.currency == book.currency_of(customer) else draft.currency
    record = Payment(
        id=pid,
        customer=draft.customer,
        date=draft.date,
        amount=draft.amount,
        currency=currency,
        method=draft.method,
        reference=draft.reference,
        apply=[
            Allocation(invoice=a.invoice, amount=a.amount, discount=a.discount or None)
            for a in applied
        ],
        notes=draft.notes,
    )
    record.located(draft.source)
    return record


def _twice(record: Record, first: Record, what: str) -> Problem:
    return Problem(record.source, f"{what} is also on line {first.source.line}")


def merged(book: Book, records: Iterable[Record]) -> Book:
    """The book with new records added (the caller made sure their keys are new)."""
    tables: dict[type[Record], dict[str, Record]] = {
        Customer: dict(book.customers),
        Invoice: dict(book.invoices),
        Payment: dict(book.payments),
        CreditNote: dict(book.credit_notes),
    }
    for record in records:
        tables[type(record)][record_key(record)] = record
    return dataclasses.replace(
        book,
        customers=tables[Customer],  # type: ignore[arg-type]
        invoices=tables[Invoice],  # type: ignore[arg-type]
        payments=tables[Payment],  # type: ignore[arg-type]
        credit_notes=tables[CreditNote],  # type: ignore[arg-type]
    )


def verified(book: Book, plan: Plan, name: str) -> Plan:
    """The plan with every record that `arl check` would reject moved to the problems."""
    problems = [p for p in check_book(merged(book, plan.new)) if p.source.file == name]
    if not problems:
        return plan
    bad = {p.source.line for p in problems}
    keep = [r for r in plan.new if r.source.line not in bad]
    return Plan(keep, plan.existing, plan.problems + problems)
