"""The whole-book checks, remembered for a book that has not changed since they ran.

Every report refuses a book that does not add up, so every command runs `check_book`.
For a big book restored from the parse cache, unchanged since the last run, the problems
that run found still stand: they are kept next to the cache, under the generation of the
cache they were found in and a digest of the code that found them.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import tempfile
from pathlib import Path

from ar.errors import Problem
from ar.integrity import check_book
from ar.store.codec import decode_problem, encode_problem
from ar.store.layout import CACHE_DIR
from ar.store.load import Loaded, pinpoint

NAME = "checks"


def book_problems(loaded: Loaded) -> list[Problem]:
    """`check_book`'s problems for a loaded book, each at the line of its field."""
    assert loaded.book is not None
    found = _remembered(loaded)
    if found is None:
        found = [pinpoint(loaded.root, p) for p in check_book(loaded.book)]
        _remember(loaded, found)
    return found


@functools.cache
def _code() -> str:
    """A digest of arl's code: checks found by other code are not reused."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _remembered(loaded: Loaded) -> list[Problem] | None:
    if loaded.generation is None:
        return None
    try:
        stamp, problems = marshal.loads((loaded.root / CACHE_DIR / NAME).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if stamp != (loaded.generation, _code()):
        return None
    return [decode_problem(p) for p in problems]


def _remember(loaded: Loaded, problems: list[Problem]) -> None:
    if loaded.generation is None:
        return
    data = marshal.dumps(((loaded.generation, _code()), [encode_problem(p) for p in problems]))
    folder = loaded.root / CACHE_DIR
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{NAME}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        Path(tmp).replace(folder / NAME)
    except OSError:
        return


__all__ = ["book_problems"]
