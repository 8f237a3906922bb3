"""Invoice changes: issued, edited, voided or removed, and the events recorded on them."""

from __future__ import annotations

from decimal import Decimal

from ar.book import Book
from ar.errors import FieldPath
from ar.model import Event, Invoice
from ar.review.change import Books, Change, arrow, edited_fields, money, multiset_minus
from ar.settlement import line_amounts, lines_total
from ar.terms import due_date

# What recording each kind of event is called, and the section it is listed under.
EVENTS = {
    "reminder": ("reminders", "recorded"),
    "dispute": ("disputes", "opened"),
    "dispute_resolved": ("disputes", "resolved"),
    "promise": ("promises", "promised"),
    "write_off": ("write_offs", "written off"),
    "fee": ("fees", "charged"),
    "interest": ("interest", "charged"),
    "void": ("invoices", "voided"),
}
# Events that change what the invoice owes: editing their amount rewrites history.
CHARGES = frozenset({"write_off", "fee", "interest"})


def invoice_changes(base: Invoice | None, head: Invoice | None, books: Books) -> list[Change]:
    """The invoice itself (issued, edited, removed), then each event added, edited or removed."""
    if head is None:
        assert base is not None
        return [_whole(base, books.base, "removed")]
    header = [_whole(head, books.head, "issued")] if base is None else _edit(base, head, books)
    return header + _event_changes(base, head, books.head)


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
        elif name == "notes":
            notes.append("notes edited")
    return notes


def _event_changes(base: Invoice | None, head: Invoice, book: Book) -> list[Change]:
    """Events added, removed, or edited (same type and date, other values)."""
    old = list(base.events) if base else []
    new = list(head.events)
    gone = list(multiset_minus(old, new))
    came = list(multiset_minus(new, old))
    changes = []
    for index in gone:
        match = next(
            (i for i in came if (new[i].type, new[i].date) == (old[index].type, old[index].date)),
            None,
        )
        if match is None:
            changes.append(_event(old[index], head, book, "removed", ()))
        else:
            came.remove(match)
            changes.append(_edited_event(old[index], new[match], match, head, book))
    changes += [_event(new[i], head, book, None, ("events", i)) for i in came]
    return changes


def _event(
    event: Event, invoice: Invoice, book: Book, action: str | None, field: FieldPath
) -> Change:
    section, verb = EVENTS[event.type]
    currency = book.currency_of(invoice)
    amount = total_of(invoice, book) if event.type == "void" else getattr(event, "amount", None)
    detail = describe(event, currency)
    if action == "removed":
        detail = f"{verb} on {event.date}, now removed" + (f": {detail}" if detail else "")
    return Change(
        section,
        action or verb,
        invoice.number,
        invoice.customer,
        currency,
        event.date,
        amount,
        detail,
        invoice.source,
        dates=(event.date,),
        field=field,
    )


def _edited_event(old: Event, new: Event, index: int, invoice: Invoice, book: Book) -> Change:
    currency = book.currency_of(invoice)
    before = getattr(old, "amount", None)
    after = getattr(new, "amount", None)
    notes = [
        f"{name} {arrow(getattr(old, name), getattr(new, name))}"
        for name in edited_fields(old, new)
        if name != "amount"
    ]
    if before != after and before is not None and after is not None:
        notes.insert(0, f"amount {money(before, currency)} → {money(after, currency)}")
    return Change(
        EVENTS[new.type][0],
        "edited",
        invoice.number,
        invoice.customer,
        currency,
        new.date,
        after,
        "; ".join(notes),
        invoice.source,
        before=before if before != after else None,
        amount_edited=before != after and new.type in CHARGES,
        dates=(new.date,),
        field=("events", index),
    )


def describe(event: Event, currency: str) -> str:
    """What an event says, in a few words."""
    if event.type == "reminder":
        letter = f", letter {event.letter}" if event.letter else ""
        return f"level {event.level} by {event.channel}{letter}"
    if event.type == "promise":
        return f"to pay by {event.by}"
    if event.type == "interest":
        rate = f"{(event.rate * 100).normalize():f}"
        return f"{rate} % a year, {event.start} to {event.end}"
    if event.type == "dispute_resolved":
        return event.note or ""
    return str(getattr(event, "reason", ""))
