"""Who paid and what they named: invoice numbers, order numbers, customer ids and names.

Remittance text is free: `INV 2026-0001`, `inv20260001` and `Rg. INV-2026-0001` all name
the same invoice. Text is cut into letter-and-digit words; any run of up to five words
joined together is looked up, so separators never matter and a number is never found
inside a longer one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ar.book import Book

WINDOW = 5
_WORD = re.compile(r"[A-Za-z0-9]+")
_NAME_WORD = re.compile(r"[^\W_]+")
_LEGAL = (
    "ab ag and as bv co company corp corporation e ev gmbh inc k kg limited llc ltd nv oy plc "
    "sa sarl sas spa srl the ug und"
)
LEGAL_FORMS = frozenset(_LEGAL.split())


@dataclass(frozen=True)
class Payer:
    customer: str
    how: str
    by_reference: bool = False


def tokens_of(text: str) -> list[str]:
    return [word.upper() for word in _WORD.findall(text)]


def key(text: str) -> str:
    return "".join(tokens_of(text))


def name_words(name: str) -> frozenset[str]:
    """A name's distinctive words: `ACME GmbH & Co. KG` -> {'acme'}."""
    return frozenset(w for w in _NAME_WORD.findall(name.casefold()) if w not in LEGAL_FORMS)


def windows(tokens: list[str]) -> Iterator[str]:
    for start in range(len(tokens)):
        for end in range(start + 1, min(start + WINDOW, len(tokens)) + 1):
            yield "".join(tokens[start:end])


class PayerIndex:
    """Lookups from text to the book's invoices and customers, built once per statement."""

    def __init__(self, book: Book) -> None:
        self.numbers = {key(n): n for n in book.invoices if key(n)}
        self.orders: dict[str, list[str]] = {}
        for invoice in book.invoices.values():
            if invoice.po and len(key(invoice.po)) >= 4:
                self.orders.setdefault(key(invoice.po), []).append(invoice.number)
        self.ids = {key(c): c for c in book.customers if len(key(c)) >= 3}
        self.names = [(name_words(c.name), c.id) for c in book.customers.values()]

    def invoices_named(self, tokens: list[str]) -> tuple[list[str], bool]:
        """Invoice numbers in the text, in order; else invoices whose order number is there."""
        numbers = _unique(self.numbers[w] for w in windows(tokens) if w in self.numbers)
        if numbers:
            return numbers, False
        orders = _unique(n for w in windows(tokens) for n in self.orders.get(w, []))
        return orders, bool(orders)

    def find(self, tokens: list[str], name: str) -> Payer | None:
        """The customer a line comes from: by id in the text, else by the payer's name."""
        ids = _unique(self.ids[w] for w in windows(tokens) if w in self.ids)
        if len(ids) == 1:
            return Payer(ids[0], f"customer id {ids[0]} in the text", by_reference=True)
        words = name_words(name)
        if not words:
            return None
        fits = [(len(mine), cid) for mine, cid in self.names if mine and mine <= words]
        fits.sort(reverse=True)
        if not fits or (len(fits) > 1 and fits[0][0] == fits[1][0]):
            return None
        return Payer(fits[0][1], f"payer '{name}' is customer {fits[0][1]}")


def _unique(found: Iterator[str]) -> list[str]:
    return list(dict.fromkeys(found))
