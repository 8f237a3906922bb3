"""Decisions about invoices: issuing one, voiding it, crediting it, writing it off.

An invoice is issued with its number from the book's pattern, its terms and the due date
they give written into the file (so a later change of terms never moves an old due date),
and its currency. A customer on hold or over its credit limit is refused unless forced,
and the reason it was forced stays on the invoice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ar.allocation import room_on
from ar.book import Book
from ar.credit import credit_refusal
from ar.errors import ArlError
from ar.model import CreditNote, Invoice, Line
from ar.model.events import Void, WriteOff
from ar.money import format_amount
from ar.numbering import next_number
from ar.plan import Change, Plan, lookup, money, require_amount, validated
from ar.settlement import Account, account_of, lines_total
from ar.terms import due_from_terms


@dataclass(frozen=True)
class InvoiceRequest:
    customer: str
    date: dt.date
    lines: list[Line]
    terms: str | None = None
    due: dt.date | None = None
    currency: str | None = None
    po: str | None = None
    notes: str | None = None
    number: str | None = None
    force: bool = False


def new_invoice(book: Book, request: InvoiceRequest) -> Plan:
    """A new invoice, or the reason it may not be issued."""
    customer = lookup(book.customers, request.customer, "customer")
    currency = request.currency or book.currency_of(customer)
    terms, due = _terms_and_due(book, request, customer.terms)
    number = request.number or next_number(
        book.ledger.invoice_number, request.date.year, book.invoices
    )
    if number in book.invoices:
        raise ArlError(f"invoice {number} exists already", "leave out --number to get the next one")
    lines = [_padded(line, currency) for line in request.lines]
    total = lines_total(lines, currency)
    if total <= 0:
        raise ArlError(
            f"the lines add up to {money(total, currency)}",
            "an invoice must ask for money; record a credit note instead",
        )
    refusal = credit_refusal(book, customer, total, currency)
    if refusal and not request.force:
        raise ArlError(refusal, "add --force to issue it anyway; the invoice will say so")
    invoice = validated(
        Invoice,
        {
            "number": number,
            "customer": customer.id,
            "date": request.date,
            "terms": terms,
            "due": due,
            "currency": currency,
            "lines": lines,
            "po": request.po,
            "notes": request.notes,
            "forced": refusal if request.force else None,
        },
        "invoice",
    )
    summary = f"invoice {number} to {customer.id}, {money(total, currency)}, due {due}"
    notes = (f"issued although {refusal}",) if refusal else ()
    result = {"invoice": number, "total": total, "currency": currency, "due": due}
    return Plan((Change(None, invoice, summary),), notes, result)


def _terms_and_due(
    book: Book, request: InvoiceRequest, customer_terms: str | None
) -> tuple[str, dt.date]:
    """The terms (asked for, else the customer's, else the book's) and the due date they give."""
    terms = request.terms or customer_terms or book.ledger.default_terms
    if terms not in book.ledger.terms:
        raise ArlError(
            f"unknown terms '{terms}'", "ledger.yaml defines: " + ", ".join(book.ledger.terms)
        )
    due = request.due or due_from_terms(request.date, book.ledger.terms[terms])
    if due < request.date:
        raise ArlError(f"due {due} is before the invoice date {request.date}")
    return terms, due


def _padded(line: Line, currency: str) -> Line:
    """A line whose unit price shows at least the currency's minor units (12 -> 12.00)."""
    return line.model_copy(update={"unit_price": Decimal(format_amount(line.unit_price, currency))})


def void_invoice(book: Book, number: str, reason: str, on: dt.date) -> Plan:
    """A void event on the invoice; refused while money is applied to it."""
    account = _account(book, number)
    if account.void_on is not None:
        raise ArlError(f"{number} was voided on {account.void_on} already")
    _not_before(account, on, "void")
    money_in = [m for m in account.movements if m.kind in ("payment", "credit")]
    if money_in:
        first = money_in[0]
        fix = (
            f"arl unapply {first.ref} {number}" if first.kind == "payment" else "a new credit note"
        )
        raise ArlError(
            f"{number} has {first.kind} {first.ref} applied to it", f"move it first: {fix}"
        )
    event = Void(date=on, type="void", reason=_reason(reason))
    new = account.invoice.model_copy(update={"events": [*account.invoice.events, event]})
    return Plan((Change(account.invoice, new, f"voided {number}: {event.reason}"),))


def write_off(book: Book, number: str, amount: Decimal | None, reason: str, on: dt.date) -> Plan:
    """A write-off event for all that is open on the date, or the part given."""
    account = _account(book, number)
    _not_before(account, on, "write-off")
    room = room_on(account, on)
    if room <= 0:
        raise ArlError(f"{number} has nothing open to write off on {on}")
    amount = room if amount is None else require_amount(amount, account.currency)
    if amount > room:
        raise ArlError(
            f"{number} has only {money(room, account.currency)} open on {on}",
            f"write off at most {room}",
        )
    event = WriteOff(date=on, type="write_off", amount=amount, reason=_reason(reason))
    new = account.invoice.model_copy(update={"events": [*account.invoice.events, event]})
    left = room - amount
    summary = f"wrote off {money(amount, account.currency)} of {number}: {event.reason}"
    notes = (f"{number} still has {money(left, account.currency)} open",) if left else ()
    return Plan((Change(account.invoice, new, summary),), notes, {"open": left})


def credit_note(
    book: Book,
    customer_id: str,
    amount: Decimal,
    *,
    on: dt.date,
    invoice: str | None = None,
    reason: str | None = None,
    number: str | None = None,
) -> Plan:
    """A credit note against one invoice (never beyond what it owes) or on the account."""
    customer = lookup(book.customers, customer_id, "customer")
    currency = book.currency_of(customer)
    if invoice is not None:
        currency = _creditable(book, invoice, customer.id, amount, on)
    amount = require_amount(amount, currency)
    number = number or next_number(book.ledger.credit_note_number, on.year, book.credit_notes)
    if number in book.credit_notes:
        raise ArlError(f"credit note {number} exists already")
    note = validated(
        CreditNote,
        {
            "number": number,
            "customer": customer.id,
            "date": on,
            "amount": amount,
            "invoice": invoice,
            "currency": currency,
            "reason": reason,
        },
        "credit note",
    )
    against = f"against {invoice}" if invoice else "on account"
    summary = f"credit note {number} to {customer.id}, {money(amount, currency)} {against}"
    return Plan((Change(None, note, summary),), (), {"credit_note": number})


def _creditable(book: Book, number: str, customer: str, amount: Decimal, on: dt.date) -> str:
    """The currency of an invoice that may take a credit of `amount` on `on`."""
    account = _account(book, number)
    if account.invoice.customer != customer:
        raise ArlError(f"{number} belongs to customer {account.invoice.customer}")
    _not_before(account, on, "credit note")
    room, wanted = room_on(account, on), require_amount(amount, account.currency)
    if wanted > account.total:
        raise ArlError(
            f"a credit note cannot exceed {number}'s total of "
            f"{money(account.total, account.currency)}",
            "fees and interest are written off, not credited",
        )
    if wanted > room:
        raise ArlError(
            f"{number} has only {money(room, account.currency)} open on {on}",
            "credit at most that, or leave out --invoice to credit the account",
        )
    return account.currency


def _account(book: Book, number: str) -> Account:
    found = account_of(book, lookup(book.invoices, number, "invoice").number)
    assert found is not None
    return found


def _not_before(account: Account, on: dt.date, what: str) -> None:
    if on < account.invoice.date:
        raise ArlError(
            f"a {what} on {on} would come before {account.invoice.number}'s date "
            f"{account.invoice.date}",
            "give a later --date",
        )


def _reason(text: str) -> str:
    if not text.strip():
        raise ArlError("give a reason", "--reason 'what happened'")
    return text.strip()
