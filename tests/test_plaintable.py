"""Tables written directly read exactly as rich writes them, or are left to rich."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table

from ar.render.plaintable import plain_table

words = st.text(st.sampled_from([*"ab AZ09.,-:/()'", "é", "€", "漢", "[", "\n"]), max_size=14)


def console() -> Console:
    return Console(file=io.StringIO(), width=200, highlight=False, soft_wrap=False)


def by_rich(table: Table) -> str:
    out = console()
    out.print(table)
    text = out.file.getvalue()
    assert isinstance(text, str)
    return text


@st.composite
def tables(draw: st.DrawFn) -> Table:
    title = draw(st.none() | words)
    table = Table(title=title, title_justify="left", header_style="bold")
    count = draw(st.integers(1, 6))
    for _ in range(count):
        numeric = draw(st.booleans())
        table.add_column(draw(words), justify="right" if numeric else "left", no_wrap=numeric)
    for _ in range(draw(st.integers(0, 8))):
        table.add_row(
            *(draw(words) for _ in range(count)), style=draw(st.sampled_from([None, "red", "bold"]))
        )
        if draw(st.integers(0, 4)) == 0:
            table.add_section()
    return table


@settings(max_examples=400, deadline=None)
@given(tables())
def test_written_as_rich_writes_it_or_left_to_rich(table: Table) -> None:
    direct = plain_table(table, console())
    if direct is not None:
        assert direct == by_rich(table)


def test_a_report_sized_table_is_written_directly() -> None:
    table = Table(title="Aged receivables as of 2026-11-20", title_justify="left")
    table.add_column("Customer")
    table.add_column("Name")
    for label in ("Current", "1-30", "31-60", "Total"):
        table.add_column(label, justify="right", no_wrap=True)
    for n in range(300):
        table.add_row(f"C{n:05d}", f"Customer {n}", *(f"{n * k * 7.5:.2f}" for k in range(4)))
    table.add_section()
    table.add_row("EUR", "", "1.00", "2.00", "3.00", "6.00", style="bold")
    direct = plain_table(table, console())
    assert direct is not None and direct == by_rich(table)


def test_a_terminal_gets_rich() -> None:
    table = Table(title="T", title_justify="left")
    table.add_column("A")
    table.add_row("x")
    assert plain_table(table, Console(file=io.StringIO(), force_terminal=True)) is None
