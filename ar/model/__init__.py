"""The records of a ledger, as frozen values that remember the file and line they came from."""

from __future__ import annotations

from ar.model.base import Record
from ar.model.events import Event
from ar.model.records import (
    Allocation,
    Bounce,
    CreditNote,
    Customer,
    Installment,
    Invoice,
    Line,
    Payment,
    Refund,
)
from ar.model.recurring import Recurring
from ar.model.settings import Aging, Company, DunningLevel, Ledger, PaymentDetails, Terms

__all__ = [
    "Aging",
    "Allocation",
    "Bounce",
    "Company",
    "CreditNote",
    "Customer",
    "DunningLevel",
    "Event",
    "Installment",
    "Invoice",
    "Ledger",
    "Line",
    "Payment",
    "PaymentDetails",
    "Record",
    "Recurring",
    "Refund",
    "Terms",
]
