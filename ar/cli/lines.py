"""Invoice lines as a user gives them: `--line "desc;qty;price[;tax]"` or a YAML/JSON file.

A lines file (or `-` for standard input) holds a list of lines, or a mapping with a
`lines` list, each with the invoice file's keys: description, quantity, unit_price,
tax_rate. JSON is accepted as it is YAML. Numbers keep their exact decimal text.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ar.cli.writing import parse_amount, parse_rate_option
from ar.errors import ArlError, Problem, ProblemsFound, Source
from ar.model import Line

if TYPE_CHECKING:
    from ar.store.yamlread import Document


def parse_line_spec(spec: str) -> Line:
    """`description;quantity;unit price[;tax rate]`; the rate as 0.20 or 20%."""
    parts = [part.strip() for part in spec.split(";")]
    if len(parts) not in (3, 4) or not parts[0]:
        raise ArlError(
            f"--line '{spec}' needs 3 or 4 fields: description;quantity;price[;tax]",
            "for a description with ';' in it, use --lines FILE",
        )
    data: dict[str, Any] = {
        "description": parts[0],
        "quantity": parse_amount(parts[1], "quantity"),
        "unit_price": parse_amount(parts[2], "price"),
    }
    if len(parts) == 4 and parts[3]:
        data["tax_rate"] = parse_rate_option(parts[3], f"--line '{spec}': tax rate")
    try:
        return Line.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise ArlError(f"--line '{spec}': {error['loc'][0]}: {error['msg']}") from None


def read_lines_file(name: str) -> list[Line]:
    """Lines from a YAML or JSON file, or standard input for `-`; problems name file:line."""
    from ar.store.yamlread import read_documents

    text = sys.stdin.read() if name == "-" else _read(name)
    label = "<stdin>" if name == "-" else name
    docs, problems = read_documents(text, label)
    if problems:
        raise ProblemsFound(f"cannot read lines from {label}", problems, "fix the lines file")
    if len(docs) != 1:
        raise ArlError(f"{label}: expected one list of lines")
    return _validated(docs[0], label)


def _validated(doc: Document, label: str) -> list[Line]:
    from ar.store.yamlread import line_of

    data = doc.data.get("lines") if isinstance(doc.data, dict) else doc.data
    prefix: tuple[str | int, ...] = ("lines",) if isinstance(doc.data, dict) else ()
    if not isinstance(data, list) or not data:
        raise ArlError(f"{label}:{doc.line}: expected a list of lines", "see 'arl invoice new -h'")
    lines, found = [], []
    for index, item in enumerate(data):
        try:
            lines.append(Line.model_validate(item))
        except ValidationError as exc:
            for error in exc.errors():
                path = (*prefix, index, *error["loc"])
                where = line_of(doc.node, path) if doc.node else doc.line
                place = ".".join(str(step) for step in (index, *error["loc"]))
                found.append(Problem(Source(label, where), f"line {place}: {error['msg']}"))
    if found:
        raise ProblemsFound(f"cannot read lines from {label}", found, "fix the lines file")
    return lines


MAX_LINES_BYTES = 16_000_000


def _read(name: str) -> str:
    """A lines file: a regular file of at most 16 MB (a device or pipe would never end)."""
    from ar.store.safefile import read_input

    try:
        return read_input(Path(name), MAX_LINES_BYTES).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArlError(f"cannot read {name}: {exc}") from None
