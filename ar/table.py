"""A book's table of records that a cache may hand over still encoded.

To the code reading a book, a `Table` is a dict of records by id. Behind it, the table's
contents are read from the cache only when first used, and each record is decoded when
first looked up; reading the values in bulk decodes them all first. A report on a big
book that needs a few records then pays for those few, and one that needs none of a
table (aging never reads the payments themselves) pays nothing for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar, overload

from ar.model import Record

R = TypeVar("R", bound=Record)
D = TypeVar("D")
_MISSING: Any = object()


class Table(dict[str, R]):
    """Records by id, read from `contents()` when first used and decoded on first lookup.

    `contents` returns {id: record or encoded bytes}, in the book's order.
    """

    __slots__ = ("_contents", "_decode", "_encoded", "changes")

    def __init__(
        self, contents: Callable[[], dict[str, Any]], decode: Callable[[bytes], R]
    ) -> None:
        super().__init__()
        self._contents: Callable[[], dict[str, Any]] | None = contents
        self._decode = decode
        self._encoded = 0
        self.changes = 0  # what is derived from the table (its book's settlement) goes stale

    def _loaded(self) -> Table[R]:
        if self._contents is not None:
            contents, self._contents = self._contents, None
            dict.update(self, contents())
            self._encoded = len(self)
        return self

    def _decode_one(self, key: str, value: bytes) -> R:
        record = self._decode(value)
        dict.__setitem__(self, key, record)
        self._encoded -= 1
        return record

    def decoded(self) -> Table[R]:
        """This table with every record decoded."""
        self._loaded()
        if self._encoded:
            entries: Any = dict.items(self)
            for key, value in entries:
                if type(value) is bytes:
                    dict.__setitem__(self, key, self._decode(value))
            self._encoded = 0
        return self

    def __getitem__(self, key: str) -> R:
        value: Any = dict.__getitem__(self._loaded(), key)
        return self._decode_one(key, value) if type(value) is bytes else value

    @overload
    def get(self, key: str, default: None = None) -> R | None: ...
    @overload
    def get(self, key: str, default: R | D) -> R | D: ...
    def get(self, key: str, default: Any = None) -> Any:
        value = dict.get(self._loaded(), key, _MISSING)
        if value is _MISSING:
            return default
        return self._decode_one(key, value) if type(value) is bytes else value

    def __len__(self) -> int:
        return dict.__len__(self._loaded())

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self._loaded(), key)

    def __iter__(self) -> Iterator[str]:  # overriding it also routes dict(table) through here
        return dict.__iter__(self._loaded())

    def __reversed__(self) -> Iterator[str]:
        return dict.__reversed__(self._loaded())

    def keys(self) -> Any:
        return dict.keys(self._loaded())

    def values(self) -> Any:
        return dict.values(self.decoded())

    def items(self) -> Any:
        return dict.items(self.decoded())

    def copy(self) -> dict[str, R]:
        return dict(self.items())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Table):
            other = other.decoded()
        return dict.__eq__(self.decoded(), other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __repr__(self) -> str:
        return dict.__repr__(self.decoded())

    def __or__(self, other: Any) -> Any:
        return dict(self.items()) | other

    def __ror__(self, other: Any) -> Any:
        return other | dict(self.items())

    def __reduce__(self) -> Any:
        return (dict, (dict(self.items()),))

    # Changing a table is unusual (books are built, then read); it works on decoded records.
    def _changing(self) -> Table[R]:
        self.changes += 1
        return self.decoded()

    def __setitem__(self, key: str, value: R) -> None:
        dict.__setitem__(self._changing(), key, value)

    def __delitem__(self, key: str) -> None:
        dict.__delitem__(self._changing(), key)

    def __ior__(self, other: Any) -> Any:
        dict.update(self._changing(), other)
        return self

    def update(self, *args: Any, **kwargs: Any) -> None:
        dict.update(self._changing(), *args, **kwargs)

    def pop(self, key: str, *default: Any) -> Any:
        return dict.pop(self._changing(), key, *default)

    def popitem(self) -> Any:
        return dict.popitem(self._changing())

    def setdefault(self, key: str, default: Any = None) -> Any:
        return dict.setdefault(self._changing(), key, default)

    def clear(self) -> None:
        dict.clear(self._changing())
