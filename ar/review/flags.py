"""What a reviewer must not miss: history rewritten, records deleted, numbers broken.

Each check is a small function from the changes (and the two sides) to the flags it
raises; `flags` runs them all, in the order a reviewer should read them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ar.book import Book, record_key
from ar.errors import FieldPath, Source
from ar.model import CreditNote, Customer, Invoice, Payment, Record, Recurring
from ar.model.settings import Discount
from ar.review.change import Books, Change, arrow, money
from ar.review.changeset import ChangeSet
from ar.review.numbering import new_gaps
from ar.review.settings import SENSITIVE, described, setting_changes

# What one change is about, in the words of a flag: "payment PAY-1", "fee on INV-7".
_THING = {
    "invoices": "invoice",
    "payments": "payment",
    "credit_notes": "credit note",
    "write_offs": "write-off on",
    "fees": "fee on",
    "interest": "interest on",
    "reminders": "reminder on",
    "disputes": "dispute on",
    "promises": "promise on",
    "notes": "note on",
    "escalations": "escalation of",
    "customers": "customer",
    "recurring": "recurring plan",
    "settings": "",
}


@dataclass(frozen=True)
class Flag:
    """One warning: its kind (a stable word for scripts), what it is about, and where."""

    kind: str
    key: str
    message: str
    source: Source | None = None
    field: FieldPath = ()


# What one event is, in the words of a flag: "void of INV-7", "fee on INV-7".
_EVENT = {
    "reminder": "reminder on",
    "dispute": "dispute on",
    "dispute_resolved": "dispute resolution on",
    "promise": "promise on",
    "write_off": "write-off on",
    "fee": "fee on",
    "interest": "interest on",
    "void": "void of",
    "plan": "payment plan of",
    "sent": "sending of",
    "note": "note on",
    "escalated": "escalation of",
}


def thing(change: Change) -> str:
    name = _EVENT[change.event] if change.event else _THING[change.section]
    return f"{name} {change.key}".strip()


def in_closed_period(changes: list[Change], locked: dt.date | None) -> Iterator[Flag]:
    """Anything added, edited or removed that is dated on or before `locked_until`."""
    if locked is None:
        return
    for change in changes:
        inside = [d for d in change.dates if d <= locked]
        if inside:
            yield Flag(
                "closed_period",
                change.key,
                f"{thing(change)} {change.action}, dated {inside[0]}: inside the closed "
                f"period (locked_until {locked})",
                change.source,
                change.field,
            )


def edited_in_place(changes: list[Change]) -> Iterator[Flag]:
    """Recorded amounts changed where a correction should have been recorded instead."""
    for change in changes:
        if change.action != "edited" or not change.amount_edited:
            continue
        moved = ""
        if change.before is not None and change.amount is not None:
            was, now = money(change.before, change.currency), money(change.amount, change.currency)
            moved = f" ({was} → {now} {change.currency})"
        invoice = change.section == "invoices"
        what = f"issued invoice {change.key}" if invoice else thing(change)
        honest = "; a credit note is the honest way" if invoice else ""
        message = f"{what}: amounts edited in place{moved}{honest}"
        yield Flag("edited_in_place", change.key, message, change.source)


def deleted(changes: list[Change]) -> Iterator[Flag]:
    for change in changes:
        if change.removed:
            amount = (
                f" of {money(change.amount, change.currency)} {change.currency}"
                if change.amount is not None
                else ""
            )
            dated = f" dated {change.date}" if change.date else ""
            yield Flag(
                "deleted", change.key, f"{thing(change)}{amount}{dated} removed", change.source
            )


def reallocated(changes: list[Change]) -> Iterator[Flag]:
    for change in changes:
        if change.action == "re-allocated":
            yield Flag(
                "reallocated",
                change.key,
                f"{thing(change)} re-allocated: {change.detail}",
                change.source,
            )


def numbering_gaps(books: Books) -> Iterator[Flag]:
    """Invoice and credit note numbers the change skipped (or deleted from a series)."""
    ledger = books.head.ledger
    kinds: list[tuple[str, str, Mapping[str, Record], Mapping[str, Record]]] = [
        ("invoice", ledger.invoice_number, books.base.invoices, books.head.invoices),
        (
            "credit note",
            ledger.credit_note_number,
            books.base.credit_notes,
            books.head.credit_notes,
        ),
    ]
    for kind, pattern, before, after in kinds:
        for gap in new_gaps(pattern, before, after):
            span = gap.first if gap.first == gap.last else f"{gap.first} to {gap.last}"
            verb = "is" if gap.first == gap.last else "are"
            yield Flag(
                "numbering_gap",
                gap.first,
                f"{kind} numbers skip: {span} {verb} missing before {gap.after}",
                after[gap.after].source,
            )


def duplicates(changes: ChangeSet, books: Books) -> Iterator[Flag]:
    """A number or id that the change made appear more than once."""
    before = _counts(changes.base.touched, books.base)
    after = _counts(changes.head.touched, books.head)
    for (kind, key), count in sorted(after.items()):
        if count > 1 and count > before.get((kind, key), 0):
            places = [r.source for r in changes.head.touched if _id(r) == (kind, key)]
            shared = _lookup(books.head, kind, key)
            if shared is not None and shared.source not in places:
                places.insert(0, shared.source)
            where = ", ".join(str(place) for place in places)
            yield Flag(
                "duplicate",
                key,
                f"{kind} {key} is recorded {count} times: {where}; "
                "only the first counts in the figures",
                places[-1] if places else None,
            )


_KIND_NAMES: dict[type[Record], str] = {
    Customer: "customer",
    Invoice: "invoice",
    Payment: "payment",
    CreditNote: "credit note",
    Recurring: "recurring plan",
}


def _id(record: Record) -> tuple[str, str]:
    return _KIND_NAMES[type(record)], record_key(record)


def _lookup(book: Book, kind: str, key: str) -> Record | None:
    table: dict[str, Record] = {
        "customer": book.customers,
        "invoice": book.invoices,
        "payment": book.payments,
        "credit note": book.credit_notes,
        "recurring plan": book.recurring,
    }[kind]  # type: ignore[assignment]
    return table.get(key)


def _counts(touched: tuple[Record, ...], book: Book) -> Counter[tuple[str, str]]:
    """How often each id of the touched records occurs: in the touched files, plus once more
    when an untouched file holds it too."""
    counts = Counter(_id(record) for record in touched)
    files = {record.source.file for record in touched}
    for kind, key in list(counts):
        other = _lookup(book, kind, key)
        if other is not None and other.source.file not in files:
            counts[kind, key] += 1
    return counts


def reopened(changes: ChangeSet) -> Iterator[Flag]:
    before, after = changes.base.ledger.locked_until, changes.head.ledger.locked_until
    if before is not None and (after is None or after < before):
        now = f"moved back to {after}" if after else "removed"
        yield Flag(
            "reopened",
            "ledger.yaml",
            f"closed period reopened: locked_until {now} (was {before})",
            changes.head.ledger.source,
        )


def unreadable(changes: ChangeSet) -> Iterator[Flag]:
    for side in (changes.base, changes.head):
        for problem in side.problems:
            yield Flag(
                "unreadable",
                problem.source.file,
                f"at {side.label}: {problem.message} (its records are left out of this review)",
                problem.source,
            )


_SENSITIVE_WORDS = {
    "mail_settings": "mail settings changed (where letters, and the SMTP login, go)",
    "payment_details": "payment details changed (where customers send their money)",
    "terms": "payment terms changed (what customers are offered)",
}


def sensitive_settings(changes: ChangeSet) -> Iterator[Flag]:
    """Settings that decide where mail and money go, or what customers are offered."""
    base, head = changes.base.ledger, changes.head.ledger
    for path, before, after in setting_changes(base, head):
        kind = SENSITIVE.get(path.split(".")[0])
        if kind is not None and not changes.base.new:
            message = f"{_SENSITIVE_WORDS[kind]}: {described(path, before, after)}"
            yield Flag(kind, "ledger.yaml", message, head.source)


def customer_terms(books: Books) -> Iterator[Flag]:
    """A customer whose early-payment discount changed with their terms."""
    for key, customer in books.head.customers.items():
        old = books.base.customers.get(key)
        if old is None or old.terms == customer.terms:
            continue
        before, after = _discount(books.base, old), _discount(books.head, customer)
        if before != after:
            offer = f"{after.percent * 100:.2f}% within {after.days} days" if after else "none"
            message = f"customer {key}: terms {arrow(old.terms, customer.terms)}, discount {offer}"
            yield Flag("terms", key, message, customer.source, ("terms",))


def _discount(book: Book, customer: Customer) -> Discount | None:
    terms = book.ledger.terms.get(customer.terms or book.ledger.default_terms)
    return terms.discount if terms else None


def templates(changes: ChangeSet) -> Iterator[Flag]:
    """A template changed: what every customer reads, and what an invoice PDF is made of."""
    for name in changes.templates:
        yield Flag("templates", name, f"template changed: {name} (what customers receive)")


def discounts_beyond_terms(changes: ChangeSet, books: Books) -> Iterator[Flag]:
    """A discount typed into a payment settles an invoice as surely as money: one the
    terms do not offer is a write-off in disguise (`arl check` reports it too)."""
    from ar.money_checks import discount_problems
    from ar.settlement import settlement

    accounts = settlement(books.head)
    for record in changes.head.touched:
        if isinstance(record, Payment):
            for problem in discount_problems(books.head, record, accounts.account):
                yield Flag("discount", f"payment {record.id}", problem.message, problem.source,
                           problem.field)  # fmt: skip


def flags(changes: ChangeSet, found: list[Change], books: Books) -> list[Flag]:
    """Every flag, grouped by kind in the order a reviewer should read them."""
    return [
        *unreadable(changes),
        *edited_in_place(found),
        *in_closed_period(found, changes.locked_until()),
        *reopened(changes),
        *deleted(found),
        *reallocated(found),
        *discounts_beyond_terms(changes, books),
        *duplicates(changes, books),
        *numbering_gaps(books),
        *sensitive_settings(changes),
        *customer_terms(books),
        *templates(changes),
    ]
