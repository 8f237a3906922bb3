"""The next invoice, credit note or payment number, from the book's pattern and the numbers in use.

A pattern such as `INV-{year}-{seq:04d}` gives a sequence that restarts every year; one
without `{year}` runs on for ever. The next number is one past the highest sequence already
used in that year, so numbers stay gap-free as long as nobody deletes a file (a void
invoice keeps its number). Callers decide under the ledger's write lock, after re-reading
the book, so two processes never pick the same number.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable

from ar.book import Book, record_key
from ar.errors import Problem
from ar.model import Record
from ar.model.patterns import fill


@functools.cache  # a book has a few patterns and may hold a hundred thousand numbers
def number_regex(pattern: str) -> re.Pattern[str]:
    """A regex matching the numbers a pattern makes, with groups `year` and `seq`."""
    parts = []
    for literal, name, _spec, _conv in string.Formatter().parse(pattern):
        parts.append(re.escape(literal))
        if name == "year":
            parts.append(r"(?P<year>[0-9]{4})")
        elif name == "seq":
            parts.append(r"(?P<seq>[0-9]+)")
    return re.compile("".join(parts))


def sequence_of(pattern: str, number: str, year: int) -> int | None:
    """The sequence part of `number` when the pattern made it for `year`, else None."""
    match = number_regex(pattern).fullmatch(number)
    if match is None:
        return None
    if "year" in match.groupdict() and int(match["year"]) != year:
        return None
    return int(match["seq"])


def highest_sequence(pattern: str, year: int, existing: Iterable[str]) -> int:
    used = (sequence_of(pattern, number, year) for number in existing)
    return max((seq for seq in used if seq is not None), default=0)


def next_number(pattern: str, year: int, existing: Iterable[str]) -> str:
    """One past the highest sequence the pattern has produced for `year` among `existing`."""
    return fill(pattern, {"year": year, "seq": highest_sequence(pattern, year, existing) + 1})


class Numbers:
    """`next_number` for many new records in one run (imports, bank statements, recurring
    invoices): each number handed out, or taken by hand with `take`, counts as used."""

    def __init__(self, pattern: str, existing: Iterable[str]) -> None:
        self.pattern = pattern
        self.used = set(existing)
        self._highest: dict[int, int] = {}

    def next(self, year: int) -> str:
        if year not in self._highest:
            self._highest[year] = highest_sequence(self.pattern, year, self.used)
        number = fill(self.pattern, {"year": year, "seq": self._highest[year] + 1})
        self.take(number)
        return number

    def take(self, number: str) -> None:
        self.used.add(number)
        for year, highest in self._highest.items():
            seq = sequence_of(self.pattern, number, year)
            if seq is not None and seq > highest:
                self._highest[year] = seq


def case_clashes(book: Book) -> list[Problem]:
    """Records whose id or number differs from an earlier one's only in upper and lower
    case: their files cannot both exist on Windows or macOS, so a clone there loses one.
    (`arl check` runs this; recording commands refuse such an id at entry, `clash`.)"""
    found: list[Problem] = []
    for table in (book.customers, book.invoices, book.payments, book.credit_notes, book.recurring):
        first: dict[str, Record] = {}
        for key, record in table.items():
            earlier = first.setdefault(key.casefold(), record)
            if earlier is not record:
                found.append(_clash_problem(record, earlier))
    return found


def clash(key: str, existing: Iterable[str]) -> str | None:
    """An existing id that `key` differs from only in case, if there is one."""
    folded = key.casefold()
    return next((other for other in existing if other != key and other.casefold() == folded), None)


def _clash_problem(record: Record, earlier: Record) -> Problem:
    key, other = record_key(record), record_key(earlier)
    return Problem(
        record.source,
        f"'{key}' differs from '{other}' (at {earlier.source}) only in upper and lower case",
        "ids must differ in more than case: the two files collide on Windows and macOS",
    )
