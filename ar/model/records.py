"""Customers, invoices, payments and credit notes: the field names are the file format."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from ar.model.base import (
    Country,
    Currency,
    EmailAddress,
    Ident,
    Locale,
    NonNegativeMoney,
    OneLine,
    PositiveMoney,
    Price,
    Quantity,
    Rate,
    Record,
    Strict,
    empty_list,
)
from ar.model.events import Event, Note, Sent
from ar.model.settings import Dunning
from ar.money import LARGEST_AMOUNT


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


class Customer(Record):
    id: Ident
    name: OneLine = Field(min_length=1)
    email: Annotated[list[EmailAddress], BeforeValidator(_as_list)] = empty_list()
    address: str | None = None
    terms: str | None = None
    currency: Currency | None = None
    credit_limit: NonNegativeMoney | None = None
    hold: bool = False
    tags: list[str] = empty_list()
    notes: str | None = None
    tax_id: str | None = None
    country: Country | None = None
    locale: Locale | None = None
    einvoice: Literal["none", "facturx", "ubl"] = "none"
    reminders: bool = True
    dunning: Dunning | None = None
    events: list[Note] = empty_list()


class Line(Strict):
    description: str
    quantity: Quantity = Decimal(1)
    unit_price: Price
    tax_rate: Rate | None = None

    @model_validator(mode="after")
    def _bounded(self) -> Line:
        if abs(self.quantity * self.unit_price) >= LARGEST_AMOUNT:
            raise ValueError(f"quantity x unit_price must stay below {LARGEST_AMOUNT:,}")
        return self


class Installment(Strict):
    due: dt.date
    amount: PositiveMoney


class Invoice(Record):
    number: Ident
    customer: Ident
    date: dt.date
    terms: str | None = None
    due: dt.date | None = None
    currency: Currency | None = None
    lines: list[Line] = Field(min_length=1)
    po: str | None = None
    notes: str | None = None
    forced: str | None = None  # why it was issued past a hold or credit limit (`--force`)
    installments: list[Installment] = empty_list()
    events: list[Event] = empty_list()
    recurring: Ident | None = None


class Allocation(Strict):
    """Part of a receipt applied to one invoice; `date` only when applied after the receipt."""

    invoice: Ident
    amount: NonNegativeMoney
    discount: NonNegativeMoney | None = None
    date: dt.date | None = None


class Refund(Strict):
    """Unapplied credit paid back to the customer out of this receipt."""

    date: dt.date
    amount: PositiveMoney
    method: str | None = None
    reference: str | None = None


class Bounce(Strict):
    """The bank returned the receipt on `date`: from then on it paid nothing."""

    date: dt.date
    reason: str = Field(min_length=1)


class Payment(Record):
    id: Ident
    customer: Ident
    date: dt.date
    amount: PositiveMoney
    currency: Currency | None = None
    method: str | None = None
    reference: str | None = None
    apply: list[Allocation] = empty_list()
    refunds: list[Refund] = empty_list()
    notes: str | None = None
    bounced: Bounce | None = None


class CreditNote(Record):
    number: Ident
    customer: Ident
    date: dt.date
    amount: PositiveMoney | None = None
    lines: list[Line] | None = None
    invoice: Ident | None = None
    currency: Currency | None = None
    reason: str | None = None
    apply: list[Allocation] = empty_list()  # only on account: credit applied to invoices
    refunds: list[Refund] = empty_list()
    events: list[Sent] = empty_list()

    @model_validator(mode="after")
    def _amount_or_lines(self) -> CreditNote:
        if (self.amount is None) == (self.lines is None):
            raise ValueError("give either 'amount' or 'lines', not both and not neither")
        return self
