"""A Table behaves as the dict of records it stands for, whichever way it is read."""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Callable
from typing import Any

import pytest

from ar.model import Customer
from ar.store.codec import decode_record, encode_record
from ar.table import Table

RECORDS = {
    key: Customer.model_validate({"id": key, "name": f"Customer {key}"}) for key in ("B", "A", "C")
}


def table() -> Table[Customer]:
    return Table(lambda: {key: encode_record(r) for key, r in RECORDS.items()}, decode_record)


READS: dict[str, Callable[[Any], Any]] = {
    "len": len,
    "bool": bool,
    "in": lambda t: ("A" in t, "Z" in t),
    "iter": list,
    "reversed": lambda t: list(reversed(t)),
    "keys": lambda t: list(t.keys()),
    "values": lambda t: list(t.values()),
    "items": lambda t: list(t.items()),
    "getitem": lambda t: t["C"],
    "get": lambda t: (t.get("A"), t.get("Z"), t.get("Z", 1)),
    "dict": dict,
    "unpack": lambda t: {**t},
    "copy": lambda t: t.copy(),
    "copy module": lambda t: dict(copy.copy(t)),
    "or": lambda t: t | {"Z": 1},
    "ror": lambda t: {"Z": 1} | t,
    "eq": lambda t: (t == dict(RECORDS), t != dict(RECORDS)),
    "sorted": lambda t: sorted(t.values(), key=lambda c: c.id),
    "pickle": lambda t: pickle.loads(pickle.dumps(t)),
    "json keys": lambda t: json.dumps(list(t)),
}


@pytest.mark.parametrize("read", READS.values(), ids=READS.keys())
def test_every_read_sees_the_records(read: Callable[[Any], Any]) -> None:
    assert read(table()) == read(dict(RECORDS))


def test_records_are_decoded_once_and_only_when_asked() -> None:
    loads: list[int] = []
    decodes: list[bytes] = []

    def contents() -> dict[str, Any]:
        loads.append(1)
        return {key: encode_record(r) for key, r in RECORDS.items()}

    def decode(blob: bytes) -> Any:
        decodes.append(blob)
        return decode_record(blob)

    found = Table(contents, decode)
    assert loads == [] and decodes == []
    assert "A" in found and len(found) == 3
    assert loads == [1] and decodes == []
    assert found["A"] is found.get("A")
    assert len(decodes) == 1
    list(found.values())
    list(found.values())
    assert len(decodes) == 3 and loads == [1]


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.__setitem__("D", RECORDS["A"]),
        lambda t: t.__delitem__("A"),
        lambda t: t.update({"D": RECORDS["A"]}),
        lambda t: t.pop("A"),
        lambda t: t.setdefault("D", RECORDS["A"]),
        lambda t: t.popitem(),
        lambda t: t.clear(),
        lambda t: t.__ior__({"D": RECORDS["A"]}),
    ],
)
def test_changes_apply_to_decoded_records(change: Callable[[Any], Any]) -> None:
    mine, plain = table(), dict(RECORDS)
    assert change(mine) == change(plain)
    assert dict(mine.items()) == plain
