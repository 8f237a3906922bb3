"""A receipt the bank returned: it paid nothing from the day it bounced.

The receipt keeps its allocations (what it was meant to pay is history) and gains
`bounced: {date, reason}`; settlement gives back, on that day, all it settled, so the
invoices reopen as of the bounce and not a day before, and its unapplied credit is gone.
The bank's fee is charged on the first invoice the receipt paid, as a `fee` event, so that
it is owed, reminded and shown like any other charge.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ar.book import Book
from ar.errors import ArlError
from ar.model import Bounce, Payment
from ar.model.events import Fee
from ar.plan import Change, Plan, lookup, money, require_amount


@dataclass(frozen=True)
class BounceRequest:
    """What `arl bounce` was asked to record."""

    payment: str
    day: dt.date
    reason: str
    fee: Decimal | None = None


def bounce(book: Book, request: BounceRequest) -> Plan:
    """The plan that marks the receipt returned and charges the bank's fee."""
    payment = lookup(book.payments, request.payment, "payment")
    _refuse(payment, request.day)
    currency = book.currency_of(payment)
    returned = Bounce(date=request.day, reason=" ".join(request.reason.split()))
    new = payment.model_copy(update={"bounced": returned})
    reopened = ", ".join(dict.fromkeys(a.invoice for a in payment.apply)) or "no invoice"
    summary = f"payment {payment.id} returned on {request.day}; reopens {reopened}"
    changes = [Change(payment, new, summary)]
    if request.fee is not None:
        changes.append(_fee(book, payment, request, require_amount(request.fee, currency, "fee")))
    result = {
        "payment": payment.id,
        "date": request.day,
        "reopened": [a.invoice for a in payment.apply],
        "fee": request.fee,
        "currency": currency,
    }
    notes = (
        f"{money(payment.amount, currency)} of {payment.id} no longer paid from {request.day}",
    )
    return Plan(tuple(changes), notes, result)


def _refuse(payment: Payment, day: dt.date) -> None:
    if payment.bounced is not None:
        raise ArlError(f"{payment.id} was returned already on {payment.bounced.date}")
    if day < payment.date:
        raise ArlError(f"{day} is before the payment's date {payment.date}")
    later = [a.invoice for a in payment.apply if a.date is not None and a.date > day]
    if later or payment.refunds:
        what = f"applied to {', '.join(later)} after {day}" if later else "partly refunded"
        raise ArlError(
            f"{payment.id} was {what}", f"unapply or undo that first: arl unapply {payment.id}"
        )


def _fee(book: Book, payment: Payment, request: BounceRequest, amount: Decimal) -> Change:
    if not payment.apply:
        raise ArlError(
            f"{payment.id} paid no invoice to charge the fee on",
            "record the bounce without --fee, then charge the fee on an invoice",
        )
    invoice = book.invoices[payment.apply[0].invoice]
    reason = f"returned payment {payment.id}: bank fee"
    fee = Fee(date=request.day, type="fee", amount=amount, reason=reason)
    new = invoice.model_copy(update={"events": [*invoice.events, fee]})
    summary = f"bank fee {money(amount, book.currency_of(payment))} on {invoice.number}"
    return Change(invoice, new, summary)
