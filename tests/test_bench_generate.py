"""The benchmark's generated books are what arl itself would write, and check clean."""

from __future__ import annotations

from pathlib import Path

from ar.store.load import load_book
from ar.store.write import record_text
from bench.generate import make_book, write_arl, write_journal


def test_generated_files_are_canonical_and_the_book_checks_clean(tmp_path: Path) -> None:
    from ar.integrity import check_book

    book = make_book(60, seed=3)
    root = tmp_path / "book"
    write_arl(book, root)
    loaded = load_book(root, cache=False)
    assert loaded.problems == [] and loaded.book is not None
    assert check_book(loaded.book) == []
    tables = (loaded.book.customers, loaded.book.invoices, loaded.book.payments)
    for table in tables:
        for record in table.values():
            assert (root / record.source.file).read_text() == record_text(record)
    assert len(loaded.book.invoices) == len(loaded.book.payments) == 60


def test_the_journal_has_a_transaction_per_record(tmp_path: Path) -> None:
    book = make_book(40, seed=5)
    write_journal(book, tmp_path / "journal.ledger")
    text = (tmp_path / "journal.ledger").read_text()
    assert text.count("\n    assets:receivable:") >= 40
    assert sum(1 for line in text.splitlines() if line[:1].isdigit()) == 80
