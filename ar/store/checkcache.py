"""The whole-book checks, remembered next to the parse cache and redone only where needed.

Every report refuses a book that does not add up, so every command runs the checks. For
a book restored from the parse cache unchanged since the last run, the problems found
then still stand. After a change, only the records it reaches are checked again
(`ar.rechecks`). The problems are kept as `check_book` finds them (at each record's
line), under the generation of the cache and a digest of arl's code, and narrowed to the
line of their field (`pinpoint`) as they are handed out.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ar import __version__
from ar.account import Account
from ar.book import Book
from ar.errors import Problem
from ar.integrity import check_book
from ar.rechecks import ordered_by_place, recheck
from ar.settlement import Settlement, settlement
from ar.store.cachefile import open_own, write_beside
from ar.store.codec import decode_problem, encode_problem
from ar.store.layout import CACHE_DIR
from ar.store.load import Loaded, pinpoint
from ar.store.names import own_folder

NAME = "checks"


def book_problems(loaded: Loaded, *, afresh: bool = False) -> list[Problem]:
    """`check_book`'s problems for a loaded book, by place, each at the line of its field.

    With `afresh` (what `arl check` asks for), the remembered problems are not used: the
    checks run on the book as loaded, and what they find replaces what was remembered. A
    file under .arl-cache/ can be written by anyone who can write the ledger (a pull
    request, say); what `arl check` proves must come from the records alone."""
    found = found_problems(loaded, afresh=afresh)
    return [pinpoint(loaded.root, problem) for problem in found]


def found_problems(loaded: Loaded, *, afresh: bool = False) -> list[Problem]:
    """`check_book`'s problems for a loaded book, by place, at the line of their record (as
    `ar.rechecks` takes them)."""
    book = loaded.book
    assert book is not None
    stored = None if afresh else _stored(loaded.root)
    if stored is not None and stored[0] == loaded.generation:
        found = stored[1]
    else:
        redone = _rechecked(loaded, book, stored)
        found = ordered_by_place(check_book(book)) if redone is None else redone
        _remember(loaded, found)
    return found


def _rechecked(
    loaded: Loaded, book: Book, stored: tuple[str, list[Problem]] | None
) -> list[Problem] | None:
    """The problems of the book before a change, redone where the change reaches."""
    change = loaded.change
    if stored is None or change is None or stored[0] != change.previous:
        return None
    accts = Accounts(book, settlement(book))
    return recheck(
        book, accts, stored[1], change.before, change.after, change.related, change.order
    )


class Accounts(dict[str, Account]):
    """A book's accounts looked up one at a time, walked in the order of its invoices."""

    def __init__(self, book: Book, settled: Settlement) -> None:
        super().__init__()
        self._book, self._settled = book, settled

    def __getitem__(self, number: str) -> Account:
        found = self._settled.account(number)
        if found is None:
            raise KeyError(number)
        return found

    def get(self, number: str, default: Any = None) -> Any:
        found = self._settled.account(number)
        return default if found is None else found

    def __contains__(self, number: object) -> bool:
        return number in self._book.invoices

    def __iter__(self) -> Iterator[str]:
        return iter(self._book.invoices)


@functools.cache
def _code() -> str:
    """A digest of arl's code (each module's name, size and time): problems found by other
    code are not reused."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


MAX_BYTES = 256_000_000
DAMAGE = (EOFError, ValueError, TypeError, LookupError, AttributeError, OverflowError)
"""What decoding a damaged or forged file can raise; it then costs a re-check, no more."""


def _stored(root: Path) -> tuple[str, list[Problem]] | None:
    try:
        with open_own(root / CACHE_DIR / NAME) as handle:
            data = handle.read(MAX_BYTES + 1)
        stamp, problems = marshal.loads(data)
        generation, code = stamp
        if code != _code() or not isinstance(generation, str) or len(data) > MAX_BYTES:
            return None
        return generation, [decode_problem(p) for p in problems]
    except (OSError, *DAMAGE):
        return None


def forget(root: Path) -> None:
    """Drop the remembered problems (`arl check --no-cache` does, with the parse cache)."""
    folder = root / CACHE_DIR
    if not folder.is_symlink():  # a link's target is not the ledger's to delete from
        with contextlib.suppress(OSError):
            (folder / NAME).unlink(missing_ok=True)


def _remember(loaded: Loaded, problems: list[Problem]) -> None:
    if loaded.generation is None:
        return
    stamp = (loaded.generation, _code())
    data = marshal.dumps((stamp, [encode_problem(p) for p in problems]))
    try:
        write_beside(own_folder(loaded.root), NAME, data)
    except OSError:
        return
