"""Which of a customer's open invoices add up to a payment: a bounded subset sum.

A customer who pays three invoices with one transfer rarely says which. The search looks
at the oldest invoices only and stops after a fixed amount of work, so a customer with
hundreds of open invoices costs no more than one with twenty; the smallest combinations
are found first, and finding more than one tells the caller the answer is not certain.
"""

from __future__ import annotations

from decimal import Decimal

from ar.allocation import OpenItem

MAX_ITEMS = 20
MAX_SIZE = 6
BUDGET = 200_000


def combinations(items: list[OpenItem], amount: Decimal, limit: int = 2) -> list[list[OpenItem]]:
    """Up to `limit` sets of two or more invoices whose open amounts sum to `amount`.

    All sets returned have the smallest size that works; within it, oldest first.
    """
    pool = items[:MAX_ITEMS]
    cents = [_units(i.open) for i in pool]
    target = _units(amount)
    budget = [BUDGET]
    for size in range(2, min(MAX_SIZE, len(pool)) + 1):
        found: list[list[int]] = []
        _search(cents, target, size, 0, [], found, limit, budget)
        if found:
            return [[pool[i] for i in chosen] for chosen in found]
        if budget[0] <= 0:
            break
    return []


def _search(
    cents: list[int], left: int, size: int, start: int, chosen: list[int],
    found: list[list[int]], limit: int, budget: list[int],
) -> None:  # fmt: skip
    budget[0] -= 1
    if budget[0] <= 0 or len(found) >= limit:
        return
    if size == 0:
        if left == 0:
            found.append(list(chosen))
        return
    for index in range(start, len(cents) - size + 1):
        if cents[index] <= left:
            chosen.append(index)
            _search(cents, left - cents[index], size - 1, index + 1, chosen, found, limit, budget)
            chosen.pop()


def _units(amount: Decimal) -> int:
    """Amounts as integers of the smallest unit in play (no float, no rounding)."""
    return int(amount.scaleb(4))
