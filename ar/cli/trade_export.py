"""`arl export`: the book as an hledger/ledger journal, a beancount file, or tables."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

from ar.cli.env import Env
from ar.cli.output import write_output
from ar.errors import ArlError

if TYPE_CHECKING:
    from ar.book import Book
    from ar.reports.base import Report


def export_text(book: Book, target: str, as_of: dt.date, kind: str | None) -> str | bytes:
    """The exported file's content for one target."""
    if target in ("hledger", "ledger", "beancount"):
        from ar.export.beancount import beancount_text
        from ar.export.hledger import hledger_text
        from ar.export.journal import build

        journal = build(book, as_of)
        accounts = book.ledger.export.accounts
        return (beancount_text if target == "beancount" else hledger_text)(journal, accounts)
    from ar.export.tables import tables

    every = tables(book, as_of)
    if target == "json":
        return _json(every, as_of)
    if target == "xlsx":
        from ar.render.xlsx import workbook

        return workbook(list(every.values()))
    if kind is None:
        raise ArlError("a CSV file holds one table", "pass --kind KIND, or --output DIR for all")
    from ar.render.report import as_csv

    return as_csv(every[kind])


def _json(every: dict[str, Report], as_of: dt.date) -> str:
    from ar.render.report import plain_row

    body: dict[str, object] = {"as_of": as_of.isoformat()}
    for kind, report in every.items():
        body[kind] = [plain_row(row) for row in report.rows]
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def run_export(
    env: Env, target: str, as_of: dt.date, kind: str | None, output: Path | None
) -> None:
    book = env.book()
    if target == "parquet":
        _parquet(env, book, as_of, output)
        return
    if target == "csv" and kind is None and output is not None:
        _csv_folder(book, as_of, output)
        return
    content = export_text(book, target, as_of, kind)
    if output is not None:
        write_output(output, content)
    elif isinstance(content, bytes):
        from ar.render.table import write_binary

        write_binary(env.out, content, "write it to a file: -o book.xlsx, or > book.xlsx")
    else:
        env.out.file.write(content)


def _csv_folder(book: Book, as_of: dt.date, folder: Path) -> None:
    from ar.export.tables import tables
    from ar.render.report import as_csv

    if folder.exists() and not folder.is_dir():
        raise ArlError(f"{folder} is a file", "give a folder for one CSV file per table")
    folder.mkdir(parents=True, exist_ok=True)
    for kind, report in tables(book, as_of).items():
        write_output(folder / f"{kind}.csv", as_csv(report))


def _parquet(env: Env, book: Book, as_of: dt.date, folder: Path | None) -> None:
    if folder is None:
        raise ArlError("parquet needs a folder", "add -o FOLDER (one file per table)")
    if folder.exists() and not folder.is_dir():
        raise ArlError(f"{folder} is a file", "give a folder for one Parquet file per table")
    try:
        from ar.query.parquet import write_parquet

        written = write_parquet(book, as_of, folder)
    except ImportError:
        raise ArlError("export parquet needs pyarrow", "pip install 'ar-ledger[parquet]'") from None
    env.out.print(f"{len(written)} tables in {folder}", markup=False)
