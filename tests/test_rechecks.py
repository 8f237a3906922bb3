"""Checking again only what a change reaches finds exactly what checking the whole book
finds, for any book and any change to its records."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings

from ar.book import Book
from ar.integrity import check_book
from ar.model import Record
from ar.rechecks import Token, ordered_by_place, recheck, tokens
from ar.settlement import accounts
from tests.test_resettle import LEDGER, book_of, changes


def related_in(book: Book) -> Any:
    """The reference meaning of `related`: every record with any of the keys."""

    def related(keys: set[Token]) -> list[Record]:
        tables = (book.customers, book.invoices, book.payments, book.credit_notes, book.recurring)
        return [r for table in tables for r in table.values() if tokens(r) & keys]

    return related


@settings(max_examples=300, deadline=None)
@given(changes())
def test_checking_what_a_change_reaches_finds_what_checking_all_finds(
    change: tuple[dict[str, Record], dict[str, Record]],
) -> None:
    before, after = change
    old_book, new_book = book_of(before), book_of(after)
    changed = {key for key in {*before, *after} if before.get(key) is not after.get(key)}
    old = [before[k] for k in changed if k in before]
    new = [after[k] for k in changed if k in after]
    previous = ordered_by_place(check_book(old_book))
    found = recheck(new_book, accounts(new_book), previous, old, new, related_in(new_book))
    assert found == ordered_by_place(check_book(new_book))


def test_a_changed_ledger_means_checking_all() -> None:
    book = book_of({})
    assert recheck(book, {}, [], [LEDGER], [LEDGER], related_in(book)) is None
