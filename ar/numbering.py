"""The next invoice, credit note or payment number, from the book's pattern and the numbers in use.

A pattern such as `INV-{year}-{seq:04d}` gives a sequence that restarts every year; one
without `{year}` runs on for ever. The next number is one past the highest sequence already
used in that year, so numbers stay gap-free as long as nobody deletes a file (a void
invoice keeps its number). Callers decide under the ledger's write lock, after re-reading
the book, so two processes never pick the same number.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable


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


def next_number(pattern: str, year: int, existing: Iterable[str]) -> str:
    """One past the highest sequence the pattern has produced for `year` among `existing`."""
    used = (sequence_of(pattern, number, year) for number in existing)
    highest = max((seq for seq in used if seq is not None), default=0)
    return pattern.format(year=year, seq=highest + 1)
