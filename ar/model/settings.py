"""ledger.yaml: the book's company, currency, terms, aging and collection policy."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Discriminator, Field, Tag, field_validator, model_validator

from ar.model.base import (
    Country,
    Currency,
    EmailAddress,
    Iban,
    NonNegativeMoney,
    OneLine,
    Rate,
    Record,
    SignedRate,
    Strict,
)
from ar.model.patterns import check_link, check_number_pattern
from ar.model.trade import Export, ImportProfile


class Company(Strict):
    name: OneLine
    address: str | None = None
    email: EmailAddress | None = None
    tax_id: str | None = None
    country: Country | None = None


class Discount(Strict):
    """Early-payment discount: `percent` is a fraction like every rate (0.02 for 2 %)."""

    percent: Rate
    days: int = Field(ge=0)


class Terms(Strict):
    """When an invoice falls due: `months` calendar months after the invoice date (after the
    end of its month with `end_of_month`), then `days` more, then on the next `day_of_month`
    if one is set. "end of next month" is `{months: 1, end_of_month: true, days: 0}`; "30 days
    end of month, on the 10th" is `{days: 30, end_of_month: true, day_of_month: 10}`."""

    days: int = Field(default=0, ge=0, le=3650)
    months: int = Field(default=0, ge=0, le=120)
    end_of_month: bool = False
    day_of_month: int | None = Field(default=None, ge=1, le=31)
    discount: Discount | None = None

    @property
    def in_days_only(self) -> bool:
        """Terms a document can state as "N days" (after the month's end, perhaps)."""
        return self.months == 0 and self.day_of_month is None


def bucket_labels(buckets: tuple[int, ...]) -> list[str]:
    """Bucket names: current, 1-30, 31-60, ... and a last open-ended one such as 120+."""
    names, low = ["current"], 1
    for high in buckets:
        names.append(f"{low}-{high}")
        low = high + 1
    return [*names, f"{buckets[-1]}+"]


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
    """A reference rate plus a margin. `daily` follows the reference day by day; `half_year`
    re-rates each half year with the rate in force on its first day (1 January, 1 July), as
    § 288 and § 247 BGB do in Germany; `at_start` fixes one rate, the one in force
    on the 30 June or 31 December before interest starts to run, for the whole delay, as the
    UK Late Payment Act and the Irish regulations do."""

    reference: str
    margin: Rate
    fixing: Literal["daily", "half_year", "at_start"] = "daily"


def _interest_kind(value: object) -> str:
    return "reference" if isinstance(value, dict | ReferenceInterest) else "fixed"


# A fixed rate or a reference plus margin, told apart by shape so that an error names the
# one meant rather than both.
Interest = Annotated[
    Annotated[Rate, Tag("fixed")] | Annotated[ReferenceInterest, Tag("reference")],
    Discriminator(_interest_kind),
]


class DunningLevel(Strict):
    level: int = Field(ge=1)
    after_days: int = Field(ge=0)
    template: str
    fee: NonNegativeMoney | dict[Currency, NonNegativeMoney] | None = None
    fee_percent: Rate | None = None
    interest: Interest | None = None
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
    """A reference rate in force from a day on; central bank rates may be below zero."""

    start: dt.date = Field(alias="from")
    rate: SignedRate


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


class Allowance(Strict):
    """The bad-debt provision: the share of each aging bucket's open amount not expected to
    come in (`buckets`, by bucket label such as `current`, `1-30`, `120+`), with other shares
    for some customers (`customers: {ID: {120+: 0.5}}`, overriding the buckets they name)."""

    buckets: dict[str, Rate] = {}
    customers: dict[str, dict[str, Rate]] = {}


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
    allowance: Allowance | None = None
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
        return check_number_pattern(value)

    @field_validator("payment_link")
    @classmethod
    def _payment_link(cls, value: str | None) -> str | None:
        """Only the documented fields, plain: a link is text, never a lookup into Python."""
        return None if value is None else check_link(value)

    @model_validator(mode="after")
    def _allowance_buckets_named(self) -> Ledger:
        if self.allowance is None:
            return self
        names = bucket_labels(tuple(self.aging.buckets))
        shares = [self.allowance.buckets, *self.allowance.customers.values()]
        unknown = sorted({label for share in shares for label in share} - set(names))
        if unknown:
            raise ValueError(
                f"allowance names bucket {unknown[0]!r}, which aging does not have: "
                f"use {', '.join(names)}"
            )
        return self

    @model_validator(mode="after")
    def _default_terms_named(self) -> Ledger:
        if self.default_terms not in self.terms:
            raise ValueError(f"default_terms '{self.default_terms}' is not one of the terms")
        return self
