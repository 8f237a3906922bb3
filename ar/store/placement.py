"""Finding one record of a big book by the name of its file, without reading its whole table.

arl writes each record to the file named after its id. A record that lives elsewhere (in
a stream of documents, or a file named otherwise) is "placed oddly", and the cache keeps
the ids of those. A record is then found in the file named after it, and an id shown to
be unknown when there is no such file and no odd record has it; only then, and only
when no id is held twice, does a lookup skip reading the whole table.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ar.store.scan import Folder

if TYPE_CHECKING:
    from ar.store.snapshot import Snapshot

FileEntry = tuple[list[tuple[int, str, bytes]], list[tuple[Any, ...]]]
EXTENSIONS = (".yaml", ".yml")


def stem(relpath: str) -> str:
    """The name of a file without its folder and extension: the id a record there has."""
    name = relpath.rpartition("/")[2]
    return name[: name.rfind(".")]


def odd_in(relpath: str, entry: FileEntry) -> Iterable[tuple[int, str]]:
    """(table, id) of the records of a file that are not the one it is named after."""
    own = stem(relpath)
    return [(table, key) for table, key, _ in entry[0] if key != own]


def located(folders: Iterable[Folder], key: str) -> Iterable[tuple[str, int]]:
    """(folder, index) of each file named after `key`, in load order."""
    for folder in folders:
        for extension in EXTENSIONS:
            name = key + extension
            index = bisect.bisect_left(folder.files, name)
            if index < len(folder.files) and folder.files[index] == name:
                yield folder.path, index


def before_odd(snapshot: Snapshot, replaced: Iterable[str], tables: int) -> list[set[str]]:
    """The oddly placed ids of the records these files of `snapshot` held."""
    found: list[set[str]] = [set() for _ in range(tables)]
    for relpath in replaced:
        entry = snapshot.file_entry(relpath)
        for table, key in odd_in(relpath, entry) if entry else []:
            if table >= 0:
                found[table].add(key)
    return found


def odd_after(old: Snapshot, gone: list[set[str]], parsed: dict[str, Any]) -> list[set[str]]:
    """The oddly placed ids once the records of replaced files (`gone` of them were odd)
    are replaced by those parsed (with no id held twice before)."""
    odd = [keys - gone[table] for table, keys in enumerate(old.odd)]
    for relpath, found in parsed.items():
        for table, key in odd_in(relpath, (found[2], found[3])):
            if table >= 0:
                odd[table].add(key)
    return odd


def may_repeat(old: Snapshot, new: Snapshot, gone: list[set[str]], parsed: dict[str, Any]) -> bool:
    """Whether a parsed record may have an id that another record of `new` has too, when
    none was held twice in `old`: ids met twice among them, an odd one left elsewhere, or
    a file named after the id that was not parsed and holds it."""
    seen: set[tuple[int, str]] = set()
    for found in parsed.values():
        for table, key, _ in found[2]:
            if table < 0:
                continue
            if (table, key) in seen or (key in old.odd[table] and key not in gone[table]):
                return True
            seen.add((table, key))
            for path, index in located(new.folders_of(table), key):
                folder = new.by_path[path]
                unparsed = folder.relative(folder.files[index]) not in parsed
                if unparsed and any(k == key for _, k, _ in new.entry(path, index)[0]):
                    return True
    return False


def find(snapshot: Snapshot, table: int, key: str) -> bytes | None:
    """The encoded record with this id (None: there is none); LookupError where only
    reading the whole table can tell (an oddly placed id, or ids held twice)."""
    if snapshot.duplicates_known() != [] or key in snapshot.odd[table]:
        raise LookupError(key)
    for path, index in located(snapshot.folders_of(table), key):
        for _, found, blob in snapshot.entry(path, index)[0]:
            if found == key:
                return blob
    return None
