"""A safe, fast YAML reader for ledger files that keeps line numbers and exact decimals.

libyaml composes the node tree (with marks); our own walk turns it into plain data with one
set of rules that never depends on YAML 1.1 surprises: `no` stays text, `0042` stays text,
`12.50` becomes Decimal('12.50') from its text, `2024-02-30` is an error, not a string.
Anchors on mappings and lists are refused, so an alias bomb cannot expand.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import yaml

from ar.errors import FieldPath, Problem, Source

MAX_DEPTH = 32
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
# A number in a ledger is plain: `1e3`, `+5`, `.5` and `1_000` stay text (which a money
# field then refuses), so a file means the same to a person as to arl.
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_STR = "tag:yaml.org,2002:str"
_CORE_TAGS = {_STR, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_MAX_DIGITS = 28
_NUMERIC_START = frozenset("0123456789-+.")


class _Loader(yaml.CSafeLoader):
    """libyaml with no implicit typing: every plain scalar arrives as text for `_scalar`."""

    yaml_implicit_resolvers: dict[Any, Any] = {}


class YamlError(Exception):
    def __init__(self, message: str, line: int, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.line, self.hint = message, line, hint


@dataclass
class Document:
    """One YAML document: its data, the line it starts on, and its node tree for locating."""

    data: Any
    line: int
    node: yaml.Node | None  # None when read by the fast reader (ar.store.fastyaml)


def compose_all(text: str) -> list[yaml.Node]:
    """Parse a YAML stream into node trees; raises YamlError with the line on bad syntax."""
    try:
        return [n for n in yaml.compose_all(text, Loader=_Loader) if n is not None]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlError(f"YAML syntax error: {exc.problem or exc.context}", line) from None
    except yaml.reader.ReaderError as exc:  # a control character libyaml refuses to read
        line = text.count("\n", 0, exc.position) + 1
        raise YamlError(
            f"character #x{exc.character:04x} is not allowed in YAML",
            line,
            "remove the control character, or quote and escape it",
        ) from None


def read_documents(text: str, file: str) -> tuple[list[Document], list[Problem]]:
    """Every document of a file as plain data, or the problems that prevented it."""
    try:
        nodes = compose_all(text)
    except YamlError as exc:
        return [], [Problem(Source(file, exc.line), exc.message, exc.hint)]
    docs: list[Document] = []
    problems: list[Problem] = []
    for node in nodes:
        try:
            docs.append(Document(_convert(node, set(), 0), node.start_mark.line + 1, node))
        except YamlError as exc:
            problems.append(Problem(Source(file, exc.line), exc.message, exc.hint))
    return docs, problems


def _convert(node: yaml.Node, seen: set[int], depth: int) -> Any:
    line = node.start_mark.line + 1
    if id(node) in seen:
        raise YamlError(
            "anchors and aliases are not allowed in ledger files",
            line,
            "write the value out in full",
        )
    if depth > MAX_DEPTH:
        raise YamlError(f"nesting deeper than {MAX_DEPTH} levels", line)
    if node.tag not in _CORE_TAGS:
        raise YamlError(f"YAML tag '{node.tag[:40]}' is not allowed", line, "remove the tag")
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, line)
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, seen, depth + 1) for item in node.value]
    assert isinstance(node, yaml.MappingNode)
    return _mapping(node, seen, depth)


def _mapping(node: yaml.MappingNode, seen: set[int], depth: int) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlError("a key must be plain text", line)
        key = key_node.value
        if key in result:
            raise YamlError(
                f"key '{str(key)[:40]}' appears twice in the same mapping", line, "keep one of them"
            )
        result[key] = _convert(value_node, seen, depth + 1)
    return result


def _scalar(node: yaml.ScalarNode, line: int) -> Any:
    text: str = node.value
    if node.style:  # quoted or block scalar: always text
        return text
    return plain_scalar(text, line)


def plain_scalar(text: str, line: int) -> Any:
    """A plain (unquoted) scalar's value: null, bool, int, date, Decimal, or the text."""
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if text[0] not in _NUMERIC_START:  # no number or date starts otherwise
        return text
    if _INT.fullmatch(text):
        return _number(text, line, int)
    if _DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise YamlError(f"'{text}' is not a real date", line, "use YYYY-MM-DD") from None
    if _DECIMAL.fullmatch(text):
        return _number(text, line, Decimal)
    return text


def _number(text: str, line: int, kind: type[int] | type[Decimal]) -> int | Decimal:
    if len(text.lstrip("+-").replace(".", "")) > _MAX_DIGITS:
        raise YamlError(f"number '{text[:40]}' has more than {_MAX_DIGITS} digits", line)
    value = Decimal(text)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and abs(exponent) > _MAX_DIGITS:
        raise YamlError(f"number '{text}' is out of range", line)
    return int(text) if kind is int else value


def line_of(node: yaml.Node, path: FieldPath) -> int:
    """The line of the key (or list item) at `path` in a document, or of its nearest parent."""
    line = int(node.start_mark.line) + 1
    for step in path:
        found = _child(node, step)
        if found is None:
            break
        marker, node = found
        line = int(marker.start_mark.line) + 1
    return line


def _child(node: yaml.Node, step: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key or item, value) pair one step down, or None where the path ends."""
    if isinstance(node, yaml.MappingNode):
        pairs: list[tuple[yaml.Node, yaml.Node]] = node.value
        return next(((key, value) for key, value in pairs if key.value == step), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        item: yaml.Node = node.value[step]
        return item, item
    return None
