"""The bad-debt allowance: what part of the receivables the book does not expect to collect.

The provision is the open amount of each aging bucket times the share ledger.yaml's
`allowance` sets for it (a customer may have shares of its own), rounded half-up to the
currency's minor unit per customer and bucket. It is compared with the provision at the
end of the last period, so the bookkeeper sees the change to post. It ages as `arl aging`
does (the same buckets and basis, the same open amounts), so the two always agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from ar.book import Book
from ar.errors import ArlError
from ar.model.settings import Allowance, bucket_labels
from ar.money import ZERO, round_money
from ar.reports.aging import Options, aging, with_defaults
from ar.reports.base import Column, Report, Row, currency_totals


def previous_period_end(as_of: dt.date) -> dt.date:
    """The last day of the month before `as_of`'s: the default period to compare with."""
    return as_of.replace(day=1) - dt.timedelta(days=1)


def shares(allowance: Allowance, customer: str) -> dict[str, Decimal]:
    """The share reserved per bucket label for one customer."""
    return {**allowance.buckets, **allowance.customers.get(customer, {})}


def provision(book: Book, options: Options) -> dict[tuple[str, str], dict[str, Decimal]]:
    """(customer, currency) -> the provision per bucket label, as of `options.as_of`."""
    allowance = book.ledger.allowance or Allowance()
    aged = aging(book, options)
    result = {}
    for row in aged.report.rows:
        share = shares(allowance, row["customer"])
        result[row["customer"], row["currency"]] = {
            label: round_money(row[label] * share.get(label, ZERO), row["currency"])
            for label in aged.labels
        }
    return result


def allowance_report(book: Book, options: Options, since: dt.date) -> Report:
    """Provision per customer and bucket as of `options.as_of`, against the one on `since`."""
    allowance = book.ledger.allowance
    if allowance is None:
        raise ArlError(
            "ledger.yaml sets no allowance",
            "add allowance: {buckets: {current: 0.01, 1-30: 0.05, ...}} (docs/allowance.md)",
        )
    for customer in allowance.customers:
        if customer not in book.customers:
            raise ArlError(f"allowance names customer '{customer}', who is not in customers/")
    base = with_defaults(book, replace(options, by="customer", currency=None))
    assert base.buckets is not None
    now = provision(book, base)
    before = provision(book, replace(base, as_of=since))
    labels = bucket_labels(base.buckets)
    rows = []
    for customer, currency in sorted({*now, *before}):
        buckets = now.get((customer, currency), dict.fromkeys(labels, ZERO))
        total = sum(buckets.values(), ZERO)
        earlier = sum(before.get((customer, currency), {}).values(), ZERO)
        if total or earlier:
            rows.append(_row(book, customer, currency, buckets, total, earlier))
    columns = [
        Column("customer", "Customer"),
        Column("currency", "Cur"),
        *(Column(label, label, True) for label in labels),
        Column("provision", "Provision", True),
        Column("previous", f"On {since}", True),
        Column("change", "Change", True),
    ]
    meta = {"as_of": options.as_of, "since": since, "basis": options.basis}
    totals = currency_totals(rows, [*labels, "provision", "previous", "change"])
    return Report("Bad-debt allowance", columns, rows, meta, totals)


def _row(
    book: Book,
    customer: str,
    currency: str,
    buckets: dict[str, Decimal],
    total: Decimal,
    earlier: Decimal,
) -> Row:
    known = book.customers.get(customer)
    return {
        "customer": customer,
        "name": known.name if known else customer,
        "currency": currency,
        **buckets,
        "provision": total,
        "previous": earlier,
        "change": total - earlier,
    }
