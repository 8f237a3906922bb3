"""Invoice changes: issued, edited, voided or removed, and the events recorded on them."""

from __future__ import annotations

from decimal import Decimal

from ar.book import Book
from ar.model import Invoice
from ar.review.change import Books, Change, arrow, edited_fields
from ar.review.events import Owner, event_changes
from ar.settlement import line_amounts, lines_total
from ar.terms import due_date


def invoice_changes(base: Invoice | None, head: Invoice | None, books: Books) -> list[Change]:
    """The invoice itself (issued, edited, removed), then each event added, edited or removed."""
    if head is None:
        assert base is not None
        return [_whole(base, books.base, "removed")]
    header = [_whole(head, books.head, "issued")] if base is None else _edit(base, head, books)
    old = base.events if base else []
    return header + event_changes(old, head.events, owner(head, books.head))


def owner(invoice: Invoice, book: Book) -> Owner:
    currency = book.currency_of(invoice)
    total = lines_total(invoice.lines, currency)
    return Owner("invoices", invoice.number, invoice.customer, currency, total, invoice.source)


def total_of(invoice: Invoice, book: Book) -> Decimal:
    return lines_total(invoice.lines, book.currency_of(invoice))


def _due(invoice: Invoice, book: Book) -> object:
    return due_date(invoice, book.customers.get(invoice.customer), book.ledger)


def _whole(invoice: Invoice, book: Book, action: str) -> Change:
    plan = f", in {len(invoice.installments)} installments" if invoice.installments else ""
    return Change(
        "invoices",
        action,
        invoice.number,
        invoice.customer,
        book.currency_of(invoice),
        invoice.date,
        total_of(invoice, book),
        f"due {_due(invoice, book)}{plan}",
        invoice.source,
        dates=(invoice.date,),
    )


def amounts_edited(base: Invoice, head: Invoice, books: Books) -> bool:
    """True when what an issued invoice charges changed: its currency or a line's amounts."""
    before, after = books.base.currency_of(base), books.head.currency_of(head)
    return before != after or [line_amounts(ln, before) for ln in base.lines] != [
        line_amounts(ln, after) for ln in head.lines
    ]


def _edit(base: Invoice, head: Invoice, books: Books) -> list[Change]:
    names = edited_fields(base, head, skip=("events",))
    if not names:
        return []
    due_before, due_after = _due(base, books.base), _due(head, books.head)
    total_before, total_after = total_of(base, books.base), total_of(head, books.head)
    currency = books.head.currency_of(head)
    edited_amounts = amounts_edited(base, head, books)
    notes = _field_notes(base, head, names)
    if edited_amounts:
        same = " (same total)" if total_before == total_after else ""
        notes.insert(0, f"line amounts edited{same}")
    if due_before != due_after:
        notes.append(f"due {arrow(due_before, due_after)}")
    change = Change(
        "invoices",
        "edited",
        head.number,
        head.customer,
        currency,
        head.date,
        total_after,
        "; ".join(notes),
        head.source,
        before=total_before if total_before != total_after else None,
        amount_edited=edited_amounts,
        dates=tuple(sorted({base.date, head.date})),
    )
    return [change]


def _field_notes(base: Invoice, head: Invoice, names: list[str]) -> list[str]:
    notes = []
    for name in names:
        if name in ("customer", "date", "currency", "terms", "po"):
            notes.append(f"{name} {arrow(getattr(base, name), getattr(head, name))}")
        elif name == "lines" and [ln.description for ln in base.lines] != [
            ln.description for ln in head.lines
        ]:
            notes.append("line descriptions edited")
        elif name == "installments":
            notes.append(f"payment plan: {len(base.installments)} → {len(head.installments)} parts")
        elif name not in ("lines", "due"):  # the total and the due date speak for these
            notes.append(f"{name} edited")
    return notes
