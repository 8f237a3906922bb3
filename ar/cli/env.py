"""What every command shares: the ledger root, today's date, and the output streams.

Commands get these through `Env` rather than reaching for globals, so tests replace them.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ar.errors import ArlError, ProblemsFound

if TYPE_CHECKING:
    from rich.console import Console

    from ar.book import Book
    from ar.store.load import Loaded


@dataclass
class Env:
    ledger_option: Path | None = None
    environ: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    cwd: Path = field(default_factory=Path.cwd)

    def root(self) -> Path:
        from ar.store.layout import find_root

        return find_root(self.ledger_option, self.environ.get("ARL_LEDGER"), self.cwd)

    def today(self) -> dt.date:
        return dt.date.today()

    def now(self) -> dt.datetime:
        """The local time with its offset, for the Date of a message."""
        return dt.datetime.now().astimezone()

    def load(self) -> Loaded:
        from ar.store.load import load_book

        return load_book(self.root())

    def book(self) -> Book:
        """The loaded book, refused while any file or whole-book check finds a problem.

        A report from a book that does not add up would be wrong without saying so.
        """
        from ar.integrity import check_book
        from ar.store.load import pinpoint

        loaded = self.load()
        problems = list(loaded.problems)
        if loaded.book is not None and not problems:
            problems = [pinpoint(loaded.root, p) for p in check_book(loaded.book)]
        if loaded.book is None or problems:
            raise ProblemsFound("the ledger has problems that stop this command", problems)
        return loaded.book

    @property
    def out(self) -> Console:
        from rich.console import Console

        wide = None if sys.stdout.isatty() else 200  # pipes and files get whole cells
        return Console(file=sys.stdout, highlight=False, soft_wrap=False, width=wide)

    @property
    def err(self) -> Console:
        from rich.console import Console

        return Console(file=sys.stderr, highlight=False, soft_wrap=True)


def parse_date(text: str | None, default: dt.date) -> dt.date:
    if text is None:
        return default
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ArlError(f"'{text}' is not a date", "write it as YYYY-MM-DD") from None
