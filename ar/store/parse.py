"""Parsing ledger files into what the parse cache stores, on every core when there are many.

A parsed file is its path, its records (which table, key, encoded record) and its
problems (encoded). Workers are forked, each with every n-th chunk of paths, and send
back what they parse through pipes; the parent reads the chunks in order, hands them on
and reports progress. Few files are parsed in place: starting workers costs more than it
saves.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import marshal
import os
import signal
import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ar.errors import Problem
from ar.model import Ledger
from ar.store.codec import encode_problem, encode_record
from ar.store.layout import KINDS, LEDGER_FILE, MAX_STREAM_BYTES, Kind
from ar.store.load import ParsedFile, decode_text, misnamed, parse_text, refused, unreadable
from ar.store.safefile import Refused, read_regular

Parsed = tuple[str, tuple[int, ...], list[tuple[int, str, bytes]], list[tuple[Any, ...]]]
"""A parsed file: its path, its stat (as `scan` packs it), its records, its problems."""
Progress = Callable[[int, int], None]
LEDGER_TABLE = -1
NO_STAT = (0, 0, 0, 0)
PARALLEL_FROM = 2_000
CHUNK = 250
PIPE_BYTES = 1 << 20  # the most an unprivileged process may ask for, by default
_LENGTH = struct.Struct("<Q")

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
    """A file's stat and bytes as `load.read_record` reads them. The stat is of the open
    file, as read; of a file refused, the link or file itself (as `scan` takes it)."""
    try:
        stat, data = read_regular(path, MAX_STREAM_BYTES)
    except Refused as why:
        return _lstat(path), b"", refused(relpath, why)
    except OSError as exc:
        return NO_STAT, b"", unreadable(relpath, exc)
    return stat, data, misnamed(relpath)


def _lstat(path: str) -> tuple[int, ...]:
    try:
        st = os.lstat(path)
    except OSError:
        return NO_STAT
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


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
    results: list[Parsed] = []
    done = 0
    for part in _in_workers(
        root, [relpaths[i : i + CHUNK] for i in range(0, len(relpaths), CHUNK)], workers
    ):
        done += len(part)
        if sink is None:
            results.extend(part)
        else:
            sink(part)
        if progress:
            progress(done, len(relpaths))
    return results


def _in_workers(root: Path, chunks: list[list[str]], count: int) -> Iterator[list[Parsed]]:
    """The chunks parsed by `count` forked workers, in order: worker w parses chunks w,
    w + count, ... and writes each, as soon as it is parsed, to a pipe of its own, which
    this process reads from in the main thread. (A pool's result thread would have to win
    the interpreter lock from the main thread, busy with the parts, for every read: the
    workers would wait on full pipes.) A worker that fails leaves its chunks to this
    process, so a bug shows here with its traceback."""
    workers = [_start_worker(root, chunks[w::count]) for w in range(count)]
    try:
        for index, chunk in enumerate(chunks):
            pid, pipe = workers[index % count]
            part = _receive(pipe) if pipe is not None else None
            if part is None:
                workers[index % count] = (pid, None)  # failed or gone: the rest are done here
                part = _parse_chunk(root, chunk)
            yield part
    finally:
        for pid, pipe in workers:
            if pipe is not None:
                pipe.close()
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)  # gone already unless this load was cut short
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _start_worker(root: Path, chunks: list[list[str]]) -> tuple[int, BinaryIO | None]:
    read_end, write_end = os.pipe()
    with contextlib.suppress(OSError, AttributeError):  # a bigger pipe: fewer waits
        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    pid = os.fork()
    if pid == 0:  # the worker: parse, send, and leave without running any cleanup
        code = 0
        try:
            gc.disable()
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                for chunk in chunks:
                    data = marshal.dumps(_parse_chunk(root, chunk))
                    out.write(_LENGTH.pack(len(data)))
                    out.write(data)
        except BaseException:
            code = 1
        os._exit(code)
    os.close(write_end)
    return pid, os.fdopen(read_end, "rb")


def _receive(pipe: BinaryIO) -> list[Parsed] | None:
    """The next chunk a worker sent, or None if it sent no more (it failed)."""
    head = pipe.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (size,) = _LENGTH.unpack(head)
    data = pipe.read(size)
    if len(data) < size:
        return None
    parsed: list[Parsed] = marshal.loads(data)
    return parsed


def _parse_chunk(root: Path, relpaths: list[str]) -> list[Parsed]:
    return [parse_file(root, relpath) for relpath in relpaths]
