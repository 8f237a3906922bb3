"""Matches into payment records, and the reconciliation as a report."""

from __future__ import annotations

from ar.book import Book
from ar.model import Allocation, Payment
from ar.numbering import Numbers
from ar.reconcile.match import Match
from ar.reports.base import Column, Report, Row

COLUMNS = [
    Column("line", "Line", True),
    Column("date", "Date"),
    Column("amount", "Amount", True),
    Column("currency", "Cur"),
    Column("payer", "Payer"),
    Column("customer", "Customer"),
    Column("applied", "Applied to"),
    Column("unapplied", "Unapplied", True),
    Column("confidence", "Conf. %", True),
    Column("status", "Status"),
    Column("reason", "Reason"),
]
NOTES_LENGTH = 200


def payments_for(book: Book, matches: list[Match]) -> list[Payment]:
    """A payment for every accepted match, with its allocation and the bank's reference."""
    ids = Numbers(book.ledger.payment_id, book.payments)
    payments = []
    for match in matches:
        if match.status != "match" or match.customer is None:
            continue
        line = match.line
        customer = book.customers[match.customer]
        payment = Payment(
            id=ids.next(line.date.year),
            customer=match.customer,
            date=line.date,
            amount=line.amount,
            currency=None if line.currency == book.currency_of(customer) else line.currency,
            method="bank transfer",
            reference=line.reference,
            apply=[
                Allocation(invoice=a.invoice, amount=a.amount, discount=a.discount or None)
                for a in match.applied
            ],
            notes=_notes(line.name, line.text),
        )
        payment.located(line.source)
        payments.append(payment)
    return payments


def _notes(name: str, text: str) -> str | None:
    joined = " — ".join(part for part in (name.strip(), " ".join(text.split())) if part)
    return joined[:NOTES_LENGTH] or None


def reconcile_report(matches: list[Match], statement: str) -> Report:
    rows = [_row(m) for m in matches]
    counts = {s: sum(m.status == s for m in matches) for s in ("match", "review", "unmatched")}
    meta = {"statement": statement, **counts}
    return Report(f"Bank statement {statement}", COLUMNS, rows, meta)


def _row(match: Match) -> Row:
    line = match.line
    return {
        "line": line.source.line,
        "date": line.date,
        "amount": line.amount,
        "currency": line.currency,
        "payer": line.name,
        "reference": line.reference,
        "text": line.text,
        "customer": match.customer,
        "applied": ", ".join(
            f"{a.invoice} {a.amount}" + (f" (discount {a.discount})" if a.discount else "")
            for a in match.applied
        ),
        "unapplied": match.unapplied if match.applied else None,
        "confidence": match.confidence,
        "status": match.status,
        "reason": match.reason,
    }
