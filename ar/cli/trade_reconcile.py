"""`arl reconcile`: a bank statement matched to open invoices, recorded on request."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ar.cli.env import Env
from ar.cli.trade_import import CsvOptions, read_csv, read_input
from ar.errors import ArlError

if TYPE_CHECKING:
    from ar.book import Book
    from ar.reconcile.lines import BankLine
    from ar.reconcile.match import Match
    from ar.reports.base import Report


def read_lines(path: Path, fmt: str | None, book: Book, options: CsvOptions) -> list[BankLine]:
    """The statement's lines; a statement with bad entries stops here, naming them."""
    from ar.formats.statement import detect_format, read_structured

    data = read_input(path)
    fmt = fmt or detect_format(data)
    if fmt == "csv":
        from ar.reconcile.lines import lines_from_table

        table, columns = read_csv(path, "bank", book, options)
        lines, problems = lines_from_table(table, columns, book.ledger.currency)
    else:
        lines, problems = read_structured(data, str(path), fmt)
    for problem in problems:
        typer.echo(str(problem), err=True)
    if problems:
        raise ArlError(f"{len(problems)} bad line(s) in {path}", "nothing was matched")
    return lines


def run_reconcile(
    env: Env, path: Path, fmt: str | None, options: CsvOptions, as_of: dt.date,
    *, record: bool, yes: bool, record_from: int, output: str,
) -> None:  # fmt: skip
    from ar.reconcile.match import reconcile
    from ar.reconcile.record import reconcile_report

    book = env.book()
    lines = read_lines(path, fmt, book, options)
    matches = reconcile(book, lines, as_of, record_from)
    report = reconcile_report(matches, str(path))
    _show(env, report, output)
    if record:
        _record(env, book, matches, path, yes=yes)
    elif any(m.status == "match" for m in matches):
        typer.echo("to record the matches: run again with --record", err=True)


def _show(env: Env, report: Report, output: str) -> None:
    from ar.render.table import print_report

    if output != "table":
        print_report(report, output, env.out)
        return
    groups = {
        "Matched": ("match", "review", "recorded"),
        "For a person to decide": ("unmatched",),
    }
    for title, statuses in groups.items():
        rows = [r for r in report.rows if r["status"] in statuses]
        if rows:
            print_report(replace(report, title=title, rows=rows), "table", env.out)
    meta = report.meta
    skipped = sum(r["status"] == "skipped" for r in report.rows)
    typer.echo(
        f"{meta['match']} to record, {meta['review']} to review, {meta['unmatched']} unmatched"
        + (f", {skipped} outgoing skipped" if skipped else ""),
        err=True,
    )


def _record(env: Env, book: Book, matches: list[Match], path: Path, *, yes: bool) -> None:
    """Record the accepted matches once confirmed, as payments numbered on the book as it
    is by then (in a transaction, which refuses them all if it must refuse any)."""
    from ar.imports.plan import Plan, verified
    from ar.plan import Change
    from ar.reconcile.record import payments_for
    from ar.store.transaction import transaction

    plan = verified(book, Plan(new=list(payments_for(book, matches))), str(path))
    for problem in plan.problems:
        typer.echo(f"{problem} (not recorded)", err=True)
    if not plan.new:
        typer.echo("nothing to record", err=True)
        return
    if not yes:
        if not sys.stdin.isatty():
            raise ArlError("recording needs confirmation", "pass --yes to record without asking")
        if not typer.confirm(f"Record {len(plan.new)} payment(s)?", default=False):
            raise typer.Abort()
    comment = f"recorded from {path.name} by arl reconcile"
    with transaction(env.root()) as tx:
        fresh = verified(tx.book, Plan(new=list(payments_for(tx.book, matches))), str(path))
        for problem in fresh.problems:
            if problem not in plan.problems:  # the book moved on since the matches were shown
                typer.echo(f"{problem} (not recorded)", err=True)
        files = tx.stage(Change(None, p, "", f"{comment}, line {p.source.line}") for p in fresh.new)
        tx.verify()
        tx.write(files)
    typer.echo(f"recorded {len(files)} payment(s)", err=True)
