"""Checking again only what a change reaches finds exactly what checking the whole book
finds, for any book and any change to its records."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from ar.book import Book
from ar.integrity import check_book
from ar.model import Record
from ar.rechecks import Token, ordered_by_place, recheck, tokens
from ar.settlement import accounts
from tests.conftest import Result
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


def test_an_edit_of_a_payment_with_many_allocations_is_checked_again_in_linear_work(
    ledger: Callable[[dict[str, str]], Path],
    arl: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A payment applied to n invoices: checking it again after an edit walks its
    allocations a few times, not once per allocation (15,000 of them took 54 s)."""
    import ar.store.references

    n = 400
    invoice = "number: INV-{i}\ncustomer: ACME\ndate: 2026-01-01\nlines:\n"
    invoice += "  - description: Work\n    unit_price: 10.00\n"
    files = {f"invoices/2026/INV-{i}.yaml": invoice.format(i=i) for i in range(n)}
    apply = "".join(f"  - invoice: INV-{i}\n    amount: 10.00\n" for i in range(n))
    payment = f"id: PAY-1\ncustomer: ACME\ndate: 2026-02-01\namount: {10 * n}.00\napply:\n"
    root = ledger({"customers/ACME.yaml": "id: ACME\nname: Acme\n", **files})
    (root / "payments/2026").mkdir(parents=True)
    (root / "payments/2026/PAY-1.yaml").write_text(payment + apply)
    settled = time.time() - 60  # files this fresh would all be parsed again next time
    for path in root.rglob("*.yaml"):
        os.utime(path, (settled, settled))
    assert arl("-L", root, "check").code == 0
    assert arl("-L", root, "check").code == 0  # the cache holds the checks now
    walked = []
    keys_of = ar.store.references.tokens

    def counting(record: Record) -> set[Token]:
        walked.append(len(getattr(record, "apply", ())))
        return keys_of(record)

    monkeypatch.setattr(ar.store.references, "tokens", counting)
    (root / "payments/2026/PAY-1.yaml").write_text(payment + apply + "# checked\n")
    os.utime(root / "payments/2026/PAY-1.yaml", (settled + 30, settled + 30))
    result = arl("-L", root, "check")
    assert result.code == 0, result.out
    assert sum(walked) <= 10 * n  # once per allocation each would be n * n
