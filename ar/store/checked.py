"""The book as it is on disk, refused while any file or whole-book check finds a problem.

Commands that write read the book inside the write lock through this, so that what they
decide rests on the latest state and never on a ledger that does not add up.
"""

from __future__ import annotations

from pathlib import Path

from ar.book import Book
from ar.errors import ProblemsFound
from ar.store.checkcache import book_problems
from ar.store.load import load_book


def checked_book(root: Path) -> Book:
    loaded = load_book(root)
    problems = list(loaded.problems)
    if loaded.book is not None and not problems:
        problems = book_problems(loaded)
    if loaded.book is None or problems:
        raise ProblemsFound("the ledger has problems that stop this command", problems)
    return loaded.book
