"""The small format language of numbering patterns and payment links, and nothing more.

`INV-{year}-{seq:04d}` and `https://pay.example/{number}?amount={amount}` come from
ledger.yaml, which a pull request may change. Python's `str.format` would also follow
`{number.__class__}` into an object's attributes and build a field as wide as any width
written (`{seq:0999999999d}` is a gigabyte), so patterns are read here field by field:
only the documented names, no attribute or index lookups, no conversions, and for numbers
a width of at most MAX_WIDTH digits. `fill` formats a pattern the same careful way, so a
pattern that did not pass through the model's validation still cannot do more.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Mapping

MAX_WIDTH = 12  # digits of a sequence number or year, zero-padded
NUMBER_FIELDS = frozenset({"year", "seq"})
LINK_FIELDS = frozenset({"number", "amount", "currency", "customer"})
_NUMBER_SPEC = re.compile(r"0?([0-9]+)?d?")  # `04d`, `4`, `d`, or nothing

Field = tuple[str, str, str]  # the literal text before it, its name, its format spec


@functools.cache
def _fields(pattern: str, allowed: frozenset[str], numeric: bool) -> tuple[Field, ...]:
    """The pattern's fields, checked; ValueError says what to write instead."""
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise ValueError(f"{exc}: write {{ and }} only around a field, like {{seq}}") from None
    fields = []
    for literal, name, spec, conversion in parsed:
        if name is None:
            fields.append((literal, "", ""))
            continue
        if name not in allowed:
            raise ValueError(f"names an unknown field '{name}'")
        if conversion or "{" in (spec or ""):
            raise ValueError(f"field '{name}' is not plain: no conversion, no nested field")
        _check_spec(name, spec or "", numeric)
        fields.append((literal, name, spec or ""))
    return tuple(fields)


def _check_spec(name: str, spec: str, numeric: bool) -> None:
    if not spec:
        return
    match = _NUMBER_SPEC.fullmatch(spec) if numeric else None
    if match is None:
        example = f"{{{name}:04d}}" if numeric else f"{{{name}}}"
        raise ValueError(f"'{{{name}:{spec}}}' is not a format arl knows; write {example}")
    if len(match[1] or "") > 2 or int(match[1] or 0) > MAX_WIDTH:
        raise ValueError(f"'{{{name}:{spec}}}' is wider than {MAX_WIDTH} digits")


def check_number_pattern(pattern: str) -> str:
    """A numbering pattern: `{seq}` (zero-padded to at most MAX_WIDTH) and maybe `{year}`."""
    wanted = "write a pattern with {seq} and optionally {year}, like INV-{year}-{seq:04d}"
    names = {name for _, name, _ in _fields(pattern, NUMBER_FIELDS, True) if name}
    if "seq" not in names:
        raise ValueError(wanted)
    return pattern


def check_link(pattern: str) -> str:
    """A payment link: fixed text and the plain fields of LINK_FIELDS."""
    try:
        _fields(pattern, LINK_FIELDS, False)
    except ValueError as exc:
        raise ValueError(
            f"{exc} (use {{number}}, {{amount}}, {{currency}} or {{customer}})"
        ) from None
    return pattern


def fill(pattern: str, values: Mapping[str, object]) -> str:
    """The pattern with its fields filled in; ValueError for a pattern `check_*` refuses."""
    numeric = "seq" in values
    allowed = NUMBER_FIELDS if numeric else LINK_FIELDS
    return "".join(
        literal + (format(values[name], spec) if name else "")
        for literal, name, spec in _fields(pattern, allowed, numeric)
    )
