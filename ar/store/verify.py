"""Holding the parse cache to account: what it gives must equal a fresh parse, record by record.

`arl check --no-cache` parses every file afresh and compares the book the cache gives
with it: the records (fields, which fields were written, file and line), their order,
the problems found while loading, and the settlement. A difference is a problem like any
other, named at the record concerned; the cache is then discarded.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ar.book import Book
from ar.errors import Problem, Source
from ar.model import Record
from ar.settlement import settlement
from ar.store.layout import CACHE_DIR, KINDS
from ar.store.load import Loaded

HINT = "the parse cache was discarded; the next run rebuilds it (please report this)"
LIMIT = 20


def disagreements(fresh: Loaded, cached: Loaded) -> list[Problem]:
    """Where the cached load differs from the fresh one (at most LIMIT of them)."""
    found: list[Problem] = []
    for problem in _differences(fresh, cached):
        found.append(problem)
        if len(found) == LIMIT:
            break
    return found


def _differences(fresh: Loaded, cached: Loaded) -> Iterator[Problem]:
    if _by_place(fresh.problems) != _by_place(cached.problems):
        yield _cache_problem("the problems found while loading differ")
    if fresh.book is None or cached.book is None:
        if (fresh.book is None) != (cached.book is None):
            yield _cache_problem("the ledger itself loads differently")
        return
    yield from _records(fresh.book, cached.book)
    yield from _settlements(fresh.book, cached.book)


def _by_place(problems: list[Problem]) -> list[Problem]:
    """Problems in an order both loads agree on (a kind folder that is a link is met at a
    different moment by the scan of the root and by a walk of the folders)."""
    return sorted(problems, key=lambda p: (p.source, p.message))


def _records(fresh: Book, cached: Book) -> Iterator[Problem]:
    if not _same(fresh.ledger, cached.ledger):
        yield _at(fresh.ledger, "the ledger settings")
    tables = [kind.folder.replace("-", "_") for kind in KINDS]
    for name in tables:
        mine: dict[str, Record] = getattr(fresh, name)
        theirs: dict[str, Record] = getattr(cached, name)
        if list(mine) != list(theirs):
            yield _cache_problem(f"the {name.replace('_', ' ')} differ in number or order")
        for key, record in mine.items():
            other = theirs.get(key)
            if other is None or not _same(record, other):
                yield _at(record, f"'{key}' ({name.replace('_', ' ')})")


def _same(one: Record, other: Record) -> bool:
    return (
        type(one) is type(other)
        and one == other
        and one.source == other.source
        and one.model_fields_set == other.model_fields_set
    )


def _settlements(fresh: Book, cached: Book) -> Iterator[Problem]:
    mine, theirs = settlement(fresh), settlement(cached)
    accounts = theirs.accounts()
    for number, account in mine.accounts().items():
        if accounts.get(number) != account:
            yield _at(account.invoice, f"what is paid on '{number}' (the settlement)")
    if list(accounts) != list(mine.accounts()):
        yield _cache_problem("the settled invoices differ in number or order")
    if mine.orphans() != theirs.orphans():
        yield _cache_problem("the payments applied to unknown invoices differ")
    if mine.credits() != theirs.credits() or mine.pairs() != theirs.pairs():
        yield _cache_problem("the unapplied credit differs")


def _at(record: Record, what: str) -> Problem:
    return Problem(record.source, f"the parse cache disagrees with this file about {what}", HINT)


def _cache_problem(message: str) -> Problem:
    return Problem(Source(f"{CACHE_DIR}/book", 1), f"parse cache: {message}", HINT)


def discard(root: Path) -> None:
    from ar.store.cachefile import remove_cache

    remove_cache(root)
