"""What a letter template can name: company, customer, letter, items, totals, payment.

Values stay typed (Decimal amounts, dates) so the templates format them for the customer's
locale with the `money` and `date` filters. The context is the documented interface of
custom templates (see templates/README.md).
"""

from __future__ import annotations

from typing import Any

from ar.bank import format_iban
from ar.book import Book
from ar.model import Customer
from ar.reminders import Item, Letter


def locale_of(customer: Customer | None, book: Book) -> str:
    """The customer's locale, else the book's (`Book.locale_of`, the rule of every document)."""
    return book.locale_of(customer)


def letter_context(book: Book, letter: Letter, final_level: int) -> dict[str, Any]:
    customer = book.customers[letter.customer]
    company = book.ledger.company
    return {
        "company": company.model_dump(),
        "customer": {
            "id": customer.id,
            "name": customer.name,
            "address": customer.address,
            "email": customer.email,
        },
        "letter": {
            "id": letter.key,
            "level": letter.level,
            "final": letter.level == final_level,
            "date": letter.as_of,
            "currency": letter.currency,
        },
        "items": [_item(item) for item in letter.items],
        "totals": {
            "open": letter.open,
            "fees": sum(i.fee + i.compensation for i in letter.items),
            "interest": sum(i.interest_total for i in letter.items),
            "charges": letter.charges,
            "to_pay": letter.to_pay,
            "unapplied": letter.unapplied,
        },
        "payment": payment_details(book, letter),
    }


def _item(item: Item) -> dict[str, Any]:
    invoice = item.account.invoice
    return {
        "number": invoice.number,
        "date": invoice.date,
        "due": item.account.due,
        "po": invoice.po,
        "days_overdue": item.days_past_due,
        "level": item.level,
        "total": item.account.total,
        "open": item.open,
        "fee": item.fee,
        "compensation": item.compensation,
        "interest": item.interest_total,
        "interest_rate": item.interest[-1].rate if item.interest else None,
        "to_pay": item.to_pay,
    }


def payment_details(book: Book, letter: Letter) -> dict[str, Any] | None:
    """Bank details from ledger.yaml; the reference is the invoice number (or numbers)."""
    details = book.ledger.payment
    if details is None:
        return None
    return {
        "bank": details.bank,
        "account_name": details.account_name or book.ledger.company.name,
        "iban": format_iban(details.iban),
        "bic": details.bic,
        "reference": ", ".join(item.account.invoice.number for item in letter.items),
    }
