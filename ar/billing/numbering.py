"""Invoice numbers from the book's pattern, such as `INV-{year}-{seq:04d}`.

The sequence restarts every year when the pattern holds `{year}`; the next number is one
past the highest already used for that year, so a voided invoice keeps its number and gaps
never close by reuse.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterable

from ar.errors import ArlError

_FIELDS = {"year": r"(?P<year>\d{4})", "seq": r"(?P<seq>\d+)"}


def pattern_problem(pattern: str) -> str | None:
    """Why the pattern cannot number invoices, or None when it can."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None]
    except ValueError as exc:
        return f"invoice_number '{pattern}' is not a pattern: {exc}"
    unknown = sorted(set(fields) - set(_FIELDS))
    if unknown:
        return f"invoice_number '{pattern}' names unknown fields: {', '.join(unknown)}"
    if "seq" not in fields:
        return f"invoice_number '{pattern}' has no {{seq}}"
    try:
        pattern.format(year=2026, seq=1)
    except (ValueError, IndexError) as exc:
        return f"invoice_number '{pattern}' is not a pattern: {exc}"
    return None


def _matcher(pattern: str) -> re.Pattern[str]:
    parts = []
    for literal, name, _, _ in string.Formatter().parse(pattern):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(_FIELDS[name])
    return re.compile("".join(parts))


def next_number(pattern: str, date: dt.date, used: Iterable[str]) -> str:
    """The number after the highest of `used` that the pattern made for `date`'s year."""
    problem = pattern_problem(pattern)
    if problem:
        raise ArlError(problem, "fix invoice_number in ledger.yaml")
    matcher = _matcher(pattern)
    highest = 0
    for number in used:
        found = matcher.fullmatch(number)
        if found and int(found.groupdict().get("year") or date.year) == date.year:
            highest = max(highest, int(found["seq"]))
    return pattern.format(year=date.year, seq=highest + 1)
