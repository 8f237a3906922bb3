"""Matching bank lines to open invoices, each match with a confidence and its reason.

In order of trust: invoice numbers (or the customer's order number) named in the
remittance text; then the payer (recognised by customer id in the text or by name) and
an open invoice for exactly the amount; then a combination of that customer's open
invoices adding up to the amount. Lines that match none are left for a person. Each
accepted match consumes what it pays, so two lines never settle one invoice twice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ar.allocation import Applied, OpenItem, OpenItems, oldest_first, pay_in_full
from ar.book import Book
from ar.money import ZERO, format_amount
from ar.reconcile.combine import combinations
from ar.reconcile.lines import BankLine
from ar.reconcile.payer import Payer, PayerIndex, tokens_of

RECORD_FROM = 70  # default confidence (percent) from which a match is recorded


@dataclass(frozen=True)
class Match:
    """What to do with one bank line. `status`: match, review, unmatched, recorded, skipped."""

    line: BankLine
    status: str
    confidence: int = 0
    reason: str = ""
    customer: str | None = None
    applied: tuple[Applied, ...] = ()

    @property
    def unapplied(self) -> Decimal:
        return self.line.amount - sum((a.amount for a in self.applied), ZERO)


def reconcile(
    book: Book, lines: list[BankLine], as_of: dt.date, record_from: int = RECORD_FROM
) -> list[Match]:
    """A match for every line, in statement order (earlier lines take invoices first)."""
    matcher = Matcher(book, as_of, record_from)
    return [matcher.match(line) for line in lines]


class Matcher:
    def __init__(self, book: Book, as_of: dt.date, record_from: int = RECORD_FROM) -> None:
        self.book = book
        self.record_from = record_from
        self.items = OpenItems(book, as_of)
        self.payers = PayerIndex(book)
        self.recorded = {p.reference: p for p in book.payments.values() if p.reference}

    def match(self, line: BankLine) -> Match:
        found = self._match(line)
        if found.status == "match" and found.confidence < self.record_from:
            found = dataclasses.replace(found, status="review")
        if found.status == "match":
            self.items.settle(found.applied)
        return found

    def _match(self, line: BankLine) -> Match:
        if line.reference in self.recorded:
            done = self.recorded[line.reference]
            return Match(line, "recorded", 100, f"already recorded as {done.id}", done.customer)
        if line.amount <= 0:
            return Match(line, "skipped", 0, "money paid out, not a receipt")
        tokens = tokens_of(f"{line.text} {line.name}")
        named = self._named(line, tokens)
        if named is not None and named.status == "match":
            return named
        payer = self.payers.find(tokens_of(line.text), line.name)
        if payer is None and named is not None and named.customer:
            payer = Payer(named.customer, named.reason)
        if payer is None:
            return self._by_amount_only(line)
        return self._by_customer(line, payer)

    def _named(self, line: BankLine, tokens: list[str]) -> Match | None:
        """Invoices named in the text, by number or by the customer's order number."""
        numbers, via_po = self.payers.invoices_named(tokens)
        if not numbers:
            return None
        items = [item for n in numbers if (item := self.items.item(n)) is not None]
        items = [i for i in items if i.open > 0 and i.currency == line.currency]
        if not items:
            owner = self.book.invoices[numbers[0]].customer
            names = ", ".join(numbers)
            return Match(line, "unmatched", 0, f"names {names}, which owes nothing", owner)
        customer = items[0].customer
        mine = [i for i in items if i.customer == customer]
        penalty = (5 if via_po else 0) + (20 if len(mine) < len(items) else 0)
        what = "quotes the order number of " if via_po else "names "
        return self._pay_named(line, mine, what + ", ".join(i.number for i in mine), penalty)

    def _pay_named(self, line: BankLine, items: list[OpenItem], what: str, penalty: int) -> Match:
        full = [pay_in_full(i, line.date) for i in items]
        due = sum((a.amount for a in full), ZERO)
        customer, amount = items[0].customer, line.amount
        if amount == due:
            took = sum((a.discount for a in full), ZERO)
            less = f" less {self._money(took, line)} early-payment discount" if took else ""
            reason = f"{what}; pays exactly what is due{less}"
            return Match(line, "match", 98 - penalty, reason, customer, tuple(full))
        if amount > due:
            reason = f"{what}; {self._money(amount - due, line)} more than due stays unapplied"
            return Match(line, "match", 75 - penalty, reason, customer, tuple(full))
        owed = sum((i.open for i in items), ZERO)
        reason = f"{what}; pays part ({self._money(amount, line)} of {self._money(owed, line)})"
        applied = tuple(oldest_first(items, amount, line.date))
        return Match(line, "match", 80 - penalty, reason, customer, applied)

    def _by_customer(self, line: BankLine, payer: Payer) -> Match:
        items = self.items.of(payer.customer, line.currency, line.date)
        base = 90 if payer.by_reference else 85
        exact = [i for i in items if pay_in_full(i, line.date).amount == line.amount]
        if exact:
            paid = (pay_in_full(exact[0], line.date),)
            if len(exact) == 1:
                reason = f"{payer.how}; {exact[0].number} is open for exactly this amount"
                return Match(line, "match", base, reason, payer.customer, paid)
            reason = f"{payer.how}; {len(exact)} invoices are open for this amount, took the oldest"
            return Match(line, "match", 60, reason, payer.customer, paid)
        found = combinations(items, line.amount)
        if found:
            chosen = found[0]
            several = "" if len(found) == 1 else " (one of several combinations)"
            names = " + ".join(i.number for i in chosen)
            reason = f"{payer.how}; {names} add up to the amount{several}"
            confidence = base - 12 if len(found) == 1 else 50
            applied = tuple(Applied(i.number, i.open) for i in chosen)
            return Match(line, "match", confidence, reason, payer.customer, applied)
        reason = f"{payer.how}; no open invoice or combination comes to this amount"
        return Match(line, "unmatched", 0, reason, payer.customer)

    def _by_amount_only(self, line: BankLine) -> Match:
        open_items = self.items.open_in(line.currency, line.date)
        exact = [i for i in open_items if i.open == line.amount]
        if len(exact) == 1:
            item = exact[0]
            reason = (
                f"payer not recognised; only {item.number} ({item.customer}) "
                "is open for this amount"
            )
            return Match(
                line, "match", 50, reason, item.customer, (Applied(item.number, item.open),)
            )
        if exact:
            reason = f"payer not recognised; {len(exact)} invoices are open for this amount"
            return Match(line, "unmatched", 0, reason)
        return Match(line, "unmatched", 0, "payer not recognised and no invoice named")

    @staticmethod
    def _money(amount: Decimal, line: BankLine) -> str:
        return f"{format_amount(amount, line.currency)} {line.currency}"
