"""Writing records: canonical text, atomic replacement, one writer at a time per ledger."""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import signal
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from ar.errors import ArlError
from ar.model import Record
from ar.store.names import TEMP_SUFFIX, own_folder
from ar.store.yamlwrite import dump_one, dump_stream, load_stream

CRASH_HOOK = "ARL_TEST_CRASH_BEFORE_RENAME"


def document(record: Record) -> dict[str, Any]:
    """A record as the plain mapping written to its file: contract key order, no defaults."""
    data: dict[str, Any] = record.model_dump(by_alias=True, exclude_defaults=True)
    return data


def record_text(record: Record, comment: str | None = None) -> str:
    """The canonical file text of a new record, with an optional leading comment line."""
    head = "".join(f"# {line}\n" for line in comment.splitlines()) if comment else ""
    return head + dump_one(CommentedMap(document(record)))


@contextlib.contextmanager
def ledger_lock(root: Path) -> Iterator[None]:
    """Hold the ledger's exclusive write lock (released by the OS if the process dies)."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW  # a link could name any file
    fd = os.open(own_folder(root) / "lock", flags, 0o644)
    with os.fdopen(fd, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        from ar.store import prescan

        prescan.discard(root)  # stats taken before the lock was ours may be out of date
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def atomic_write(path: Path, content: str | bytes) -> None:
    """Replace `path` with `content` so that a crash leaves the old file or the new, never half.

    The content goes to a hidden temporary file (`.NAME.*.tmp`, ignored by the loader) that is
    renamed over `path`. Setting ARL_TEST_CRASH_BEFORE_RENAME=1 makes the process kill itself
    between the two steps, so tests can prove a crash there leaves the old file intact.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temporary_beside(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
            handle.flush()
            os.fsync(handle.fileno())
        if os.environ.get(CRASH_HOOK):
            os.kill(os.getpid(), signal.SIGKILL)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def temporary_beside(path: Path) -> tuple[int, Path]:
    """A new hidden `.NAME.*.tmp` file open for writing, to be renamed over `path`.

    It gets the mode `path` has, or for a new file the one the umask gives: the rename must
    not make a file that others could read private (a bare temporary file is owner-only).
    """
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        except FileExistsError:
            continue
        if mode is not None:
            with contextlib.suppress(OSError):  # a file system without modes keeps its own
                os.fchmod(fd, mode)
        return fd, tmp


def create(path: Path, text: str) -> None:
    """Write a new record file; refuses to overwrite one that exists."""
    if path.exists():
        raise ArlError(f"{path.name} exists already", "choose another id or number")
    atomic_write(path, text)


def rewrite(path: Path, line: int, change: Callable[[CommentedMap], None]) -> str:
    """Apply `change` to the document starting at `line`, keep the rest verbatim, write back.

    Returns the new text. Comments, blank lines and key order written by a person survive.
    """
    text = path.read_text("utf-8")
    new_text = edited_text(text, line, change)
    if new_text != text:
        atomic_write(path, new_text)
    return new_text


def edited_text(
    text: str, line: int, change: Callable[[CommentedMap], None], key: str | None = None
) -> str:
    """The text after `change` to one document, without writing anything: the document of
    the record `key` (its id or number) when the stream holds one, else the one starting at
    `line`. Several records of one file are edited in turn this way, although each edit
    moves the lines of the documents after it."""
    header, docs = load_stream(text)
    index = _document_of(docs, key) if key is not None else None
    if index is None:
        index = _document_at(docs, line, header)
    change(docs[index])
    return dump_stream(header, docs, explicit=text.lstrip().startswith("---"))


def _document_of(docs: list[Any], key: str) -> int | None:
    """Which document holds the record `key`, if exactly one does."""
    found = [
        index
        for index, doc in enumerate(docs)
        if isinstance(doc, CommentedMap) and str(doc.get("id") or doc.get("number")) == key
    ]
    return found[0] if len(found) == 1 else None


def _document_at(docs: list[Any], line: int, header: str) -> int:
    """Which document of a stream starts at `line` (1-based, as recorded in a Source)."""
    offset = header.count("\n")
    for index, doc in enumerate(docs):
        if doc.lc.line + 1 + offset == line:
            return index
    raise ArlError(f"no record starts at line {line}", "the file changed; run the command again")
