"""Problems are values: where (file and line), what, and what to do about it.

Checks collect every problem they find and return them; exceptions are kept for bugs and
for the few cases where a command cannot continue at all (`ArlError`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Source:
    """Where a record or value came from: a path relative to the ledger root and a 1-based line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a ledger. `field` narrows the place within the record at `source`."""

    source: Source
    message: str
    hint: str = ""
    field: FieldPath = ()

    def __str__(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.source}: {self.message}{hint}"


class ArlError(Exception):
    """A command cannot continue: bad usage or input. The CLI prints it as one line, exit 2."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class ProblemsFound(ArlError):
    """A write was refused because the records it touches have integrity problems."""

    def __init__(
        self,
        message: str,
        problems: list[Problem],
        hint: str = "run 'arl check' and fix these first",
    ) -> None:
        super().__init__(message, hint)
        self.problems = problems


def relative(path: Path, root: Path) -> str:
    """A path as shown to users: relative to the ledger root when inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
