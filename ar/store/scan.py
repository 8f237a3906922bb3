"""Which ledger files exist and whether they changed, by listing folders and stat-ing files.

A folder's scan is its sorted record files, its sorted subfolders, and per file (size,
mtime_ns, ctime_ns, inode) packed in one byte string: comparing two scans of a folder is
then three comparisons done in C. No file is read here. Stat-ing 200,000 files is most of
a warm run's work, so `check_in_background` forks helpers that compare a part each while
the caller goes on loading the cache; without fork it compares in place.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import signal
import stat
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ar.store.names import FOLDERS, LEDGER_FILE, ignored, looks_like_record

FIELDS = 4  # size, mtime_ns, ctime_ns, inode
ROOT = ""
_stat = os.stat  # with follow_symlinks=False: a link is stat-ed, not what it names


@dataclass
class Folder:
    """One folder as scanned. The root holds only ledger.yaml, and the kind folders."""

    path: str
    files: list[str]
    folders: list[str]
    stats: bytes

    def dump(self) -> tuple[str, str, str, bytes]:
        return (self.path, "\n".join(self.files), "\n".join(self.folders), self.stats)

    @classmethod
    def load(cls, stored: tuple[str, str, str, bytes]) -> Folder:
        path, files, folders, stats = stored
        return cls(path, _split(files), _split(folders), stats)

    def relative(self, name: str) -> str:
        return f"{self.path}/{name}" if self.path else name


def _split(text: str) -> list[str]:
    return text.split("\n") if text else []


def scan_root(root: Path, stats: bool = True) -> Folder:
    """ledger.yaml (there or not: loading reports it) and the kind folders present; a kind
    folder that is a link is listed as a file, for reading to refuse."""
    links = [name for name in FOLDERS if (root / name).is_symlink()]
    files = [LEDGER_FILE, *links]
    folders = [name for name in FOLDERS if name not in links and (root / name).is_dir()]
    return Folder(ROOT, files, folders, _stats(str(root), files) if stats else _none(files))


def _none(names: list[str]) -> bytes:
    return bytes(8 * FIELDS * len(names))


def scan_folder(root: Path, path: str, stats: bool = True) -> Folder | None:
    """A folder's files and subfolders (as `layout.record_files` sees them: every name but
    the well-known hidden ones, real folders apart), or None if gone."""
    where = str(root / path)
    try:
        names = os.listdir(where)  # noqa: PTH208 (a list of names is what is fastest here)
    except OSError:
        return None
    names.sort()
    folders = [n for n in names if is_subfolder(where, n)]
    chosen = set(folders)
    files = [n for n in names if n not in chosen and not ignored(n)]
    return Folder(path, files, folders, _stats(where, files) if stats else _none(files))


def is_subfolder(where: str, name: str) -> bool:
    """A folder that loading descends into: a real directory (not a link to one), not hidden,
    not named like a record. A name like a record is taken for a file without a stat."""
    if name.startswith(".") or looks_like_record(name):
        return False
    try:
        return stat.S_ISDIR(os.lstat(f"{where}/{name}").st_mode)
    except OSError:
        return False


def _stats(folder: str, names: list[str]) -> bytes:
    packed = array("q")
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return _none(names)
    try:
        lstat = _stat
        for name in names:
            try:
                st = lstat(name, dir_fd=fd, follow_symlinks=False)
                packed.extend((st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
            except OSError:
                packed.extend((0, 0, 0, 0))
    finally:
        os.close(fd)
    return packed.tobytes()


def walk(root: Path, stats: bool = True) -> list[Folder]:
    """Every folder of the ledger in the order records load (`record_files` order)."""
    return merge(scan_root(root, stats), {}, {}, root, stats)


def changes(root: Path, cached: Iterable[Folder]) -> dict[str, Folder | None]:
    """The folders whose scan differs from the cached one (None: gone), and new subfolders."""
    found: dict[str, Folder | None] = {}
    known = set()
    todo: list[Folder] = list(cached)
    for folder in todo:
        known.add(folder.path)
    for folder in todo:
        now = scan_folder(root, folder.path)
        if now != folder:
            found[folder.path] = now
            for name in now.folders if now else []:
                child = f"{folder.path}/{name}"
                if child not in known:
                    known.add(child)
                    todo.append(Folder(child, [], [], b""))
    return found


def merge(
    top: Folder,
    cached: dict[str, Folder],
    changed: dict[str, Folder | None],
    root: Path,
    stats: bool = True,
) -> list[Folder]:
    """All folders in load order, from cached scans updated with `changed` ones; a folder
    neither knows about is scanned here."""
    order: list[Folder] = [top]
    for name in top.folders:
        _descend(name, cached, changed, root, order, stats)
    return order


def _descend(
    path: str,
    cached: dict[str, Folder],
    changed: dict[str, Folder | None],
    root: Path,
    order: list[Folder],
    stats: bool,
) -> None:
    if path in changed:
        folder = changed[path]
    elif path in cached:
        folder = cached[path]
    else:
        folder = scan_folder(root, path, stats)
    if folder is None:
        return
    order.append(folder)
    for name in folder.folders:
        _descend(f"{path}/{name}", cached, changed, root, order, stats)


class Pending:
    """Changes being found by helper processes; `result()` waits for them."""

    def __init__(
        self, result: Callable[[], dict[str, Folder | None]], children: Iterable[int] = ()
    ) -> None:
        self._result, self._children = result, list(children)
        self._found: dict[str, Folder | None] | None = None

    def result(self) -> dict[str, Folder | None]:
        """The changes (collected once: the helpers' pipes are closed after)."""
        if self._found is None:
            self._found = self._result()
            self._children = []  # reaped: their ids may belong to other processes now
        return self._found

    def cancel(self) -> None:
        for pid in self._children:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)


def check_in_background(root: Path, cached: list[Folder], helpers: int) -> Pending:
    """Start comparing `cached` with the disk in `helpers` forked processes."""
    if helpers < 1 or not hasattr(os, "fork") or len(cached) < 2:
        found = changes(root, cached)
        return Pending(lambda: found)
    shards = _shards(cached, helpers)
    children = [_fork(root, shard) for shard in shards]
    return Pending(lambda: _collect(root, children, shards), (pid for pid, _ in children))


def _shards(cached: list[Folder], count: int) -> list[list[Folder]]:
    """Folders dealt out so that each helper stats about as many files."""
    shards: list[list[Folder]] = [[] for _ in range(min(count, len(cached)))]
    loads = [0] * len(shards)
    for folder in sorted(cached, key=lambda f: len(f.files), reverse=True):
        least = loads.index(min(loads))
        shards[least].append(folder)
        loads[least] += len(folder.files) + 1
    return shards


def _fork(root: Path, shard: list[Folder]) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the helper: compare, send, and leave without running any cleanup
        code = 0
        try:
            os.close(read_end)
            found = _compact(changes(root, shard), {f.path: f for f in shard})
            with os.fdopen(write_end, "wb") as out:
                out.write(marshal.dumps(found))
        except BaseException:
            code = 1
        os._exit(code)
    os.close(write_end)
    return pid, read_end


def _compact(found: dict[str, Folder | None], cached: dict[str, Folder]) -> dict[str, Any]:
    """Changes as a helper sends them: for a folder with the same files, just their stats."""
    sent: dict[str, Any] = {}
    for path, folder in found.items():
        old = cached.get(path)
        if folder is None:
            sent[path] = None
        elif old is not None and old.files == folder.files and old.folders == folder.folders:
            sent[path] = folder.stats
        else:
            sent[path] = folder.dump()
    return sent


def _expand(sent: dict[str, Any], cached: dict[str, Folder]) -> dict[str, Folder | None]:
    found: dict[str, Folder | None] = {}
    for path, item in sent.items():
        if isinstance(item, bytes):
            old = cached[path]
            found[path] = Folder(path, old.files, old.folders, item)
        else:
            found[path] = Folder.load(item) if item else None
    return found


def _collect(
    root: Path, children: list[tuple[int, int]], shards: list[list[Folder]]
) -> dict[str, Folder | None]:
    found: dict[str, Folder | None] = {}
    for (pid, read_end), shard in zip(children, shards, strict=True):
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        try:
            if status != 0:
                raise ValueError("helper failed")
            part: dict[str, Any] = marshal.loads(data)
            found.update(_expand(part, {f.path: f for f in shard}))
        except (ValueError, EOFError, TypeError):
            found.update(changes(root, shard))
    return found
