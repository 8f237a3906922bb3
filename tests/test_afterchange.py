"""The problems a write would leave, found from the parse cache for what the change reaches,
are those of checking the changed book whole: for any small book on disk, read through the
cache cold, warm or after an edit, and any small change a command could make."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ar.book import Book, record_key
from ar.errors import Problem, Source
from ar.integrity import check_book
from ar.model import Customer, Payment, Record
from ar.plan import Change, book_with
from ar.rechecks import ordered_by_place
from ar.store import afterchange, background, cached
from ar.store.checkcache import found_problems
from ar.store.layout import record_path
from ar.store.load import Loaded, load_book
from ar.store.write import record_text
from ar.table import Table
from tests.conftest import write_ledger
from tests.test_resettle import (
    INVOICES,
    credit_notes,
    customers,
    invoices,
    payments,
    records,
)

LEDGER = """\
company:
  name: Test
currency: EUR
terms:
  net30:
    days: 30
  net7:
    days: 7
"""
STREAM = ("payment:P3", "payment:P4")
"""Written together as one stream of documents, when both are drawn."""
KINDS = ["pay", "invoice", "edit invoice", "note", "customer", "edit payment"]


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache is what is tested (also when the suite runs without it), and a file
    written just now counts as unchanged from then on."""
    monkeypatch.setattr(cached, "RACY_NS", 0)
    monkeypatch.delenv("ARL_NO_CACHE", raising=False)


@contextlib.contextmanager
def counted() -> Iterator[list[Book]]:
    """The books `problems_after` checks whole meanwhile (none, when the cache answers)."""
    checked: list[Book] = []
    real = afterchange.check_book

    def counting(book: Book) -> list[Problem]:
        checked.append(book)
        return real(book)

    afterchange.check_book = counting  # type: ignore[assignment]
    try:
        yield checked
    finally:
        afterchange.check_book = real  # type: ignore[assignment]


@pytest.fixture
def full_checks() -> Iterator[list[Book]]:
    with counted() as checked:
        yield checked


def write_book(root: Path, chosen: dict[str, Record]) -> Path:
    write_ledger(root, {"ledger.yaml": LEDGER})
    streamed = all(key in chosen for key in STREAM)
    for key, record in chosen.items():
        if streamed and key in STREAM:
            continue
        path = record_path(root, record)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(record_text(record))
    if streamed:
        texts = [record_text(chosen[key]) for key in STREAM]
        (root / "payments/2026").mkdir(parents=True, exist_ok=True)
        (root / "payments/2026/stream.yaml").write_text("".join(f"---\n{t}" for t in texts))
    return root


def loaded_through_cache(root: Path, history: str) -> Loaded:
    """The book as a command finds it: cold (no cache yet), warm (nothing changed since
    the cache was written) or updated (a file added since)."""
    loaded = load_book(root, cache=True)
    if history == "warm":
        loaded = load_book(root, cache=True)
    elif history == "updated":
        (root / "customers").mkdir(exist_ok=True)
        (root / "customers/D.yaml").write_text("id: D\nname: D\ncurrency: USD\n")
        loaded = load_book(root, cache=True)
    assert loaded.snapshot is not None
    return loaded


def changes_to(data: st.DataObject, book: Book) -> list[Change]:
    """One to three changes to distinct records, as the recording commands make them."""
    found: list[Change] = []
    taken: set[tuple[type, str]] = set()
    for kind in data.draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=3)):
        change = _change(data, book, kind)
        key = (type(change.new), record_key(change.new)) if change else None
        if change is not None and key not in taken:
            taken.add((type(change.new), record_key(change.new)))
            found.append(change)
    return found


def _change(data: st.DataObject, book: Book, kind: str) -> Change | None:
    if kind.startswith("edit") or kind == "customer":
        table: dict[str, Any] = {
            "edit invoice": book.invoices,
            "edit payment": book.payments,
            "customer": book.customers,
        }[kind]
        if not table:
            return None
        old = table[data.draw(st.sampled_from(sorted(table)))]
        make = {"edit invoice": invoices, "edit payment": payments, "customer": customers}[kind]
        return Change(old, data.draw(make(record_key(old))).located(old.source), "")
    if kind == "pay":
        new: Record = data.draw(payments("P9"))
    elif kind == "invoice":
        free = [n for n in INVOICES if n not in book.invoices]
        new = data.draw(invoices(data.draw(st.sampled_from([*free, "I9"]))))
    else:
        free = [n for n in ("N0", "N1", "N2") if n not in book.credit_notes]
        new = data.draw(credit_notes(data.draw(st.sampled_from([*free, "N9"]))))
    return Change(None, new.located(Source(_new_file(new), 1)), "")


def _new_file(record: Record) -> str:
    return record_path(Path(), record).as_posix()


@settings(max_examples=60, deadline=None)
@given(records(), st.sampled_from(["cold", "warm", "updated"]), st.data())
def test_the_problems_after_a_change_are_those_of_checking_the_changed_book(
    chosen: dict[str, Record], history: str, data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as folder, counted() as full:
        try:
            loaded = loaded_through_cache(write_book(Path(folder) / "book", chosen), history)
            assert loaded.book is not None
            changes = changes_to(data, loaded.book)
            found = afterchange.problems_after(loaded, changes)
            assert full == []  # the cache answered
            whole = book_with(loaded.book, changes)
            assert found == ordered_by_place(check_book(whole))
            laid = afterchange.laid_over(loaded.book, [change.new for change in changes])
            for table in ("customers", "invoices", "payments", "credit_notes", "recurring"):
                assert list(getattr(laid, table).items()) == list(getattr(whole, table).items())
        finally:
            background.wait()  # the cache written meanwhile, before its folder goes


BOOK = {
    "customers/A.yaml": "id: A\nname: A\n",
    "invoices/2026/I0.yaml": """\
        number: I0
        customer: A
        date: 2026-01-10
        lines:
          - description: Work
            unit_price: 100.00
        """,
    "payments/2026/P0.yaml": """\
        id: P0
        customer: A
        date: 2026-01-20
        amount: 40.00
        apply:
          - invoice: I0
            amount: 40.00
        """,
}


def _payment(amount: str, invoice: str = "I0") -> Change:
    record = Payment.model_validate(
        {
            "id": "P1",
            "customer": "A",
            "date": "2026-02-01",
            "amount": amount,
            "apply": [{"invoice": invoice, "amount": amount}],
        }
    )
    return Change(None, record.located(Source("payments/2026/P1.yaml", 1)), "")


@pytest.fixture
def warm(tmp_path: Path) -> Loaded:
    root = write_ledger(tmp_path / "book", BOOK)
    load_book(root, cache=True)
    return load_book(root, cache=True)


def test_a_payment_that_oversettles_an_invoice_is_found_without_reading_whole_tables(
    warm: Loaded, full_checks: list[Book], monkeypatch: pytest.MonkeyPatch
) -> None:
    def walked(_: Table[Any]) -> None:
        raise AssertionError("a table was decoded whole")

    found_problems(warm)  # as the write found them before (remembered for this book)
    monkeypatch.setattr(Table, "decoded", walked)
    found = afterchange.problems_after(warm, [_payment("70.00")])
    assert [f"{p.source}: {p.message}" for p in found] == [
        "invoices/2026/I0.yaml:1: invoice I0 is settled beyond its total by 10.00 on 2026-02-01"
    ]
    assert full_checks == []


def test_without_the_cache_the_changed_book_is_checked_whole(
    tmp_path: Path, full_checks: list[Book]
) -> None:
    root = write_ledger(tmp_path / "book", BOOK)
    loaded = load_book(root, cache=False)
    found = afterchange.problems_after(loaded, [_payment("70.00")])
    assert [p.message for p in found] == [
        "invoice I0 is settled beyond its total by 10.00 on 2026-02-01"
    ]
    assert len(full_checks) == 1


@pytest.mark.parametrize(
    "case", ["twice", "taken key", "taken file", "old not the book's", "ids held twice"]
)
def test_what_the_cache_cannot_answer_exactly_is_checked_whole(
    tmp_path: Path, full_checks: list[Book], case: str
) -> None:
    files = dict(BOOK)
    if case == "ids held twice":
        files["invoices/2026/copy.yaml"] = BOOK["invoices/2026/I0.yaml"]
    root = write_ledger(tmp_path / "book", files)
    load_book(root, cache=True)
    loaded = load_book(root, cache=True)
    assert loaded.book is not None
    changes = _cases(loaded.book)[case]
    found = afterchange.problems_after(loaded, changes)
    assert found == ordered_by_place(check_book(book_with(loaded.book, changes)))
    assert len(full_checks) == 1


def _cases(book: Book) -> dict[str, list[Change]]:
    invoice = book.invoices["I0"]
    edited = invoice.model_copy(update={"due": invoice.date}).located(invoice.source)
    stranger = Customer.model_validate({"id": "A", "name": "B"})
    return {
        "twice": [_payment("10.00"), _payment("20.00")],
        "taken key": [Change(None, edited, "")],
        "taken file": [Change(None, invoice.model_copy(update={"number": "I5"}), "")],
        "old not the book's": [
            Change(stranger.located(Source("customers/A.yaml", 1)), stranger, "")
        ],
        "ids held twice": [_payment("10.00")],
    }


def test_edits_in_a_stream_recheck_the_other_records_of_the_file(
    tmp_path: Path, full_checks: list[Book]
) -> None:
    files = {
        **BOOK,
        "payments/2026/stream.yaml": """\
            ---
            id: P5
            customer: A
            date: 2026-01-21
            amount: 5.00
            apply:
              - invoice: NOPE
                amount: 5.00
            ---
            id: P6
            customer: A
            date: 2026-01-22
            amount: 6.00
            """,
    }
    root = write_ledger(tmp_path / "book", files)
    load_book(root, cache=True)
    loaded = load_book(root, cache=True)
    assert loaded.book is not None
    old = loaded.book.payments["P6"]
    new = old.model_copy(update={"amount": old.amount + 1}).located(old.source)
    found = afterchange.problems_after(loaded, [Change(old, new, "")])
    assert [f"{p.source}: {p.message}" for p in found] == [
        "payments/2026/stream.yaml:2: applied to unknown invoice 'NOPE'"
    ]
    assert full_checks == []
