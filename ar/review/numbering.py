"""Gaps in invoice numbering: numbers missing between the lowest and highest of a series.

A series is every number a pattern (`invoice_number`) makes with the same fixed parts
(INV-2026-0001, INV-2026-0002... for `INV-{year}-{seq:04d}`). Gaps are kept as ranges, so
a typo such as INV-2026-900001 costs one range, not a million numbers.
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ar.numbering import number_regex

Range = tuple[int, int]


@dataclass(frozen=True)
class Gap:
    """Numbers `first` to `last` of a series are missing; `after` is the number that follows."""

    first: str
    last: str
    after: str


def series(pattern: str, numbers: Iterable[str]) -> dict[str, dict[int, str]]:
    """Numbers by series (the number with its sequence blanked), then by sequence."""
    regex = number_regex(pattern)
    found: dict[str, dict[int, str]] = defaultdict(dict)
    if "seq" not in regex.groupindex:
        return found
    for number in numbers:
        match = regex.fullmatch(number)
        if match:
            start, end = match.span("seq")
            found[number[:start] + "\0" + number[end:]][int(match["seq"])] = number
    return found


def _missing(seqs: Iterable[int]) -> list[Range]:
    ordered = sorted(seqs)
    return [(low + 1, high - 1) for low, high in itertools.pairwise(ordered) if high - low > 1]


def _subtract(ranges: list[Range], minus: list[Range]) -> list[Range]:
    """The parts of sorted, disjoint `ranges` that no range of sorted, disjoint `minus` covers."""
    out: list[Range] = []
    start = 0
    for low, high in ranges:
        while start < len(minus) and minus[start][1] < low:
            start += 1
        point, index = low, start
        while index < len(minus) and minus[index][0] <= high:
            if minus[index][0] > point:
                out.append((point, minus[index][0] - 1))
            point = max(point, minus[index][1] + 1)
            index += 1
        if point <= high:
            out.append((point, high))
    return out


def new_gaps(pattern: str, before: Iterable[str], after: Iterable[str]) -> list[Gap]:
    """Gaps in the numbers `after` that were not gaps `before`."""
    old, new = series(pattern, before), series(pattern, after)
    gaps = []
    for key, numbers in sorted(new.items()):
        width = len(next(iter(numbers.values()))) - len(key) + 1
        spell = key.replace("\0", "{:0" + str(width) + "d}").format
        seqs = sorted(numbers)
        for low, high in _subtract(_missing(seqs), _missing(old.get(key, {}))):
            following = seqs[bisect.bisect_right(seqs, high)]
            gaps.append(Gap(spell(low), spell(high), numbers[following]))
    return gaps
