"""Spreadsheet values: amounts with decimal commas and thousands marks, dates, encodings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ar.errors import ArlError
from ar.imports.table import decode, detect_delimiter, read_table
from ar.imports.values import (
    NumberStyle,
    detect_date_format,
    detect_number_style,
    parse_amount,
    parse_rate,
)

COMMA = NumberStyle(",", ".")
POINT = NumberStyle(".", ",")


@pytest.mark.parametrize(
    ("text", "style", "expected"),
    [
        ("1.234,56", COMMA, "1234.56"),
        ("1 234,56 €", COMMA, "1234.56"),
        ("EUR -12,50", COMMA, "-12.50"),
        ("1,234.56", POINT, "1234.56"),
        ("$1,234", POINT, "1234"),
        ("(12.00)", POINT, "-12.00"),
        ("12.00-", POINT, "-12.00"),
        ("1'234.50", POINT, "1234.50"),
        ("0,5", COMMA, "0.5"),
    ],
)
def test_amounts_read_as_written(text: str, style: NumberStyle, expected: str) -> None:
    value = parse_amount(text, style)
    assert value == Decimal(expected) and str(value) == expected


@pytest.mark.parametrize("text", ["12,3,4", "abc", "1.2.3,4", ""])
def test_not_amounts_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"amount|decimals|thousands"):
        parse_amount(text, COMMA)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_german_and_english_forms_read_back_exactly(amount: Decimal) -> None:
    english = f"{amount:,.2f}"
    german = english.replace(",", "_").replace(".", ",").replace("_", ".")
    assert parse_amount(english, POINT) == amount
    assert parse_amount(german, COMMA) == amount


def test_number_style_is_detected_from_the_whole_column() -> None:
    assert detect_number_style(["12", "1.234,50"], ",") == COMMA
    assert detect_number_style(["12,50"], ",") == COMMA
    assert detect_number_style(["1,234.50", "7"], ",") == POINT
    assert detect_number_style(["1,234"], ";") == COMMA  # semicolon files write decimal commas
    assert detect_number_style(["1,234"], ",") == POINT
    with pytest.raises(ArlError, match="mix decimal commas and decimal points"):
        detect_number_style(["1,5", "2.5"], ",")


def test_date_format_is_detected_and_ambiguity_refused() -> None:
    assert detect_date_format(["2026-03-01"]) == "%Y-%m-%d"
    assert detect_date_format(["01.03.2026", "31.12.2026"]) == "%d.%m.%Y"
    assert detect_date_format(["03/31/2026", "01/02/2026"]) == "%m/%d/%Y"
    with pytest.raises(ArlError, match="pass --date-format"):
        detect_date_format(["01/02/2026", "03/04/2026"])
    with pytest.raises(ArlError, match="cannot tell the date format"):
        detect_date_format(["next tuesday"])


def test_a_bare_rate_above_one_is_refused_as_in_a_ledger_file() -> None:
    with pytest.raises(ValueError, match=r"did you mean 19% \(0.19\)\?"):
        parse_rate("19", COMMA)


def test_tax_rates_in_every_spelling() -> None:
    assert parse_rate("19%", COMMA) == parse_rate("0,19", COMMA) == Decimal("0.19")
    assert parse_rate("7 %", POINT) == Decimal("0.07")


def test_encodings_bom_utf8_and_latin1() -> None:
    text = "Kunde;Straße\n"
    assert decode(b"\xef\xbb\xbf" + text.encode()) == (text, "utf-8-sig")
    assert decode(text.encode()) == (text, "utf-8")
    assert decode(text.encode("latin-1")) == (text, "cp1252")
    assert decode("€ 5".encode("cp1252"))[0] == "€ 5"
    with pytest.raises(ArlError, match="unknown encoding"):
        decode(b"x", "klingon")


def test_delimiters_are_detected() -> None:
    assert detect_delimiter("a;b;c\n1;2,5;3\n") == ";"
    assert detect_delimiter("a,b\n1,2\n") == ","
    assert detect_delimiter("a\tb\n1\t2\n") == "\t"
    assert detect_delimiter("a|b|c\n1|2|3\n") == "|"


def test_rows_know_their_lines() -> None:
    table = read_table(b'a,b\n\n1,"two\nlines"\n3,4\n', "x.csv")
    assert table.header == ["a", "b"]
    assert [line for line, _ in table.rows] == [3, 5]
    assert table.rows[0][1] == ["1", "two\nlines"]


def test_date_detection_ignores_blank_cells() -> None:
    assert detect_date_format(["", "5.1.2026"]) == "%d.%m.%Y"
    assert dt.datetime.strptime("5.1.2026", "%d.%m.%Y").date() == dt.date(2026, 1, 5)
