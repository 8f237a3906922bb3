"""A rich table written out directly, for output that is not a terminal.

rich lays out a table cell by cell through its rendering pipeline: for a report of a few
thousand rows that is a second or more, longer than loading a big book from its cache.
When the output goes to a file or a pipe (no colours, no styles) and the table is of the
plain kind reports build (text cells on one line, left or right aligned, sections, a
title that fits), the same characters can be written directly. `plain_table` does that,
or returns None and leaves the table to rich; a test holds its output to rich's.
"""

from __future__ import annotations

import re

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

_MARKUP = re.compile(r"\[|:[a-z0-9_+-]+:")  # rich markup or an :emoji: code: rich's job


def plain_table(table: Table, console: Console) -> str | None:
    """The text rich would write for `table` on `console`, or None if not sure of it."""
    if console.color_system is not None or not _plain(table):
        return None
    headers = [column.header for column in table.columns]
    columns = [list(column.cells) for column in table.columns]
    texts = [*headers, *(cell for cells in columns for cell in cells)]
    if not all(isinstance(text, str) and _simple(text) for text in texts):
        return None
    widths = [
        max([cell_len(str(header)), *(cell_len(str(c)) for c in cells)]) + 2
        for header, cells in zip(headers, columns, strict=True)
    ]
    width = sum(widths) + len(widths) + 1
    title = table.title if isinstance(table.title, str) else None
    if width > console.width or (title and not _fits(title, width)):
        return None
    right = [column.justify == "right" for column in table.columns]
    lines = [title + " " * (width - cell_len(title))] if title else []
    lines.append(_rule("┏", "━", "┳", "┓", widths))
    lines.append(_cells("┃", [str(h) for h in headers], widths, right))
    lines.append(_rule("┡", "━", "╇", "┩", widths))
    rows = table.rows
    for index, row in enumerate(rows):
        lines.append(_cells("│", [str(cells[index]) for cells in columns], widths, right))
        if row.end_section and index + 1 < len(rows):
            lines.append(_rule("├", "─", "┼", "┤", widths))
    lines.append(_rule("└", "─", "┴", "┘", widths))
    return "\n".join(lines) + "\n"


def print_table(table: Table, console: Console) -> None:
    """Print a table, directly where `plain_table` can, else through rich."""
    text = plain_table(table, console)
    if text is None:
        console.print(table)
    else:
        console.file.write(text)


def _plain(table: Table) -> bool:
    """Only the options reports use, at their defaults, and nothing else."""
    return (
        table.box is box.HEAVY_HEAD
        and table.show_header
        and not table.show_footer
        and table.show_edge
        and not table.show_lines
        and table.padding == (0, 1, 0, 1)
        and table.pad_edge
        and not table.collapse_padding
        and not table.expand
        and table.width is None
        and table.min_width is None
        and not table.leading
        and table.caption is None
        and not table.row_styles
        and table.title_justify == "left"
        and (table.title is None or isinstance(table.title, str))
        and all(
            column.justify in ("left", "right")
            and column.width is None
            and column.min_width is None
            and column.max_width is None
            and column.ratio is None
            and not column.footer
            for column in table.columns
        )
    )


def _simple(text: str) -> bool:
    return text == text.strip() and "\n" not in text and not _MARKUP.search(text)


def _fits(title: str, width: int) -> bool:
    return _simple(title) and cell_len(title) <= width


def _rule(left: str, line: str, cross: str, right: str, widths: list[int]) -> str:
    return left + cross.join(line * width for width in widths) + right


def _cells(edge: str, texts: list[str], widths: list[int], right: list[bool]) -> str:
    parts = []
    for text, width, to_right in zip(texts, widths, right, strict=True):
        pad = " " * (width - 2 - cell_len(text))
        parts.append(f" {pad}{text} " if to_right else f" {text}{pad} ")
    return edge + edge.join(parts) + edge
