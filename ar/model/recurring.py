"""A recurring invoice: what to bill a customer, from when, how often, and until when."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from ar.model.base import Currency, Ident, Record
from ar.model.records import Line


class Recurring(Record):
    """One schedule in recurring/<ID>.yaml; each issue date becomes one invoice.

    Issue dates are `start` plus whole intervals, keeping start's day of the month (a start
    on the 31st issues on the last day of shorter months). `{period}` in a line's
    description names the period billed ("November 2026", "Q4 2026", "2026").
    """

    id: Ident
    customer: Ident
    lines: list[Line] = Field(min_length=1)
    start: dt.date
    interval: Literal["weekly", "monthly", "quarterly", "yearly"]
    end: dt.date | None = None
    terms: str | None = None
    currency: Currency | None = None
    po: str | None = None
    notes: str | None = None
    send: bool = False

    @model_validator(mode="after")
    def _end_after_start(self) -> Recurring:
        if self.end is not None and self.end < self.start:
            raise ValueError("end is before start")
        return self
