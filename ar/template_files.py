"""Where templates may be read from: regular files inside their templates folder, no further.

A ledger's `templates/` comes with the ledger, so a pull request can put a link in it:
`templates/sub -> /elsewhere` and `{% include "sub/secret.txt" %}` would print a file from
outside the ledger into a letter, or `templates/pre_due.txt -> /dev/zero` would read for
ever. Jinja's own file loader follows links anywhere and opens whatever it finds. This one
resolves each template's path and reads it only when it stays inside the folder it belongs
to (the ledger's `templates/`, or the built-in templates) and is a regular file of at most
MAX_BYTES; anything else stops the rendering with TemplateRefused, which the callers report
as one line at the template and line that asked for it.
"""

from __future__ import annotations

import functools
import os
import stat
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path

MAX_BYTES = 1_000_000  # a template larger than this is not a letter


class TemplateRefused(SecurityError):
    """A template file that may not be read: a link out of its folder, a device, too large."""


class ConfinedLoader(jinja2.BaseLoader):
    """Templates from `folders` in turn, each file confined to the first of `bounds` that
    holds its folder (a folder under no bound is not searched)."""

    def __init__(self, folders: Sequence[Path], bounds: Sequence[Path]) -> None:
        self.searchpath = [str(folder) for folder in folders]
        self._folders = []
        for folder in folders:
            bound = next((b for b in bounds if folder.is_relative_to(b)), None)
            if bound is not None:  # the bound itself may be a link: it must not lead out
                self._folders.append((folder, bound.parent.resolve() / bound.name))

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses `..`
        for folder, bound in self._folders:
            path = folder.joinpath(*pieces)
            if not os.path.lexists(path):
                continue
            text, mtime = _read(path, bound, template)
            return text, str(path), functools.partial(_unchanged, path, mtime)
        raise jinja2.TemplateNotFound(template)


def _read(path: Path, bound: Path, name: str) -> tuple[str, float]:
    """The text of a template file, refused unless it is a regular file inside `bound`."""
    real = path.resolve()
    if not real.is_relative_to(bound):
        raise TemplateRefused(f"template '{name}' leads out of its templates folder (a link)")
    try:  # not blocking: a FIFO would wait for a writer for ever
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        handle = os.open(real, flags)
    except OSError as exc:
        raise TemplateRefused(f"template '{name}' cannot be read: {exc.strerror}") from None
    with os.fdopen(handle, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise TemplateRefused(f"template '{name}' is not a regular file")
        data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise TemplateRefused(f"template '{name}' is over {MAX_BYTES:,} bytes")
    try:
        return data.decode("utf-8"), status.st_mtime
    except UnicodeDecodeError:
        raise TemplateRefused(f"template '{name}' is not UTF-8 text") from None


def _unchanged(path: Path, mtime: float) -> bool:
    try:
        return path.stat().st_mtime == mtime
    except OSError:
        return False


def failing_template(exc: BaseException, folders: Sequence[str]) -> tuple[str, int] | None:
    """The innermost template file and line in a traceback Jinja rewrote into template lines."""
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.lineno and any(Path(frame.filename).is_relative_to(f) for f in folders):
            found = (frame.filename, frame.lineno)
    return found
