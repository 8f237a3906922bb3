"""Adding and changing customers: terms that exist, a limit in the customer's currency."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ar.book import Book
from ar.errors import ArlError
from ar.model import CreditNote, Customer, Invoice, Payment
from ar.money import format_amount
from ar.plan import Change, Plan, lookup, validated

# Fields `customer edit --unset` may clear (id and name are required).
OPTIONAL_FIELDS = ("email", "address", "terms", "currency", "credit_limit", "hold", "tags", "notes")


def add_customer(book: Book, fields: dict[str, Any]) -> Plan:
    """A new customer file; refused when the id is taken."""
    key = str(fields.get("id"))
    if key in book.customers:
        raise ArlError(
            f"customer {key} exists already ({book.customers[key].source})",
            f"change it with 'arl customer edit {key}'",
        )
    customer = _checked(book, validated(Customer, _padded(book, fields), f"customer {key}"))
    return Plan((Change(None, customer, f"customer {key}, {customer.name}"),))


def edit_customer(
    book: Book,
    key: str,
    fields: dict[str, Any],
    unset: list[str],
    tags: tuple[list[str], list[str]] = ([], []),
) -> Plan:
    """The customer with `fields` set, `unset` removed and `tags` (added, removed) applied."""
    old = lookup(book.customers, key, "customer")
    for name in unset:
        if name not in OPTIONAL_FIELDS:
            raise ArlError(f"cannot unset '{name}'", "choose from: " + ", ".join(OPTIONAL_FIELDS))
    if not fields and not unset and not any(tags):
        raise ArlError("nothing to change", "give an option such as --terms or --hold")
    data = old.model_dump(by_alias=True, exclude_defaults=True)
    data = {k: v for k, v in {**data, **fields}.items() if k not in unset}
    if any(tags):
        kept = [t for t in data.get("tags", []) if t not in tags[1]]
        data["tags"] = kept + [t for t in tags[0] if t not in kept]
    new = _checked(book, validated(Customer, _padded(book, data), f"customer {key}"))
    _currency_kept(book, old, new)
    changed = [name for name in Customer.model_fields if getattr(old, name) != getattr(new, name)]
    summary = f"customer {key}: " + (", ".join(changed) + " changed" if changed else "unchanged")
    return Plan((Change(old, new, summary),), _terms_note(book, old, new))


def _currency_kept(book: Book, old: Customer, new: Customer) -> None:
    """A new currency must not silently change records that take theirs from the customer."""
    if (old.currency or book.ledger.currency) == (new.currency or book.ledger.currency):
        return
    records: list[Invoice | Payment | CreditNote] = [
        *book.invoices.values(),
        *book.payments.values(),
        *book.credit_notes.values(),
    ]
    inheriting = [r for r in records if r.customer == old.id and r.currency is None]
    if inheriting:
        raise ArlError(
            f"{len(inheriting)} records of {old.id} take their currency from the customer, "
            f"e.g. {inheriting[0].source}",
            "write 'currency:' into them first, so their amounts keep their meaning",
        )


def _terms_note(book: Book, old: Customer, new: Customer) -> tuple[str, ...]:
    """Invoices without their own terms or due date follow the customer's: say so."""
    if old.terms == new.terms:
        return ()
    moved = [
        i for i in book.invoices.values() if i.customer == old.id and not i.terms and not i.due
    ]
    if not moved:
        return ()
    return (f"{len(moved)} invoices without their own terms or due date now follow the new terms",)


def _padded(book: Book, fields: dict[str, Any]) -> dict[str, Any]:
    """The credit limit written with the currency's minor units (5000 -> 5000.00)."""
    limit = fields.get("credit_limit")
    if not isinstance(limit, Decimal) or not limit.is_finite():
        return fields
    currency = str(fields.get("currency") or book.ledger.currency)
    return {**fields, "credit_limit": Decimal(format_amount(limit, currency))}


def _checked(book: Book, customer: Customer) -> Customer:
    if customer.terms and customer.terms not in book.ledger.terms:
        raise ArlError(
            f"unknown terms '{customer.terms}'",
            "ledger.yaml defines: " + ", ".join(book.ledger.terms),
        )
    return customer
