"""The dated history kept inside an invoice: collection steps and charges."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from ar.model.base import NonNegativeMoney, PositiveMoney, Rate, Strict, empty_list


class _Event(Strict):
    date: dt.date


class Reminder(_Event):
    type: Literal["reminder"]
    level: int = Field(ge=0)
    channel: str = "email"
    letter: str | None = None


class Dispute(_Event):
    type: Literal["dispute"]
    reason: str


class DisputeResolved(_Event):
    type: Literal["dispute_resolved"]
    note: str | None = None


class Promise(_Event):
    type: Literal["promise"]
    amount: PositiveMoney
    by: dt.date


class WriteOff(_Event):
    type: Literal["write_off"]
    amount: PositiveMoney
    reason: str


class Fee(_Event):
    type: Literal["fee"]
    amount: PositiveMoney
    reason: str


class Interest(_Event):
    type: Literal["interest"]
    amount: NonNegativeMoney
    rate: Rate
    start: dt.date = Field(alias="from")
    end: dt.date = Field(alias="to")


class Void(_Event):
    type: Literal["void"]
    reason: str


class Note(_Event):
    """What the customer said or the collector did; `follow_up` is the day to come back to it.

    `pause` holds the invoice's reminders until the follow-up day (a call-back agreed).
    """

    type: Literal["note"]
    text: str = Field(min_length=1)
    call: bool = False
    follow_up: dt.date | None = None
    owner: str | None = None
    pause: bool = False


class Escalated(_Event):
    """Handed to a collection agency or a lawyer: reminders stop for good."""

    type: Literal["escalated"]
    to: str = Field(min_length=1)
    reference: str | None = None


class PlanAgreed(_Event):
    """A payment plan agreed on this date: the invoice's installments govern when its open
    amount falls due from this day on, never before it."""

    type: Literal["plan"]
    note: str | None = None


class Sent(_Event):
    """The document went to the customer; `message` names the e-mail kept in the outbox."""

    type: Literal["sent"]
    channel: str = "email"
    to: list[str] = empty_list()
    message: str | None = None


Event = Annotated[
    Reminder
    | Dispute
    | DisputeResolved
    | Promise
    | WriteOff
    | Fee
    | Interest
    | Void
    | PlanAgreed
    | Sent
    | Note
    | Escalated,
    Field(discriminator="type"),
]
