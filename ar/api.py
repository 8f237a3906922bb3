"""The front door for scripts: load a book, check it, and build the reports `arl` prints.

Each function takes what the matching command takes, as Python values, and applies the
ledger's own settings (ledger.yaml's `aging` basis and buckets) where the caller leaves
them out, so a script and `arl` always agree. `as_json` gives exactly the JSON text the
command prints with `--format json`. The command line calls these same functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ar.book import Book
from ar.errors import ArlError, Problem
from ar.reports.aging import Aged, Basis, By
from ar.reports.base import Report

if TYPE_CHECKING:
    from ar.store.checked import Checked
    from ar.store.load import Loaded

__all__ = [
    "Aged",
    "Book",
    "Forecast",
    "Metrics",
    "Statement",
    "aging",
    "as_json",
    "check",
    "forecast",
    "load",
    "metrics",
    "statement",
]


@dataclass(frozen=True)
class Metrics:
    """The metrics report: one row per currency, then per customer and currency (or the
    monthly series)."""

    report: Report


@dataclass(frozen=True)
class Forecast:
    """Expected receipts per week and currency."""

    report: Report


@dataclass(frozen=True)
class Statement:
    """Everything a customer statement shows, one section per currency."""

    data: dict[str, Any]


def load(path: str | PathLike[str], *, cache: bool = True) -> Book:
    """The book of the ledger at `path`, refused (`ProblemsFound`) while `arl check` finds
    a problem: figures from a book that does not add up would be wrong without saying so.

    With `cache=False` every file is parsed afresh and nothing is written into the ledger
    (no `.arl-cache/`); `$ARL_NO_CACHE` turns the cache off for `cache=True` too.
    """
    return _checked(path, cache).sound()


def check(
    path_or_book: str | PathLike[str] | Book, *, against: str | None = None, cache: bool = True
) -> list[Problem]:
    """Every problem `arl check` prints for a ledger (`str(problem)` is its
    `file:line: message (hint)` line), by place; empty when the book adds up.

    A `Book` already loaded is checked as a whole, each problem at its record's line. In a
    git repository, records changed inside the closed period since `against` (default: the
    last commit) are problems too, as with `arl check --against`.
    """
    if isinstance(path_or_book, Book):
        from ar.integrity import check_book

        return sorted(check_book(path_or_book), key=lambda p: p.source)
    return sorted(ledger_problems(_checked(path_or_book, cache), against), key=lambda p: p.source)


def ledger_problems(checked: Checked, against: str | None) -> list[Problem]:
    """The problems of the files, of the whole book, of its letter templates, and of the
    closed period (see `check`), each at the line of its field."""
    from ar.numbering import case_clashes
    from ar.store.load import pinpoint
    from ar.templating import missing_letter_templates

    loaded = checked.loaded
    if loaded.book is None:
        return checked.problems
    found = missing_letter_templates(loaded.root, loaded.book)
    found += case_clashes(loaded.book)
    found += _closed_period_problems(loaded, against)
    return checked.problems + [pinpoint(loaded.root, p) for p in found]


def _closed_period_problems(loaded: Loaded, against: str | None) -> list[Problem]:
    """Records added, edited or removed inside the closed period since `against` (default:
    the last commit), when the ledger is in git; nothing to say otherwise."""
    from ar.review.diff import closed_period_problems as problems
    from ar.store import git
    from ar.store.revision import change_set, ledger_at

    root, book = loaded.root, loaded.book
    repo = git.repository(root)
    if against is None:
        if repo is None or not git.has_commits(repo) or book is None:
            return []
        against = "HEAD"
    if book is None:
        return []
    if book.ledger.locked_until is None and repo is not None:
        before = ledger_at(repo, git.commit_of(repo, against))
        if before is None or before.locked_until is None:
            return []
    return problems(change_set(root, against, None, loaded))


def _checked(path: str | PathLike[str], cache: bool) -> Checked:
    """The ledger at `path` loaded and checked; a parse cache this began writing is whole
    before the script goes on (it may archive or delete the ledger next)."""
    from ar.store import background
    from ar.store.checked import checked
    from ar.store.load import load_book
    from ar.store.names import find_root

    root = find_root(Path(path), None, Path.cwd())
    try:  # the whole-book checks run anew: a remembered result is never trusted for them
        return checked(load_book(root, cache=None if cache else False), afresh=True)
    finally:
        background.wait()


def aging(
    book: Book,
    *,
    as_of: dt.date,
    by: By = "customer",
    buckets: Sequence[int] | None = None,
    basis: Basis | None = None,
    customer: str | None = None,
    currency: str | None = None,
) -> Aged:
    """Aged receivables as of a date (`arl aging`); `buckets` and `basis` default to
    ledger.yaml's `aging` settings."""
    from ar.reports.aging import Options
    from ar.reports.aging import aging as build

    limits = tuple(buckets) if buckets is not None else None
    if limits is not None and (any(d <= 0 for d in limits) or list(limits) != sorted(set(limits))):
        raise ArlError(f"buckets {list(limits)} must increase", "give day counts like 30,60,90")
    chosen = currency.upper() if currency else None
    return build(book, Options(as_of, basis, limits, by, customer, chosen))


def metrics(
    book: Book,
    *,
    as_of: dt.date,
    start: dt.date | None = None,
    customer: str | None = None,
    by_month: bool = False,
) -> Metrics:
    """Collection metrics (`arl metrics`) for the period from `start` (default: twelve
    calendar months back) to `as_of`, the period's last day (the command's --to)."""
    from ar.reports.collection import default_period, metrics_report, monthly_report
    from ar.reports.metrics import Period

    period = default_period(as_of) if start is None else Period(start, as_of)
    if period.start > period.end:
        raise ArlError(f"--from {period.start} is after --to {period.end}", "swap them")
    build = monthly_report if by_month else metrics_report
    return Metrics(build(book, period, customer))


def statement(
    book: Book,
    customer: str,
    *,
    as_of: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Statement:
    """A customer statement (`arl statement`): activity from `start` (default: the first of
    the month of `end`) to `end` (default: `as_of`), and what is open as of `as_of`."""
    from ar.reports.statement import statement as build

    last = end or as_of
    first = start or last.replace(day=1)
    if first > last:
        raise ArlError(f"--from {first} is after --to {last}", "swap them")
    if last > as_of:
        raise ArlError(
            f"--to {last} is after --as-of {as_of}", "a statement cannot show the future"
        )
    return Statement(build(book, customer, first, last, as_of))


def forecast(
    book: Book,
    *,
    as_of: dt.date,
    weeks: int = 13,
    customer: str | None = None,
    currency: str | None = None,
) -> Forecast:
    """Expected receipts per week from `as_of` (`arl forecast`)."""
    from ar.reports.forecast import forecast as build

    if not 1 <= weeks <= 260:
        raise ArlError(f"weeks {weeks} is out of range", "give 1 to 260 weeks")
    chosen = currency.upper() if currency else None
    return Forecast(build(book, as_of, weeks, customer, chosen))


Reported = Aged | Metrics | Forecast | Statement


def as_json(report: Reported) -> str:
    """The JSON text the command prints with `--format json` (without its last newline,
    so that `print(as_json(...))` writes the same bytes)."""
    return _json_text(report).removesuffix("\n")


def _json_text(report: Reported) -> str:
    if isinstance(report, Aged):
        from ar.render.aging import aging_json

        return aging_json(report)
    if isinstance(report, Statement):
        from ar.render.statement import render_statement

        return render_statement(report.data, "json", None)
    from ar.render.report import as_json as report_json

    return report_json(report.report, with_totals=isinstance(report, Forecast))
