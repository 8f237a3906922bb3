"""Parsing ledger files into what the parse cache stores, on every core when there are many.

A parsed file is its path, its records (which table, key, encoded record) and its
problems (encoded). Workers are forked and get chunks of paths; the parent only gathers
results and reports progress. Few files are parsed in place: starting workers costs
more than it saves.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ar.errors import Problem
from ar.model import Ledger
from ar.store.codec import encode_problem, encode_record
from ar.store.layout import KINDS, LEDGER_FILE, Kind
from ar.store.load import ParsedFile, decode_text, parse_text, unreadable
from ar.store.scan import stat_fd

Parsed = tuple[str, tuple[int, ...], list[tuple[int, str, bytes]], list[tuple[Any, ...]]]
"""A parsed file: its path, its stat (as `scan` packs it), its records, its problems."""
Progress = Callable[[int, int], None]
LEDGER_TABLE = -1
NO_STAT = (0, 0, 0, 0)
PARALLEL_FROM = 2_000
CHUNK = 250

_KIND_OF_FOLDER = {kind.folder: (index, kind) for index, kind in enumerate(KINDS)}


def table_of(relpath: str) -> tuple[int, Kind | None]:
    """Which table a file's records go to (LEDGER_TABLE for ledger.yaml), and its kind."""
    if relpath == LEDGER_FILE:
        return LEDGER_TABLE, None
    return _KIND_OF_FOLDER[relpath.split("/", 1)[0]]


def parse_file(root: Path, relpath: str) -> Parsed:
    """One file: stat-ed, then read, so that a change made meanwhile shows next run."""
    table, kind = table_of(relpath)
    stat, data, problem = _read(f"{root}/{relpath}", relpath)
    if problem is None:
        text, problem = decode_text(data, relpath)
    if problem is not None:
        parsed = ParsedFile(problems=[problem])
    else:
        parsed = parse_text(text, relpath, kind.model if kind else Ledger, kind)
    records = [(table, _key(record, kind), encode_record(record)) for record in parsed.records]
    return relpath, stat, records, [encode_problem(problem) for problem in parsed.problems]


def _read(path: str, relpath: str) -> tuple[tuple[int, ...], bytes, Problem | None]:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as exc:
        return NO_STAT, b"", unreadable(relpath, exc)
    try:
        stat = stat_fd(fd)
        chunks = [os.read(fd, stat[0] + 1)]
        while chunks[-1]:
            chunks.append(os.read(fd, 1 << 20))
    except OSError as exc:
        return NO_STAT, b"", unreadable(relpath, exc)
    finally:
        os.close(fd)
    return stat, b"".join(chunks), None


def _key(record: Any, kind: Kind | None) -> str:
    return str(getattr(record, kind.key)) if kind else LEDGER_FILE


def parse_files(
    root: Path,
    relpaths: list[str],
    progress: Progress | None = None,
    sink: Callable[[list[Parsed]], None] | None = None,
) -> list[Parsed]:
    """Every file parsed, in the order given; handed to `sink` a part at a time as the
    parts come (this process works on them while the workers parse on), else returned."""
    workers = min(os.cpu_count() or 1, len(relpaths) // CHUNK + 1)
    if len(relpaths) < PARALLEL_FROM or workers < 2 or not hasattr(os, "fork"):
        found = _parse_chunk(root, relpaths)
        if sink is None:
            return found
        sink(found)
        return []
    import multiprocessing

    chunks = [relpaths[i : i + CHUNK] for i in range(0, len(relpaths), CHUNK)]
    results: list[Parsed] = []
    done = 0
    with multiprocessing.get_context("fork").Pool(workers, initializer=gc.disable) as pool:
        for part in pool.imap(_parse_chunk_star, [(root, chunk) for chunk in chunks]):
            done += len(part)
            if sink is None:
                results.extend(part)
            else:
                sink(part)
            if progress:
                progress(done, len(relpaths))
    return results


def _parse_chunk_star(args: tuple[Path, list[str]]) -> list[Parsed]:
    return _parse_chunk(*args)


def _parse_chunk(root: Path, relpaths: list[str]) -> list[Parsed]:
    return [parse_file(root, relpath) for relpath in relpaths]
