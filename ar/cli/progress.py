"""A progress bar for long parses, on stderr and only when stderr is a terminal."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any

Progress = Callable[[int, int], None]


@contextlib.contextmanager
def parse_progress() -> Iterator[Progress | None]:
    """A `progress(done, total)` callback drawing a bar, or None when nobody would see it."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TimeRemainingColumn
    from rich.progress import Progress as Bar

    columns: list[Any] = [
        "parsing ledger files",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    ]
    with Bar(*columns, console=Console(file=sys.stderr), transient=True) as bar:
        task = None

        def progress(done: int, total: int) -> None:
            nonlocal task
            if task is None:
                task = bar.add_task("parse", total=total)
            bar.update(task, completed=done)

        yield progress
