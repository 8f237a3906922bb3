"""The limits of what a template may build, and the checks made before it builds it.

A value is checked before it exists wherever its size multiplies (a repetition, a format
width, a replacement): building it first and measuring afterwards would already have
exhausted memory. Where sizes only add up (a join of a few parts), the parts are weighed
first: about how many characters each would become as text.
"""

from __future__ import annotations

import functools
import inspect
import re
import string
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.filters import make_attrgetter

MAX_ITEMS = 1_000_000  # characters or items in one value an operator, filter or method builds
MAX_TEXT = 16_000_000  # characters in one text: a join, a block, a macro, the document
MAX_BITS = 10_000  # an integer's size (about 3,000 digits)
MAX_BUILT = 64_000_000  # characters built in all by one rendering
MAX_STEPS = 1_000_000  # loop iterations, calls and includes in one rendering
MAX_SECONDS = 5.0  # processor time of one rendering
MAX_WRAPPED = 100_000  # characters one |wordwrap may wrap (its work grows with their square)

_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.)", re.S)
_COLLECTIONS = (Mapping, list, tuple, set, frozenset)
_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill"}
_COUNT_ARGUMENTS = {"center": "width", "batch": "linecount", "slice": "slices", "tojson": "indent"}
_NAMED_CHECKS = {*_COUNT_ARGUMENTS, "replace", "indent", "wordwrap", "join", "sum"}
# Filters that never turn their input into text (the rest are weighed before they run).
_NOT_TEXT = frozenset({
    "abs", "attr", "batch", "count", "d", "default", "dictsort", "first", "float", "groupby",
    "int", "items", "join", "last", "length", "list", "map", "max", "min", "random", "reject",
    "rejectattr", "reverse", "round", "select", "selectattr", "slice", "sort", "sum", "unique",
})  # fmt: skip


Called = tuple[tuple[Any, ...], dict[str, Any]]  # a call's arguments
FilterCheck = Callable[[tuple[Any, ...], dict[str, Any]], Called]


class TemplateLimit(SecurityError):
    """A template went past one of the limits: it would exhaust memory or never end."""


def at_most(count: int, limit: int, what: str, unit: str = "characters or items") -> None:
    if count > limit:
        raise TemplateLimit(f"{what} over {limit:,} {unit}")


def size(value: Any) -> int:
    """Characters of a text, items of a collection; 0 for anything else."""
    return len(value) if isinstance(value, str | bytes | list | tuple | dict | set) else 0


def weight(value: Any, cap: int = MAX_TEXT) -> int:
    """About how many characters `value` becomes as text; counting stops past `cap`."""
    if isinstance(value, str | bytes):
        return len(value)
    if not isinstance(value, _COLLECTIONS):
        return value.bit_length() // 3 + 1 if isinstance(value, int) else len(str(value))
    total, stack, scalars = 0, [value], dict[int, int]()
    while stack and total <= cap:
        item = stack.pop()
        if isinstance(item, str | bytes):
            total += len(item)
        elif isinstance(item, _COLLECTIONS):
            total += 2 + 4 * len(item)  # brackets, separators, quotes
            if total <= cap:
                stack.extend([*item.keys(), *item.values()] if isinstance(item, Mapping) else item)
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 1
        else:  # a number, a date, a record: its own text, once per object
            if id(item) not in scalars:
                scalars[id(item)] = len(str(item))
            total += scalars[id(item)]
    return total


def check_operands(operator: str, left: Any, right: Any) -> None:
    """`*`, `**` and `%` before Python computes them."""
    if operator == "*":
        for items, times in ((left, right), (right, left)):
            if isinstance(items, str | bytes | list | tuple) and isinstance(times, int):
                at_most(len(items) * max(times, 0), MAX_ITEMS, "a repetition")
        if isinstance(left, int) and isinstance(right, int):
            at_most(left.bit_length() + right.bit_length(), MAX_BITS, "a product", "bits")
    elif operator == "**" and isinstance(left, int) and isinstance(right, int):
        if right > 0 and abs(left) > 1:
            at_most(left.bit_length() * right, MAX_BITS, "a power", "bits")
    elif operator == "%" and isinstance(left, str):
        check_percent(left, right)


def check_percent(text: str, args: Any) -> None:
    """`text % args`: widths and precisions, written or taken from the arguments (`*`)."""
    values = _values(args)
    fields, widest, starred = _percent_specs(text)
    if starred:
        widest = max([widest, *(abs(v) for v in values if isinstance(v, int))])
    _formatted(text, fields, widest, values)


@functools.lru_cache(maxsize=256)
def _percent_specs(text: str) -> tuple[int, int, bool]:
    """How many `%` conversions, the widest written width or precision, and whether any is `*`."""
    specs = [m for m in _PERCENT.finditer(text) if m.group(3) != "%"]
    parts = [part for spec in specs for part in spec.group(1, 2) if part]
    widest = max((_number(part) for part in parts if part != "*"), default=0)
    return len(specs), widest, "*" in parts


def check_braces(text: str, args: Sequence[Any], kwargs: Any) -> None:
    """`text.format(...)` and `format_map`: widths are written, never taken from values."""
    fields, widest = _brace_specs(text)
    _formatted(text, fields, widest, [*args, *_values(kwargs)])


@functools.lru_cache(maxsize=256)
def _brace_specs(text: str) -> tuple[int, int]:
    """How many replacement fields, and the widest width or precision written in them."""
    fields, widest = 0, 0
    for _, name, spec, _ in string.Formatter().parse(text):
        if name is None:
            continue
        fields += 1
        if spec and "{" in spec:
            raise TemplateLimit("a format width taken from a value; write the width itself")
        widest = max([widest, *(_number(digits) for digits in re.findall(r"\d+", spec or ""))])
    return fields, widest


def check_str_method(text: str, name: str, args: tuple[Any, ...], kwargs: Any) -> tuple[Any, ...]:
    """A text method that can multiply its text; the arguments to call it with."""
    if name in _WIDTH_METHODS and args and isinstance(args[0], int):
        at_most(args[0], MAX_ITEMS, f"a width for .{name}()")
    elif name == "expandtabs":
        tab = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(tab, int):
            at_most(len(text) + text.count("\t") * tab, MAX_TEXT, "a text with tabs expanded")
    elif name == "replace" and len(args) >= 2:
        _replaced(text, *args)
    elif name == "join" and args:
        items = list(args[0])
        parts = sum(len(item) for item in items if isinstance(item, str))
        at_most(parts + len(text) * len(items), MAX_TEXT, "a joined text")
        return (items, *args[1:])
    elif name == "translate" and args and isinstance(args[0], Mapping):
        longest = max((len(v) for v in args[0].values() if isinstance(v, str)), default=1)
        at_most(len(text) * longest, MAX_TEXT, "a translated text")
    return args


def filter_check(name: str, func: Callable[..., Any]) -> FilterCheck | None:
    """What to check before filter `name` runs, if anything (the size after, always)."""
    passes_context = getattr(func, "jinja_pass_arg", None) is not None
    if name == "format":  # the most used: no binding of arguments by name

        def percent(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Called:
            if args:
                at_most(weight(args[0]), MAX_TEXT, "a text for |format")
                check_percent(str(args[0]), kwargs or args[1:])
            return args, kwargs

        return percent
    if name in _NAMED_CHECKS:
        signature = inspect.signature(func)

        def named(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Called:
            bound = signature.bind(*args, **kwargs)
            _check_named(name, bound, passes_context)
            return bound.args, bound.kwargs

        return named
    if name in _NOT_TEXT:
        return None
    at = 1 if passes_context else 0

    def text(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Called:
        if len(args) > at:
            at_most(weight(args[at]), MAX_TEXT, f"a text for |{name}")
        return args, kwargs

    return text


def _check_named(name: str, bound: inspect.BoundArguments, passes_context: bool) -> None:
    """A filter's arguments by name; may replace an iterator by the list it gave."""
    names = list(bound.signature.parameters)
    subject = names[1 if passes_context else 0]
    given = bound.arguments
    value = given.get(subject)
    count = given.get(_COUNT_ARGUMENTS.get(name, ""))
    if isinstance(count, int):
        at_most(count, MAX_ITEMS, f"a count for |{name}")
    if name not in _NOT_TEXT:
        at_most(weight(value), MAX_TEXT, f"a text for |{name}")
    if name == "replace" and isinstance(given.get("old"), str):
        _replaced(str(value), given["old"], given.get("new", ""), given.get("count") or -1)
    elif name == "indent":
        width = given.get("width", 4)
        indent = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
        at_most(len(str(value)) * (1 + indent), MAX_TEXT, "an indented text")
    elif name == "wordwrap":
        at_most(len(str(value)), MAX_WRAPPED, "a text for |wordwrap")
        wrap = given.get("wrapstring") or "\n"
        at_most(len(str(value)) * (1 + len(str(wrap))), MAX_TEXT, "a wrapped text")
    elif name in ("join", "sum"):
        given[subject] = _joined(name, given, list(value or ()), names[0])


def _joined(name: str, given: dict[str, Any], items: list[Any], context: str) -> list[Any]:
    """The items `|join` or `|sum` will combine, checked for the size of the result."""
    attribute = given.get("attribute")
    if attribute is not None:
        environment = getattr(given[context], "environment", given[context])
        parts = [make_attrgetter(environment, attribute)(item) for item in items]
    else:
        parts = items
    if name == "join":
        at_most(weight(parts) + len(str(given.get("d", ""))) * len(parts), MAX_TEXT, "|join")
    elif not isinstance(given.get("start", 0), int | float):  # adding up lists or texts
        at_most(size(given["start"]) + sum(size(p) for p in parts), MAX_ITEMS, "|sum")
    return items


def _replaced(text: str, old: Any, new: Any, count: Any = -1) -> None:
    if not isinstance(old, str) or not isinstance(new, str):
        return
    found = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    at_most(len(text) + found * len(new), MAX_TEXT, "a text with replacements")


def _formatted(text: str, fields: int, widest: int, values: list[Any]) -> None:
    at_most(widest, MAX_ITEMS, "a format width")
    largest = max((weight(value) for value in values), default=0)
    at_most(len(text) + fields * (widest + largest), MAX_TEXT, "a formatted text")


def _values(args: Any) -> list[Any]:
    if isinstance(args, tuple):
        return list(args)
    if isinstance(args, Mapping):
        return list(args.values())
    return [args]


def _number(digits: str) -> int:
    """A width written in a template; beyond any limit when it has more than nine digits."""
    return int(digits) if len(digits) <= 9 else 10**10
