"""The fee a dunning level charges: a fixed amount per letter in the letter's currency, a
percent of each invoice's balance, or both.

A fee is money in one currency: `fee: 10` is ten units of the book's currency and is not
charged on letters in other currencies (£10 and $10 are different sums); `fee: {EUR: 10,
GBP: 8}` names each. `fee_percent` (a fraction: 0.02 is 2 %) charges that share of each
invoice's open amount, once, with the level that carries it (Invoice Ninja's late fee:
2 % of 250.00 is 5.00).
"""

from __future__ import annotations

from decimal import Decimal

from ar.model.settings import DunningLevel
from ar.money import ZERO, round_money


def fixed_fee(level: DunningLevel, currency: str, book_currency: str) -> Decimal:
    """The level's fixed fee for a letter in `currency`; nothing where none is set for it."""
    if level.fee is None:
        return ZERO
    if isinstance(level.fee, dict):
        return level.fee.get(currency, ZERO)
    return level.fee if currency == book_currency else ZERO


def percent_fee(level: DunningLevel, open_amount: Decimal, currency: str) -> Decimal:
    """The level's percent of an invoice's open amount, rounded half-up to the currency."""
    if level.fee_percent is None or open_amount <= 0:
        return ZERO
    return round_money(open_amount * level.fee_percent, currency)


def item_fee(
    level: DunningLevel, currency: str, book_currency: str, open_amount: Decimal, first: bool
) -> Decimal:
    """What one invoice of a letter is charged: the fixed fee on the letter's first invoice,
    the percent fee on every invoice."""
    fixed = fixed_fee(level, currency, book_currency) if first else ZERO
    return fixed + percent_fee(level, open_amount, currency)
