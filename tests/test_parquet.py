"""`arl export parquet`: typed tables that DuckDB reads, and docs/parquet.md's queries give
the figures arl prints."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from tests.conftest import Result

DOC = Path(__file__).resolve().parent.parent / "docs" / "parquet.md"
DAY = "2026-11-20"


def query(name: str) -> str:
    """The SQL block of docs/parquet.md that starts with `-- name`."""
    [sql] = [
        b
        for b in re.findall(r"```sql\n(.*?)```", DOC.read_text(), re.S)
        if b.startswith(f"-- {name}\n")
    ]
    return sql


def exported(demo_copy: Path, arl: Callable[..., Result], folder: Path) -> Path:
    result = arl("-L", demo_copy, "export", "parquet", "--as-of", DAY, "-o", folder)
    assert result.code == 0, result.err
    return folder


def run(folder: Path, sql: str) -> list[tuple[object, ...]]:
    connection = duckdb.connect()
    connection.execute(f"SET file_search_path = '{folder}'")
    return connection.execute(sql).fetchall()


def test_every_table_is_written_with_types(
    demo_copy: Path, arl: Callable[..., Result], tmp_path: Path
) -> None:
    folder = exported(demo_copy, arl, tmp_path / "pq")
    names = sorted(p.stem for p in folder.glob("*.parquet"))
    assert names == sorted(
        ["customers", "invoices", "lines", "payments", "allocations", "credit_notes",
         "events", "open_items", "unapplied"]
    )  # fmt: skip
    schema = pq.read_schema(folder / "invoices.parquet")
    assert str(schema.field("date").type) == "date32[day]"
    assert str(schema.field("total").type) == "decimal128(22, 4)"
    assert schema.field("total").metadata[b"meaning"] == b"total with tax (amount)"


def test_the_aging_query_gives_arl_aging(
    demo_copy: Path, arl: Callable[..., Result], tmp_path: Path
) -> None:
    folder = exported(demo_copy, arl, tmp_path / "pq")
    got = {(c, cur, b): amount for c, cur, b, amount in run(folder, query("aging"))}
    aged = json.loads(arl("-L", demo_copy, "aging", "--as-of", DAY, "-f", "json").out)
    want = {
        (row["customer"], row["currency"], bucket): Decimal(row[bucket])
        for row in aged["rows"]
        for bucket in aged["buckets"]
        if Decimal(row[bucket])
    }
    assert got == want


def test_the_dso_query_gives_arl_metrics(
    demo_copy: Path, arl: Callable[..., Result], tmp_path: Path
) -> None:
    folder = exported(demo_copy, arl, tmp_path / "pq")
    got = {currency: float(dso) for currency, dso in run(folder, query("dso"))}
    shown = arl("-L", demo_copy, "metrics", "--from", "2026-06-01", "--to", DAY, "-f", "json")
    want = {r["currency"]: r["dso"] for r in json.loads(shown.out)["rows"] if r["scope"] == "all"}
    assert got == want


def test_parquet_needs_a_folder(demo_copy: Path, arl: Callable[..., Result]) -> None:
    result = arl("-L", demo_copy, "export", "parquet", "--as-of", DAY)
    assert result.code == 2 and "parquet needs a folder" in result.err
