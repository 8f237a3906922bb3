"""Reading a ledger directory into a Book plus every problem found on the way.

Each file is read on its own (`read_file`), which is the unit a parse cache or a pool of
worker processes can take over without any caller noticing.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from ar.book import Book, assemble
from ar.errors import FieldPath, Problem, Source, relative
from ar.model import Ledger, Record
from ar.model.introspect import allowed_keys
from ar.store import fastyaml
from ar.store.layout import (
    KINDS,
    LEDGER_FILE,
    MAX_RECORD_BYTES,
    MAX_STREAM_BYTES,
    Kind,
    record_files,
)
from ar.store.names import odd_name
from ar.store.safefile import Refused, read_regular
from ar.store.yamlread import Document, YamlError, compose_all, line_of, read_documents

if TYPE_CHECKING:
    from ar.store.snapshot import Snapshot


@dataclass
class ParsedFile:
    """What one file yields: its records (in order) and its problems."""

    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Change:
    """How the book differs from the one the parse cache held before this load: the old
    and new versions of the records of changed files (what re-checking it needs)."""

    previous: str  # the generation of that cache
    before: list[Record]
    after: list[Record]
    related: Callable[[set[tuple[str, str]]], list[Record]]
    order: Callable[[Record], Any]  # sorts records as the book holds them


@dataclass
class Loaded:
    """A loaded ledger. `book` is None only when ledger.yaml itself is unusable."""

    root: Path
    book: Book | None
    problems: list[Problem]
    generation: str | None = None  # the parse cache's, when the book is exactly what it holds
    change: Change | None = None
    snapshot: Snapshot | None = None  # what the parse cache holds of the book, read through it


def load_book(
    root: Path,
    *,
    cache: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Loaded:
    """Read every file of the ledger; never stops at the first problem.

    With `cache` (by default, unless $ARL_NO_CACHE is set), through the parse cache under
    .arl-cache/ (`ar.store.cached`): only the files that changed since the last run are
    parsed. Without it, every file is parsed here, one by one, and nothing is written: the
    reference the cache is checked against. `progress(done, total)` hears of long parses.
    """
    if cache is None:
        cache = os.environ.get("ARL_NO_CACHE", "") in ("", "0")
    from ar.store import background

    background.wait()  # a cache this process is still writing is there before reading on
    with _collector_paused():
        if cache:
            from ar.store.cached import load_cached

            return load_cached(root, progress)
        return _load_fresh(root)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading allocates a great many objects and frees none: the cyclic garbage collector
    would walk them again and again for nothing (it makes loading about three times slower).
    Once loaded, the book is long-lived and holds no cycles: it is set aside (`gc.freeze`)
    so that later collections do not walk it either (records are still freed as usual)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _load_fresh(root: Path) -> Loaded:
    ledger_file = read_file(root, root / LEDGER_FILE, Ledger, None)
    problems = list(ledger_file.problems)
    records: list[Record] = []
    for kind, path in record_files(root):
        parsed = read_file(root, path, kind.model, kind)
        records.extend(parsed.records)
        problems.extend(parsed.problems)
    if not ledger_file.records:
        return Loaded(root, None, problems)
    ledger = ledger_file.records[0]
    assert isinstance(ledger, Ledger)
    book, duplicates = assemble(ledger, records)
    return Loaded(root, book, problems + duplicates)


def read_file(root: Path, path: Path, model: type[Record], kind: Kind | None) -> ParsedFile:
    """Parse and validate one file; a stream of documents yields one record each."""
    name = relative(path, root)
    text, problem = _read_text(path, name)
    if problem:
        return ParsedFile(problems=[problem])
    return parse_text(text, name, model, kind)


def parse_text(text: str, name: str, model: type[Record], kind: Kind | None) -> ParsedFile:
    """Records and problems of a file's text; `name` is its path relative to the root.

    The text is read by the fast reader of arl's own layout when it can; any problem at
    all sends it through the full YAML reader, whose node tree gives each problem its line.
    """
    docs = fastyaml.read(text)
    if docs is not None:
        parsed = _parsed(docs, [], name, model, kind)
        if not parsed.problems:
            return parsed
    docs, problems = read_documents(text, name)
    return _parsed(docs, problems, name, model, kind)


def _parsed(
    docs: list[Document],
    problems: list[Problem],
    name: str,
    model: type[Record],
    kind: Kind | None,
) -> ParsedFile:
    result = ParsedFile(problems=problems)
    if not docs and not problems:
        result.problems.append(
            Problem(Source(name, 1), "file is empty", "delete it or write a record into it")
        )
    if kind is None and len(docs) > 1:
        result.problems.append(
            Problem(Source(name, docs[1].line), "ledger.yaml holds one document")
        )
    for doc in docs:
        record = _validate(doc, model, name, result.problems)
        if record is not None:
            result.records.append(record)
    if kind is not None and len(docs) == 1 and result.records:
        base = name.rpartition("/")[2]
        if str(getattr(result.records[0], kind.key)) != base[: base.rfind(".")]:
            _check_file_name(result.records[0], kind, Path(name), name, result.problems)
    return result


def _read_text(path: Path, name: str) -> tuple[str, Problem | None]:
    data, problem = read_record(str(path), name)
    if problem is not None:
        return "", problem
    return decode_text(data, name)


def read_record(path: str, name: str) -> tuple[bytes, Problem | None]:
    """A ledger file's bytes, read only if it is a regular file (no link followed, no
    device or pipe, its size checked before reading) with a record's name."""
    try:
        _, data = read_regular(path, MAX_STREAM_BYTES)
    except Refused as why:
        return b"", refused(name, why)
    except OSError as exc:
        return b"", unreadable(name, exc)
    return data, misnamed(name)


def refused(name: str, why: Refused) -> Problem:
    return Problem(
        Source(name, 1),
        f"not read: the file {why}",
        "a ledger holds its records as regular files of its own; replace it with one",
    )


def misnamed(name: str) -> Problem | None:
    """The problem of a file in a record folder whose name is not a record's, if it is one."""
    base = name.rpartition("/")[2]
    why = odd_name(base) if name != LEDGER_FILE else None
    if why is None:
        return None
    shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in name)
    return Problem(  # a name's control characters are shown, never sent to the terminal
        Source(shown, 1),
        f"not read: {why}",
        "rename it to ID.yaml (lower-case .yaml, no spaces), or move it out of the ledger",
    )


def unreadable(name: str, exc: OSError) -> Problem:
    return Problem(Source(name, 1), f"cannot read: {exc.strerror}")


def decode_text(data: bytes, name: str) -> tuple[str, Problem | None]:
    """A file's bytes as text, or the problem: too big for a record, or not UTF-8."""
    if len(data) > MAX_STREAM_BYTES or (len(data) > MAX_RECORD_BYTES and b"\n---" not in data):
        limit = "64 MB" if len(data) > MAX_STREAM_BYTES else "1 MB for one record"
        return "", Problem(
            Source(name, 1),
            f"file is {len(data):,} bytes, over the limit of {limit}",
            "a record this large is not a ledger record; split or remove it",
        )
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return "", Problem(
            Source(name, line),
            f"not UTF-8 text (byte 0x{data[exc.start]:02x})",
            "save the file as UTF-8",
        )


def _validate(
    doc: Document, model: type[Record], name: str, problems: list[Problem]
) -> Record | None:
    if not isinstance(doc.data, dict):
        found = "a list" if isinstance(doc.data, list) else "a single value"  # never echoed
        problems.append(
            Problem(
                Source(name, doc.line),
                f"expected a mapping of fields, found {found}",
                "write one field per line, like 'customer: ACME'",
            )
        )
        return None
    try:
        record = model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(_explain(error, model, doc, name) for error in exc.errors())
        return None
    return record.located(Source(name, doc.line))


def _explain(error: Any, model: type[BaseModel], doc: Document, name: str) -> Problem:
    """One pydantic error as a problem at the line of the offending key or value."""
    path = _data_path(tuple(error["loc"]), doc.data)
    where = _dotted(path)
    source = Source(name, line_of(doc.node, path) if doc.node is not None else doc.line)
    if error["type"] == "extra_forbidden":
        key = str(path[-1])
        known = allowed_keys(model, tuple(error["loc"])[:-1])
        close = difflib.get_close_matches(key, known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(known)
        return Problem(source, f"unknown key '{where}'", hint)
    if error["type"] == "missing":
        return Problem(source, f"missing required key '{where}'")
    if error["type"] == "union_tag_invalid":
        expected = error["ctx"]["expected_tags"].replace("'", "")
        return Problem(
            source, f"{where}: unknown type '{error['ctx']['tag']}'", f"one of {expected}"
        )
    message = str(error["msg"]).removeprefix("Value error, ")
    value = error.get("input")
    shown = f" (got {value!r:.40})" if isinstance(value, str | int | float) and where else ""
    return Problem(source, f"{where}: {message}{shown}" if where else message)


def _data_path(loc: FieldPath, data: Any) -> FieldPath:
    """Pydantic's location without the tags it inserts for tagged unions (events[0].fee)."""
    path: list[str | int] = []
    for step in loc:
        if isinstance(data, dict) and step not in data and step == data.get("type"):
            continue
        path.append(step)
        data = _get(data, step)
    return tuple(path)


def _get(data: Any, step: str | int) -> Any:
    if isinstance(data, dict):
        return data.get(step)
    if isinstance(data, list) and isinstance(step, int) and step < len(data):
        return data[step]
    return None


def _dotted(path: FieldPath) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def _check_file_name(
    record: Record, kind: Kind, path: Path, name: str, problems: list[Problem]
) -> None:
    key = getattr(record, kind.key)
    if path.stem != key:
        problems.append(
            Problem(
                record.source,
                f"{kind.key} '{key}' does not match the file name '{path.name}'",
                f"rename the file to {key}.yaml or fix the {kind.key}",
            )
        )


def pinpoint(root: Path, problem: Problem) -> Problem:
    """Narrow a problem about a record to the line of its `field`, by re-reading that file."""
    if not problem.field:
        return problem
    try:
        _, data = read_regular(root / problem.source.file, MAX_STREAM_BYTES)
        nodes = compose_all(data.decode("utf-8"))
    except (Refused, OSError, UnicodeDecodeError, YamlError):
        return problem
    for node in nodes:
        if node.start_mark.line + 1 == problem.source.line:
            line = line_of(node, problem.field)
            return Problem(Source(problem.source.file, line), problem.message, problem.hint)
    return problem


__all__ = [
    "KINDS",
    "Loaded",
    "ParsedFile",
    "decode_text",
    "load_book",
    "parse_text",
    "pinpoint",
    "read_file",
    "unreadable",
]
