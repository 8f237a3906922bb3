"""arl: accounts receivable kept as plain YAML files in a git repository.

The front door for scripts (docs/api.md)::

    import ar, datetime
    book = ar.load("ledgers/demo")
    print(ar.as_json(ar.aging(book, as_of=datetime.date(2026, 11, 20))))

The functions live in `ar.api` and are imported on first use, so that `import ar` (which
every module of the package runs) stays as cheap as `arl --help` needs it to be.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from ar.api import (
        Aged,
        Book,
        Forecast,
        Metrics,
        Statement,
        aging,
        as_json,
        check,
        forecast,
        load,
        metrics,
        statement,
    )

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
FRONT_DOOR = frozenset(__all__)


def __getattr__(name: str) -> Any:
    """`ar.load` and the rest, from `ar.api` when first asked for."""
    if name in FRONT_DOOR:
        from ar import api

        return getattr(api, name)
    raise AttributeError(f"module 'ar' has no attribute {name!r}")
