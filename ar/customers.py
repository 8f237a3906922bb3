"""Adding and changing customers: terms that exist, a limit in the customer's currency."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ar.book import Book
from ar.errors import ArlError
from ar.model import Customer
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
    changed = [name for name in Customer.model_fields if getattr(old, name) != getattr(new, name)]
    summary = f"customer {key}: " + (", ".join(changed) + " changed" if changed else "unchanged")
    return Plan((Change(old, new, summary),))


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
