"""The lines of a credit note, with the tax they reverse: one rule for documents and exports.

A credit note written with `lines` carries its own rates. One written as a gross `amount`
against an invoice reverses that invoice's tax: the amount is shared among the invoice's
rates in proportion to what each rate grossed, and each share split into net and tax at
its rate (the last share takes the cent that rounding leaves over). On account it is a
single untaxed line. The printed credit note, its e-invoice and the journal exports all
read the split from here.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ar.model import CreditNote, Invoice, Line
from ar.money import ZERO, round_money
from ar.settlement import line_amounts


def credit_lines(note: CreditNote, invoice: Invoice | None, currency: str) -> list[Line]:
    """The note's own lines, or its gross amount as one line per rate of its invoice."""
    if note.lines:
        return list(note.lines)
    gross = note.amount or ZERO
    if invoice is None:
        return [Line(description=note.reason or "Credit on account", unit_price=gross)]
    what = note.reason or f"Credit on invoice {invoice.number}"
    return [
        Line(
            description=what,
            unit_price=round_money(share / (1 + rate), currency),
            tax_rate=rate or None,
        )
        for rate, share in _shares(invoice, gross, currency)
    ]


def _shares(invoice: Invoice, gross: Decimal, currency: str) -> list[tuple[Decimal, Decimal]]:
    """`gross` shared among the invoice's rates by what each grossed, highest rate first."""
    by_rate: dict[Decimal, Decimal] = defaultdict(lambda: ZERO)
    for line in invoice.lines:
        net, tax = line_amounts(line, currency)
        by_rate[line.tax_rate or ZERO] += net + tax
    total = sum(by_rate.values(), ZERO)
    rates = sorted(by_rate, reverse=True)
    if len(rates) == 1:
        return [(rates[0], gross)]
    if not total:
        return [(ZERO, gross)]
    shares = [(rate, round_money(gross * by_rate[rate] / total, currency)) for rate in rates]
    left = gross - sum((share for _, share in shares[:-1]), ZERO)
    return [*shares[:-1], (rates[-1], left)]


def credit_tax(note: CreditNote, invoice: Invoice | None, currency: str) -> Decimal:
    """The tax the credit note reverses: its lines' tax, each rounded as on an invoice."""
    lines = credit_lines(note, invoice, currency)
    return sum((line_amounts(line, currency)[1] for line in lines), ZERO)
