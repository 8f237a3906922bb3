"""`arl import`: a CSV file in, new records out, nothing written while any row is bad."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ar.cli.env import Env
from ar.errors import ArlError

if TYPE_CHECKING:
    from collections.abc import Callable

    from ar.book import Book
    from ar.imports.mapping import Columns
    from ar.imports.plan import Plan
    from ar.imports.table import Table
    from ar.model.trade import ImportProfile
    from ar.store.transaction import Transaction

PROGRESS_FROM = 1000


@dataclass(frozen=True)
class CsvOptions:
    """How to read the file, as given on the command line (None: detect or use the profile)."""

    map: str | None = None
    mapping: str | None = None
    date_format: str | None = None
    decimal: str | None = None
    delimiter: str | None = None
    encoding: str | None = None


MAX_INPUT_BYTES = 256_000_000  # far beyond any statement or spreadsheet; bounds memory


def read_input(path: Path) -> bytes:
    """A statement's or spreadsheet's bytes: a regular file, refused if too large to be one
    (a device or pipe would never end)."""
    from ar.store.safefile import read_input as read_regular_input

    return read_regular_input(path, MAX_INPUT_BYTES)


def read_csv(path: Path, kind: str, book: Book, options: CsvOptions) -> tuple[Table, Columns]:
    """The file as a table and its resolved columns, using a saved profile if there is one."""
    from ar.imports.mapping import parse_map, resolve, with_styles
    from ar.imports.table import read_table

    profile = _profile(book, kind, options.mapping)
    data = read_input(path)
    table = read_table(
        data,
        str(path),
        encoding=options.encoding or profile.encoding,
        delimiter=options.delimiter or profile.delimiter,
    )
    columns = resolve(table, kind, parse_map(options.map), profile)
    return table, with_styles(table, columns, profile, options.date_format, options.decimal or "")


def _profile(book: Book, kind: str, name: str | None) -> ImportProfile:
    from ar.model.trade import ImportProfile

    profiles = book.ledger.imports
    if name is None:
        return profiles.get(kind, ImportProfile())
    if name not in profiles:
        known = ", ".join(profiles) or "none"
        raise ArlError(f"no import mapping '{name}' in ledger.yaml", f"saved mappings: {known}")
    profile = profiles[name]
    if (profile.kind or name) != kind:
        raise ArlError(f"mapping '{name}' is for {profile.kind or name}, not {kind}")
    return profile


def plan_import(kind: str, path: Path, book: Book, options: CsvOptions) -> Plan:
    from ar.imports import plan as planning
    from ar.imports import rows

    table, columns = read_csv(path, kind, book, options)
    if kind == "customers":
        read = rows.customers(table, columns, book)
        plan = planning.plan_customers(book, read.records)
    elif kind == "invoices":
        read = rows.invoices(table, columns, book)
        plan = planning.plan_invoices(book, read.records)
    else:
        read = rows.payments(table, columns, book)
        plan = planning.plan_payments(book, read.records)
    plan.problems[:0] = read.problems
    return planning.verified(book, plan, table.name)


def run_import(
    env: Env, kind: str, path: Path, options: CsvOptions, *, dry_run: bool, skip_bad: bool, fmt: str
) -> None:
    """Plan the import on the book as it is under the lock, and record it in that
    transaction: rows that are bad stop it (unless --skip-bad), and so does anything
    the transaction refuses, such as a row dated inside the closed period."""
    from ar.cli.progress import parse_progress
    from ar.imports.report import plan_report
    from ar.render.table import print_report
    from ar.store.transaction import transaction

    with parse_progress() as progress, transaction(env.root(), progress=progress) as tx:
        book = tx.book
        plan = plan_import(kind, path, book, options)
        for problem in sorted(plan.problems, key=lambda p: p.source):
            typer.echo(str(problem), err=True)
        if plan.problems and not skip_bad:
            typer.echo(
                f"{len(plan.problems)} bad row(s) in {path}; nothing was written "
                "(fix them, or pass --skip-bad to import the rest)",
                err=True,
            )
            raise typer.Exit(1)
        _record(env, tx, plan, path, dry_run=dry_run)
    if dry_run:
        print_report(plan_report(book, plan, str(path)), fmt, env.out)
    already = f"; {len(plan.existing)} already in the ledger" if plan.existing else ""
    verb = "would import" if dry_run else "imported"
    typer.echo(f"{verb} {len(plan.new)} {kind} from {path}{already}", err=True)
    if plan.problems:
        raise typer.Exit(1)


def _record(env: Env, tx: Transaction, plan: Plan, path: Path, *, dry_run: bool) -> None:
    from ar.plan import Change

    files = tx.stage(
        Change(None, r, "", f"imported from {path.name} line {r.source.line}") for r in plan.new
    )
    tx.verify()
    if not dry_run:
        with _progress(env, len(files), f"writing {path.name}") as advance:
            tx.write(files, advance)


@contextmanager
def _progress(env: Env, total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on a terminal for thousands of records; nothing otherwise."""
    err = env.err
    if total < PROGRESS_FROM or not err.is_terminal:
        yield None
        return
    from rich.progress import Progress

    with Progress(console=err, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)
