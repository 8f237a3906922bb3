"""A Book as double-entry entries in date order, with the balances arl says they add up to.

Every invoice, payment, later application of credit, refund, credit note, write-off,
fee, interest charge and void becomes one balanced entry. A credit note's tax is the one
its document shows (`ar.billing.credit_lines`), so the tax account falls by what was
credited and revenue by the net. Postings name an account *role*
(receivable, bank, sales...) that a writer turns into its tool's account name; the
receivable and customer-credit roles get one sub-account per customer so each customer's
balance can be asserted. Only what is dated on or before the export date is included.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from ar.billing.credit_lines import credit_tax
from ar.book import Book
from ar.model import CreditNote, Invoice, Payment
from ar.model.events import Fee, Interest, WriteOff
from ar.money import ZERO
from ar.settlement import Account, accounts, credit_note_total, line_amounts, unapplied

PER_CUSTOMER = frozenset({"receivable", "customer_credit"})
# Same-day entries in this order: what is owed before what settles it.
ORDER = {"invoice": 0, "fee": 1, "interest": 1, "payment": 2, "application": 3}
ORDER.update({"credit_note": 4, "write_off": 5, "refund": 6, "void": 7, "bounce": 8})


@dataclass(frozen=True)
class Posting:
    role: str
    amount: Decimal
    invoice: str | None = None


@dataclass(frozen=True)
class Entry:
    date: dt.date
    kind: str
    ref: str
    customer: str
    payee: str
    narration: str
    currency: str
    postings: tuple[Posting, ...]

    @property
    def invoices(self) -> list[str]:
        return sorted({p.invoice for p in self.postings if p.invoice})


@dataclass(frozen=True)
class Assertion:
    """What a customer's receivable or credit account holds at the end of the export date."""

    role: str
    customer: str
    currency: str
    amount: Decimal


@dataclass(frozen=True)
class Journal:
    as_of: dt.date
    company: str
    currency: str
    entries: list[Entry]
    assertions: list[Assertion]

    @property
    def currencies(self) -> list[str]:
        return sorted({e.currency for e in self.entries} | {self.currency})

    @property
    def customers(self) -> list[str]:
        return sorted({a.customer for a in self.assertions})


def build(book: Book, as_of: dt.date) -> Journal:
    """Every entry dated on or before `as_of`, sorted, and arl's balances at its end."""
    accts = accounts(book)
    entries: list[Entry] = []
    for account in accts.values():
        entries.extend(_invoice_entries(book, account, as_of))
    for payment in book.payments.values():
        entries.extend(_payment_entries(book, payment, as_of))
    for note in book.credit_notes.values():
        if note.date <= as_of:
            entries.append(_credit_note_entry(book, note))
            entries.extend(_credit_note_uses(book, note, as_of))
            entries.extend(_refund_entries(book, note, note.number, as_of))
    entries = [e for e in entries if e.postings]
    entries.sort(key=lambda e: (e.date, ORDER[e.kind], e.ref))
    return Journal(
        as_of,
        book.ledger.company.name,
        book.ledger.currency,
        entries,
        _assertions(book, accts, entries, as_of),
    )


def _entry(
    book: Book, record: Invoice | Payment | CreditNote, date: dt.date, kind: str, ref: str,
    narration: str, postings: list[Posting],
) -> Entry:  # fmt: skip
    customer = book.customers.get(record.customer)
    payee = customer.name if customer else record.customer
    currency = book.currency_of(record)
    kept = tuple(p for p in postings if p.amount)
    return Entry(date, kind, ref, record.customer, payee, narration, currency, kept)


def _invoice_entries(book: Book, account: Account, as_of: dt.date) -> list[Entry]:
    """The invoice, its charges and write-offs, and its reversal if it was voided."""
    invoice, number = account.invoice, account.invoice.number
    if invoice.date > as_of:
        return []
    net = tax = ZERO
    for line in invoice.lines:
        line_net, line_tax = line_amounts(line, account.currency)
        net, tax = net + line_net, tax + line_tax
    issued = [
        Posting("receivable", account.total, number),
        Posting("sales", -net),
        Posting("tax", -tax),
    ]
    entries = [_entry(book, invoice, invoice.date, "invoice", number, f"Invoice {number}", issued)]
    last = min(as_of, account.void_on or as_of)
    entries.extend(_event_entries(book, account, last))
    if account.void_on and account.void_on <= as_of:
        reversal = _reversed(entries)
        entries.append(
            _entry(book, invoice, account.void_on, "void", number, f"Void {number}", reversal)
        )
    return entries


def _event_entries(book: Book, account: Account, last: dt.date) -> list[Entry]:
    """Fees and interest (owed more) and write-offs (owed less) dated up to `last`."""
    invoice, number = account.invoice, account.invoice.number
    entries = []
    for event in invoice.events:
        if event.date > last:
            continue
        if isinstance(event, Fee | Interest):
            role = "fees" if isinstance(event, Fee) else "interest"
            postings = [Posting("receivable", event.amount, number), Posting(role, -event.amount)]
        elif isinstance(event, WriteOff):
            postings = [
                Posting("write_offs", event.amount),
                Posting("receivable", -event.amount, number),
            ]
        else:
            continue
        entries.append(
            _entry(book, invoice, event.date, event.type, number, _what(event), postings)
        )
    return entries


def _what(event: Fee | Interest | WriteOff) -> str:
    if isinstance(event, Interest):
        return f"Interest at {event.rate} from {event.start} to {event.end}"
    return f"{'Fee' if isinstance(event, Fee) else 'Write-off'}: {event.reason}"


def _reversed(entries: list[Entry]) -> list[Posting]:
    """Postings that undo `entries`, one per role and invoice."""
    totals: dict[tuple[str, str | None], Decimal] = defaultdict(lambda: ZERO)
    for entry in entries:
        for posting in entry.postings:
            totals[posting.role, posting.invoice] -= posting.amount
    return [Posting(role, amount, invoice) for (role, invoice), amount in totals.items()]


def _payment_entries(book: Book, payment: Payment, as_of: dt.date) -> list[Entry]:
    if payment.date > as_of:
        return []
    now: list[Posting] = [Posting("bank", payment.amount)]
    later: dict[dt.date, list[Posting]] = defaultdict(list)
    applied_now = ZERO
    for alloc in payment.apply:
        when = max(alloc.date or payment.date, payment.date)
        if when > as_of:
            continue
        postings = now if when == payment.date else later[when]
        postings.append(Posting("receivable", -alloc.amount, alloc.invoice))
        if alloc.discount:
            postings.append(Posting("discounts", alloc.discount))
            postings.append(Posting("receivable", -alloc.discount, alloc.invoice))
        if when == payment.date:
            applied_now += alloc.amount
        else:
            postings.append(Posting("customer_credit", alloc.amount))
    now.append(Posting("customer_credit", applied_now - payment.amount))
    label = f"Payment {payment.id}" + (f" ({payment.reference})" if payment.reference else "")
    entries = [_entry(book, payment, payment.date, "payment", payment.id, label, now)]
    applied = f"Credit applied from {payment.id}"
    for when, postings in sorted(later.items()):
        entries.append(_entry(book, payment, when, "application", payment.id, applied, postings))
    if payment.bounced is not None and payment.bounced.date <= as_of:
        label = f"Payment {payment.id} returned: {payment.bounced.reason}"
        postings = _returned(payment)
        entries.append(
            _entry(book, payment, payment.bounced.date, "bounce", payment.id, label, postings)
        )
    return entries + _refund_entries(book, payment, payment.id, as_of)


def _refund_entries(
    book: Book, source: Payment | CreditNote, key: str, as_of: dt.date
) -> list[Entry]:
    """Credit paid back: out of the customer's credit and the bank, on the refund's date
    (never before its receipt's or credit note's, as `settlement.credit_movements` counts it)."""
    entries = []
    for refund in source.refunds:
        when = max(refund.date, source.date)
        if when > as_of:
            continue
        postings = [Posting("customer_credit", refund.amount), Posting("bank", -refund.amount)]
        label = f"Refund from {key}" + (f" ({refund.reference})" if refund.reference else "")
        entries.append(_entry(book, source, when, "refund", key, label, postings))
    return entries


def _returned(payment: Payment) -> list[Posting]:
    """The receipt undone: the bank gives it back, the invoices and the credit reopen."""
    postings = [Posting("bank", -payment.amount)]
    kept = payment.amount
    for alloc in payment.apply:
        postings.append(Posting("receivable", alloc.amount, alloc.invoice))
        kept -= alloc.amount
        if alloc.discount:
            postings.append(Posting("receivable", alloc.discount, alloc.invoice))
            postings.append(Posting("discounts", -alloc.discount))
    kept -= sum((r.amount for r in payment.refunds), ZERO)
    postings.append(Posting("customer_credit", kept))
    return postings


def _credit_note_uses(book: Book, note: CreditNote, as_of: dt.date) -> list[Entry]:
    """Credit on account applied to invoices later: from the customer's credit to them."""
    used: dict[dt.date, list[Posting]] = defaultdict(list)
    for alloc in note.apply:
        when = max(alloc.date or note.date, note.date)
        if when <= as_of:
            used[when] += [
                Posting("customer_credit", alloc.amount),
                Posting("receivable", -alloc.amount, alloc.invoice),
            ]
    label = f"Credit applied from {note.number}"
    return [
        _entry(book, note, when, "application", note.number, label, postings)
        for when, postings in sorted(used.items())
    ]


def _credit_note_entry(book: Book, note: CreditNote) -> Entry:
    currency = book.currency_of(note)
    total = credit_note_total(note, currency)
    tax = credit_tax(note, book.invoices.get(note.invoice or ""), currency)
    postings = [Posting("returns", total - tax), Posting("tax", tax)]
    if note.invoice:
        postings.append(Posting("receivable", -total, note.invoice))
    else:
        postings.append(Posting("customer_credit", -total))
    label = f"Credit note {note.number}" + (f": {note.reason}" if note.reason else "")
    return _entry(book, note, note.date, "credit_note", note.number, label, postings)


def _assertions(
    book: Book, accts: dict[str, Account], entries: list[Entry], as_of: dt.date
) -> list[Assertion]:
    """arl's own receivable and credit per customer and currency that the journal touches."""
    owed: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for account in accts.values():
        owed[account.invoice.customer, account.currency] += account.open_on(as_of)
    credit = unapplied(book, as_of)
    touched = {
        (role, e.customer, e.currency)
        for e in entries
        for p in e.postings
        if (role := p.role) in PER_CUSTOMER
    }
    found = {
        Assertion(role, customer, currency, owed[customer, currency] if role == "receivable"
                  else -credit.get((customer, currency), ZERO))
        for role, customer, currency in touched
    }  # fmt: skip
    return sorted(found, key=lambda a: (a.customer, a.role != "receivable", a.currency))
