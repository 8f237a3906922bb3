"""The book as it is on disk, with every problem found in its files and as a whole.

Every command reads the ledger through `load_checked`: reports and letters refuse a book
that does not add up (`Checked.sound`), since figures from it would be wrong without
saying so; recording commands (`ar.store.transaction`) refuse only where their change
reaches, and `arl check` prints the problems.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ar.book import Book
from ar.errors import Problem, ProblemsFound
from ar.store.checkcache import book_problems
from ar.store.load import Loaded, load_book


@dataclass(frozen=True)
class Checked:
    """A loaded ledger and the problems of the whole-book checks (`book_problems`), each at
    the line of its field; the problems of its files are `loaded.problems`."""

    loaded: Loaded
    book_problems: list[Problem]

    @property
    def problems(self) -> list[Problem]:
        return [*self.loaded.problems, *self.book_problems]

    def sound(self) -> Book:
        """The book, refused while any file or whole-book check finds a problem. When files
        do not load, only theirs are told: the whole-book problems then mostly echo them."""
        book = self.loaded.book
        problems = self.loaded.problems or self.book_problems
        if book is None or problems:
            raise ProblemsFound("the ledger has problems that stop this command", problems)
        return book


def load_checked(
    root: Path,
    *,
    cache: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Checked:
    """Load the ledger (see `load_book`) and check it."""
    return checked(load_book(root, cache=cache, progress=progress))


def checked(loaded: Loaded, *, afresh: bool = False) -> Checked:
    """A loaded ledger with the whole-book checks run on what loaded (`afresh`: without
    the problems remembered from the last run, see `book_problems`)."""
    found = book_problems(loaded, afresh=afresh) if loaded.book is not None else []
    return Checked(loaded, found)
