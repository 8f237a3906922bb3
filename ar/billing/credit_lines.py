"""The lines of a credit note, with the tax they reverse: one rule for documents and exports.

A credit note written with `lines` carries its own rates. One written as a gross `amount`
against an invoice is split into net and tax at that invoice's rate, so the credit note's
tax reverses the tax of what it credits; on account, or against an invoice of several
rates, it is a single untaxed line. The printed credit note, its e-invoice and the
journal exports all read the split from here.
"""

from __future__ import annotations

from decimal import Decimal

from ar.model import CreditNote, Invoice, Line
from ar.money import ZERO, round_money
from ar.settlement import line_amounts


def credit_lines(note: CreditNote, invoice: Invoice | None, currency: str) -> list[Line]:
    """The note's own lines, or its gross amount as one line at its invoice's one rate."""
    if note.lines:
        return list(note.lines)
    rates = {line.tax_rate or ZERO for line in invoice.lines} if invoice else {ZERO}
    rate = rates.pop() if len(rates) == 1 else ZERO
    gross = note.amount or ZERO
    net = round_money(gross / (1 + rate), currency)
    what = f"Credit on invoice {invoice.number}" if invoice else "Credit on account"
    return [Line(description=note.reason or what, unit_price=net, tax_rate=rate or None)]


def credit_tax(note: CreditNote, invoice: Invoice | None, currency: str) -> Decimal:
    """The tax the credit note reverses: its lines' tax, each rounded as on an invoice."""
    lines = credit_lines(note, invoice, currency)
    return sum((line_amounts(line, currency)[1] for line in lines), ZERO)
