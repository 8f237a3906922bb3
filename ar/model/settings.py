"""ledger.yaml: the book's company, currency, terms, aging and collection policy."""

from __future__ import annotations

import datetime as dt
import string
from typing import Literal

from pydantic import Field, field_validator, model_validator

from ar.model.base import (
    Country,
    Currency,
    EmailAddress,
    Iban,
    NonNegativeMoney,
    OneLine,
    Rate,
    Record,
    Strict,
)
from ar.model.trade import Export, ImportProfile


class Company(Strict):
    name: OneLine
    address: str | None = None
    email: EmailAddress | None = None
    tax_id: str | None = None
    country: Country | None = None


class Discount(Strict):
    percent: Rate = Field(le=100)
    days: int = Field(ge=0)


class Terms(Strict):
    """Net days from the invoice date; `end_of_month` counts them from the month's end."""

    days: int = Field(ge=0)
    end_of_month: bool = False
    discount: Discount | None = None


class Aging(Strict):
    basis: Literal["due_date", "invoice_date"] = "due_date"
    buckets: list[int] = [30, 60, 90, 120]

    @field_validator("buckets")
    @classmethod
    def _increasing(cls, value: list[int]) -> list[int]:
        if not value or any(b <= 0 for b in value) or value != sorted(set(value)):
            raise ValueError("buckets must be positive day counts in increasing order")
        return value


class ReferenceInterest(Strict):
    """A reference rate plus a margin; `half_year` fixes the rate as the UK Late Payment Act
    does (the rate in force on 31 December for January-June, on 30 June for July-December)."""

    reference: str
    margin: Rate
    fixing: Literal["daily", "half_year"] = "daily"


class DunningLevel(Strict):
    level: int = Field(ge=1)
    after_days: int = Field(ge=0)
    template: str
    fee: NonNegativeMoney | None = None
    interest: Rate | ReferenceInterest | None = None
    compensation: bool = False


class PreDue(Strict):
    days_before: int = Field(ge=0)
    template: str


class CompensationBand(Strict):
    """Fixed compensation for an invoice whose total is below `below` (None: any amount)."""

    below: NonNegativeMoney | None = None
    amount: NonNegativeMoney


class Dunning(Strict):
    min_interval_days: int = Field(default=7, ge=0)
    min_amount: dict[Currency, NonNegativeMoney] = {}  # nothing smaller open is chased
    pre_due: PreDue | None = None
    levels: list[DunningLevel] = []
    compensation: dict[Currency, list[CompensationBand]] = {}

    @field_validator("levels")
    @classmethod
    def _ordered(cls, value: list[DunningLevel]) -> list[DunningLevel]:
        numbers = [lv.level for lv in value]
        days = [lv.after_days for lv in value]
        if numbers != list(range(1, len(value) + 1)) or days != sorted(set(days)):
            raise ValueError("levels must be numbered 1, 2, 3... with increasing after_days")
        return value


class RateEntry(Strict):
    start: dt.date = Field(alias="from")
    rate: Rate


class Smtp(Strict):
    host: str
    port: int = Field(default=587, ge=1, le=65535)
    security: Literal["none", "starttls", "ssl"] = "starttls"
    username: str | None = None


class Mail(Strict):
    sender: EmailAddress = Field(alias="from")
    reply_to: EmailAddress | None = None
    bcc: EmailAddress | None = None
    smtp: Smtp | None = None


class PaymentDetails(Strict):
    """Where customers pay by bank transfer: on every letter, invoice and payment QR code."""

    bank: str | None = None
    iban: Iban
    bic: str | None = Field(default=None, pattern=r"^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$")
    account_name: str | None = None


class Ledger(Record):
    company: Company
    currency: Currency
    locale: str = "en"
    payment: PaymentDetails | None = None
    invoice_number: str = "INV-{year}-{seq:04d}"
    credit_note_number: str = "CN-{year}-{seq:04d}"
    payment_id: str = "PAY-{year}-{seq:04d}"
    terms: dict[str, Terms] = {"net30": Terms(days=30)}
    default_terms: str = "net30"
    aging: Aging = Aging()
    dunning: Dunning | None = None
    reference_rates: dict[str, list[RateEntry]] = {}
    mail: Mail | None = None
    imports: dict[str, ImportProfile] = {}
    export: Export = Export()
    # The last day of the last closed period: records dated up to it are history, and
    # `arl check` and `arl diff` flag any change to them.
    locked_until: dt.date | None = None
    payment_link: str | None = None

    @field_validator("invoice_number", "credit_note_number", "payment_id")
    @classmethod
    def _numbering_pattern(cls, value: str) -> str:
        """A pattern holds `{seq}` (with an optional format such as `:04d`) and maybe `{year}`."""
        try:
            fields = [f for _, f, _, _ in string.Formatter().parse(value) if f is not None]
            value.format(year=2000, seq=1)
        except (ValueError, KeyError, IndexError):
            fields = ["?"]
        if "seq" not in fields or not set(fields) <= {"year", "seq"}:
            raise ValueError(
                "write a pattern with {seq} and optionally {year}, like INV-{year}-{seq:04d}"
            )
        return value

    @model_validator(mode="after")
    def _default_terms_named(self) -> Ledger:
        if self.default_terms not in self.terms:
            raise ValueError(f"default_terms '{self.default_terms}' is not one of the terms")
        return self
