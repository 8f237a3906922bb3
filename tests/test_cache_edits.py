"""Any sequence of edits a person or git makes, and the cached book is the parsed one: looked
up record by record before its tables are read (by the name of each record's file), and
compared whole."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ar.store import cached
from ar.store.load import load_book
from tests.cachebook import load_both, make

NAMES = ["invoices/2026/INV-1.yaml", "invoices/2026/INV-4.yaml", "payments/2026/PAY-1.yaml"]
STREAM = "invoices/2026/stream.yaml"
EDITS = st.sampled_from(
    ["amount", "misname", "stream", "unstream", "delete", "twin", "untwin", "restore"]
)


def apply(root: Path, edit: str, original: dict[str, str], pick: int) -> None:
    name = NAMES[pick % len(NAMES)]
    path = root / name
    if edit == "amount" and path.exists():
        path.write_text(path.read_text().replace(".00", "0.00", 1))
    elif edit == "misname" and path.exists():
        path.rename(path.with_name(f"other-{pick}.yaml"))
    elif edit == "stream":
        texts = [t for n, t in original.items() if n.startswith("invoices/")][:2]
        (root / STREAM).write_text("".join(f"---\n{t}" for t in texts))
    elif edit == "unstream":
        (root / STREAM).unlink(missing_ok=True)
    elif edit == "delete":
        path.unlink(missing_ok=True)
    elif edit == "twin":
        (root / "invoices/2027").mkdir(exist_ok=True)
        (root / "invoices/2027" / path.name).write_text(original[name])
    elif edit == "untwin":
        shutil.rmtree(root / "invoices/2027", ignore_errors=True)
    else:
        path.write_text(original[name])


@pytest.fixture(autouse=True)
def _settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cached, "RACY_NS", 0)
    monkeypatch.delenv("ARL_NO_CACHE", raising=False)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(EDITS, st.integers(0, 5)), min_size=1, max_size=6))
def test_lookups_and_books_agree_after_any_edits(edits: list[tuple[str, int]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = make(Path(folder) / "book")
        original = {n: (root / n).read_text() for n in NAMES}
        original.update({n: (root / n).read_text() for n in ["invoices/2026/INV-2.yaml"]})
        load_both(root)
        for edit, pick in edits:
            apply(root, edit, original, pick)
            load_both(root)
            looked_up(root)


def looked_up(root: Path) -> None:
    """Each record found by its id in a book whose tables were not read yet."""
    fresh = load_book(root, cache=False).book
    assert fresh is not None
    book = load_book(root, cache=True).book
    assert book is not None
    for name in ("customers", "invoices", "payments", "credit_notes"):
        table, mine = getattr(fresh, name), getattr(book, name)
        for key in [*table, "NOPE", "INV-9"]:
            assert (key in mine) == (key in table), key
            found, expected = mine.get(key), table.get(key)
            assert found == expected
            if found is not None:
                assert found.source == expected.source
