"""ledger.yaml settings for trading with other tools: saved CSV mappings, export accounts."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ar.model.base import Strict

ImportKind = Literal["invoices", "payments", "customers", "bank"]


class ImportProfile(Strict):
    """A saved way to read one kind of CSV file: which column holds which field, and how.

    Stored under `imports:` by name; `arl import invoices` uses the profile named
    `invoices` unless told otherwise, and `arl reconcile` reads CSV statements with `bank`.
    """

    kind: ImportKind | None = None
    map: dict[str, str] = {}
    date_format: str | None = None
    decimal: Literal[".", ","] | None = None
    thousands: Literal["", ".", ",", " ", "'"] | None = None
    delimiter: str | None = Field(default=None, min_length=1, max_length=1)
    encoding: str | None = None


class ExportAccounts(Strict):
    """Account names written by `arl export hledger|beancount` (hledger spelling).

    Receivable and customer credit get one sub-account per customer, so each customer's
    balance can be asserted at the export date.
    """

    receivable: str = "assets:receivable"
    bank: str = "assets:bank"
    sales: str = "revenue:sales"
    tax: str = "liabilities:tax"
    customer_credit: str = "liabilities:customer-credit"
    discounts: str = "expenses:discounts"
    returns: str = "revenue:returns"
    write_offs: str = "expenses:bad-debts"
    fees: str = "revenue:fees"
    interest: str = "revenue:interest"


class Export(Strict):
    accounts: ExportAccounts = ExportAccounts()
