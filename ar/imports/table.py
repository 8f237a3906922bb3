"""A CSV file's bytes as a table of text cells, each row knowing the line it starts on.

Encodings and delimiters are detected unless given: a byte-order mark means UTF-8 (or
UTF-16), text that decodes as UTF-8 is UTF-8, anything else is Windows-1252, the superset
of Latin-1 that spreadsheet programs write. The delimiter is the one of `, ; TAB |` that
splits the first lines into the same, largest number of columns.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass

from ar.errors import ArlError

DELIMITERS = (",", ";", "\t", "|")
_SNIFF_LINES = 20


@dataclass(frozen=True)
class Table:
    """Rows of a CSV file under its header; `rows` pairs each line number with its cells."""

    name: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    encoding: str
    delimiter: str

    def column(self, index: int) -> list[str]:
        return [cells[index] if index < len(cells) else "" for _, cells in self.rows]


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The text of `data` and the encoding used to read it."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise ArlError(f"unknown encoding '{encoding}'", "try utf-8 or latin-1") from None
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise ArlError(f"line {line} is not {encoding} text", "check --encoding") from None
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name), name
    if data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the header into most columns that the lines below share."""
    sample = "\n".join(text.splitlines()[:_SNIFF_LINES])
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        rows = [row for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if row]
        width = len(rows[0]) if rows else 0
        if width < 2:
            continue
        score = (sum(len(row) == width for row in rows), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_table(
    data: bytes, name: str, *, encoding: str | None = None, delimiter: str | None = None
) -> Table:
    """Decode, split and index a CSV file; blank lines are skipped, the header is line 1."""
    text, used = decode(data, encoding)
    delimiter = delimiter or detect_delimiter(text)
    if len(delimiter) != 1:
        raise ArlError(f"delimiter '{delimiter}' is not one character", "e.g. --delimiter ';'")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    try:
        start = 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                if header is None:
                    header = [cell.strip() for cell in cells]
                else:
                    rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ArlError(f"{name}:{reader.line_num}: {exc}", "check the quoting") from None
    if header is None:
        raise ArlError(f"{name} is empty", "a CSV file starts with a header line")
    return Table(name, header, rows, used, delimiter)
