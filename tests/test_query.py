"""`arl query`: read-only SQL over the views of the book, agreeing with arl's own reports."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import REPO, Result

DOC = (REPO / "docs" / "query.md").read_text()
EXAMPLES = re.findall(r"```sql\n(.*?)```\s*```csv\n(.*?)```", DOC, re.DOTALL)
AS_OF = "2026-11-20"


@pytest.fixture
def query(demo_copy: Path, arl: Callable[..., Result]) -> Callable[..., Result]:
    return lambda sql, *more: arl("-L", demo_copy, "query", sql, "--as-of", AS_OF, *more)


@pytest.mark.parametrize(("sql", "expected"), EXAMPLES, ids=range(len(EXAMPLES)))
def test_the_examples_of_docs_query_print_what_they_say(
    query: Callable[..., Result], sql: str, expected: str
) -> None:
    result = query(sql, "--format", "csv")
    assert (result.code, result.err) == (0, "")
    assert result.out == expected


def test_open_items_reproduce_every_cell_of_aging_by_customer(
    query: Callable[..., Result], arl: Callable[..., Result], demo_copy: Path
) -> None:
    block = DOC.split("<!-- aging by customer -->", 1)[1]
    sql = re.search(r"```sql\n(.*?)```", block, re.DOTALL)
    assert sql is not None
    whole = sql.group(1).replace("LIMIT 6", "")
    cells = json.loads(query(whole, "--format", "json").out)["rows"]
    found = {(c["customer"], c["currency"], c["bucket"]): Decimal(c["open"]) for c in cells}
    aging = json.loads(arl("-L", demo_copy, "aging", "--as-of", AS_OF, "-f", "json").out)
    expected = {
        (row["customer"], row["currency"], bucket): Decimal(row[bucket])
        for row in aging["rows"]
        for bucket in aging["buckets"]
        if Decimal(row[bucket])
    }
    assert found == expected
    per_currency = "SELECT currency, dsum(open) AS total FROM open_items GROUP BY currency"
    totals = json.loads(query(per_currency, "-f", "json").out)["rows"]
    assert {t["currency"]: t["total"] for t in totals} == {
        t["currency"]: t["total"] for t in aging["totals"]
    }


def test_views_lists_every_column(query: Callable[..., Result]) -> None:
    rows = json.loads(
        query("SELECT view, count(*) AS n FROM views GROUP BY view", "-f", "json").out
    )
    views = {row["view"] for row in rows["rows"]}
    assert views == {
        "customers", "invoices", "lines", "payments", "allocations", "credit_notes",
        "events", "open_items", "unapplied",
    }  # fmt: skip
    for view in views:
        assert f"`{view}`" in DOC


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM invoices",
        "with x as (select 1) delete from invoices",
        "/* hidden */ INSERT INTO customers (id) VALUES ('X')",
        "ATTACH DATABASE 'copy.db' AS other",
        "VACUUM INTO 'copy.db'",
        "PRAGMA query_only = OFF",
        "SELECT * FROM pragma_table_info('invoices')",
        " " * 20_000 + ";",
    ],
    ids=range(8),
)
def test_anything_but_reading_is_refused_in_one_line(
    query: Callable[..., Result], demo_copy: Path, sql: str
) -> None:
    result = query(sql)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("arl: query refused") and result.err.count("\n") == 1
    assert not (demo_copy / "copy.db").exists() and not Path("copy.db").exists()


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("SELECT * FROM nope", "arl: SQL: no such table: nope"),
        ("SELECT 1; SELECT 2", "arl: SQL: You can only execute one statement at a time."),
        ("SELECT dsum(name) FROM customers", "arl: SQL: user-defined aggregate's 'step'"),
        ("SELECT randomblob(50000000)", "arl: SQL: string or blob too big"),
    ],
)
def test_an_sql_error_is_one_line(query: Callable[..., Result], sql: str, message: str) -> None:
    result = query(sql)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith(message) and result.err.count("\n") == 1


def test_a_query_that_runs_too_long_is_stopped(query: Callable[..., Result]) -> None:
    forever = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT max(x) FROM r"
    result = query(forever, "--timeout", "0.2")
    assert result.code == 2
    assert result.err == "arl: the query ran longer than 0.2 s (narrow it, or raise --timeout)\n"


def test_too_many_rows_are_refused_not_cut_short(query: Callable[..., Result]) -> None:
    result = query("SELECT * FROM lines", "--max-rows", "5")
    assert (result.code, result.out) == (2, "")
    assert "more than 5 rows" in result.err
    assert query("SELECT * FROM lines LIMIT 5", "--max-rows", "5").code == 0


def test_json_and_table_forms(query: Callable[..., Result]) -> None:
    body = json.loads(query("SELECT id, hold FROM customers LIMIT 2", "-f", "json").out)
    assert body["as_of"] == AS_OF and body["rows"][0].keys() == {"id", "hold"}
    table = query("SELECT id, id FROM customers ORDER BY id LIMIT 1").out
    assert "ALPENGLAS" in table and "id_2" in table


LEDGER = {
    "customers/ACME.yaml": "id: ACME\nname: Acme\n",
    "invoices/2026/INV-1.yaml": """\
        number: INV-1
        customer: ACME
        date: 2026-01-01
        currency: JPY
        lines:
          - description: Work
            quantity: 3
            unit_price: 1000
            tax_rate: 0.1
        installments:
          - {due: 2026-01-31, amount: 1650}
          - {due: 2026-02-28, amount: 1650}
        """,
    "payments/2026/P-1.yaml": """\
        id: P-1
        customer: ACME
        date: 2026-02-10
        amount: 2000
        currency: JPY
        apply:
          - {invoice: INV-1, amount: 1650}
        """,
}


def test_amounts_keep_their_currency_and_installments_are_open_items(
    ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result]
) -> None:
    root = ledger(LEDGER)
    out = arl("-L", root, "query", "SELECT * FROM open_items", "--as-of", "2026-03-10", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out.out)))
    assert [(r["due"], r["days_past_due"], r["bucket"], r["open"]) for r in rows] == [
        ("2026-02-28", "10", "1-30", "1650")
    ]
    lines = arl("-L", root, "query", "SELECT net, tax, unit_price FROM lines", "-f", "csv")
    assert lines.out.splitlines()[1] == "3000,300,1000"
    credit = arl(
        "-L", root, "query", "SELECT * FROM unapplied", "--as-of", "2026-03-10", "-f", "csv"
    )
    assert credit.out.splitlines()[1:] == ["ACME,JPY,350"]
