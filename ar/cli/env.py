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

from ar.errors import ArlError

if TYPE_CHECKING:
    from rich.console import Console

    from ar.book import Book
    from ar.store.checked import Checked
    from ar.store.load import Loaded


_KEPT: list[Loaded] = []
"""The last book loaded lives as long as the process: the command line ends without
freeing it (see `ar.cli.main`)."""


@dataclass
class Env:
    ledger_option: Path | None = None
    environ: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    cwd: Path = field(default_factory=Path.cwd)

    def root(self) -> Path:
        from ar.store.names import find_root

        return find_root(self.ledger_option, self.environ.get("ARL_LEDGER"), self.cwd)

    def today(self) -> dt.date:
        return dt.date.today()

    def now(self) -> dt.datetime:
        """The local time with its offset, for the Date of a message."""
        return dt.datetime.now().astimezone()

    def uses_cache(self) -> bool:
        """The parse cache is on unless $ARL_NO_CACHE is set (to anything but 0)."""
        return self.environ.get("ARL_NO_CACHE", "") in ("", "0")

    def load(self, *, cache: bool | None = None) -> Loaded:
        use = self.uses_cache() if cache is None else cache
        root = self.root()
        if use:  # helpers start stat-ing the files while the loader is imported
            from ar.store.prescan import start

            start(root)
        from ar.cli.progress import parse_progress
        from ar.store.load import load_book

        with parse_progress() as progress:
            loaded = load_book(root, cache=use, progress=progress)
        _KEPT[:] = [loaded]
        return loaded

    def checked(self, *, cache: bool | None = None, afresh: bool = False) -> Checked:
        """The loaded ledger with the problems of its files and of the whole book
        (`afresh`: whole-book checks run anew, as `arl check` must)."""
        from ar.store.checked import checked

        loaded = self.load() if cache is None else self.load(cache=cache)
        return checked(loaded, afresh=afresh)

    def book(self) -> Book:
        """The loaded book, refused while any file or whole-book check finds a problem.

        A report from a book that does not add up would be wrong without saying so.
        """
        return self.checked().sound()

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
