"""Bringing a settlement up to date after a few records changed, without redoing it all.

A cached settlement of a big book is restored in a fraction of the time it takes to
compute; when a handful of files changed since, only what those records can reach is
rebuilt: the accounts of the invoices they name (for a customer: every invoice of that
customer, and every invoice holding a credit note, whose rounding follows the currency)
and the credit of the customers they belong to. The payments and credit notes that reach
an invoice are found through the references its movements already hold. Applying the
update gives exactly `settle(book)`; a property test holds it to that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ar.book import Book
from ar.model import CreditNote, Customer, Invoice, Ledger, Payment, Record
from ar.settlement import (
    Account,
    CreditKey,
    Movement,
    Settlement,
    applied_movements,
    build_accounts,
    credit_movements,
)

R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class Update:
    """Accounts, credits and orphan movements rebuilt; None where none are left."""

    accounts: dict[str, Account | None]
    credits: dict[CreditKey, tuple[Movement, ...] | None]
    orphans: dict[str, tuple[Movement, ...] | None]

    def applied(self, book: Book, previous: Settlement) -> Settlement:
        """The whole settlement after this update, in memory, in the book's order."""
        old = previous.accounts()
        accounts = {}
        for number in book.invoices:
            account = self.accounts[number] if number in self.accounts else old[number]
            assert account is not None
            accounts[number] = account
        credits = {**previous.credits(), **self.credits}
        kept = {key: moves for key, moves in credits.items() if moves is not None}
        orphans = {**previous.orphans(), **self.orphans}
        left = {n: moves for n, moves in sorted(orphans.items()) if moves is not None}
        return Settlement(accounts, dict(sorted(kept.items())), left)


def resettle(
    book: Book,
    previous: Settlement,
    before: Sequence[Record],
    after: Sequence[Record],
    order: Callable[[Record], Any] | None = None,
) -> Update | None:
    """What changes in `previous` when the records `before` were replaced by `after`.

    `before` holds the old versions of every record in the changed files, `after` the new
    ones. None when ledger.yaml changed: everything depends on it, so settle in full. The
    book must hold no duplicate ids (the first of two records with one id wins, which a
    partial update cannot follow).
    """
    changed = [*before, *after]
    if any(isinstance(record, Ledger) for record in changed):
        return None
    customers = {record.id for record in changed if isinstance(record, Customer)}
    owners = customers | {r.customer for r in changed if isinstance(r, Payment | CreditNote)}
    numbers = _touched_invoices(previous, changed, customers)
    payment_ids, note_numbers = _references(
        previous, numbers, new_invoices(before, after), owners, changed
    )
    payments = _in_book_order(book.payments, payment_ids, order)
    notes = _in_book_order(book.credit_notes, note_numbers, order)
    invoices = [book.invoices[n] for n in sorted(numbers) if n in book.invoices]
    moves = applied_movements(book, payments, notes)
    rebuilt = build_accounts(book, invoices, moves)
    orphans = {
        n: tuple(moves[n]) if moves.get(n) and n not in book.invoices else None for n in numbers
    }
    credits: dict[CreditKey, tuple[Movement, ...] | None] = {
        key: None for key in previous.credit_keys() if key[0] in owners
    }
    credits.update(
        credit_movements(
            book,
            (p for p in payments if p.customer in owners),
            (n for n in notes if n.customer in owners),
        )
    )
    return Update({n: rebuilt.get(n) for n in numbers}, credits, orphans)


def _touched_invoices(previous: Settlement, changed: list[Record], customers: set[str]) -> set[str]:
    numbers: set[str] = set()
    for record in changed:
        if isinstance(record, Invoice):
            numbers.add(record.number)
        elif isinstance(record, Payment):
            numbers.update(alloc.invoice for alloc in record.apply)
        elif isinstance(record, CreditNote):
            numbers.update(alloc.invoice for alloc in record.apply)
            numbers.update([record.invoice] if record.invoice else [])
    if customers:
        numbers |= previous.touched_by(customers)
    return numbers


def new_invoices(before: Sequence[Record], after: Sequence[Record]) -> set[str]:
    """Numbers of invoices the change brings that the book did not have: none of them is
    among the settled accounts of before (the book held no duplicate ids then or now)."""
    had = {record.number for record in before if isinstance(record, Invoice)}
    return {r.number for r in after if isinstance(r, Invoice) and r.number not in had}


def _references(
    previous: Settlement,
    numbers: set[str],
    new: set[str],
    owners: set[str],
    changed: list[Record],
) -> tuple[set[str], set[str]]:
    """Ids of every payment and credit note that may reach the touched invoices or credit
    (the `new` invoices had no account: at most payments applied to them in advance)."""
    payments = {r.id for r in changed if isinstance(r, Payment)}
    notes = {r.number for r in changed if isinstance(r, CreditNote)}
    movements: list[Movement] = []
    for number in numbers:
        account = None if number in new else previous.account(number)
        movements.extend(account.movements if account else previous.orphan(number))
    for key in previous.credit_keys():
        if key[0] in owners:
            movements.extend(previous.credit_movements(key))
    for movement in movements:
        if movement.kind in ("payment", "discount", "applied"):
            payments.add(movement.ref)
        elif movement.kind == "credit":
            notes.add(movement.ref)
    return payments, notes


def _in_book_order(
    table: dict[str, R], keys: Iterable[str], order: Callable[[Record], Any] | None
) -> list[R]:
    """The records of `keys` that the book holds, in the book's order (which decides the
    order of movements on the same day)."""
    wanted = set(keys)
    if order is not None:
        return sorted((table[key] for key in wanted if key in table), key=order)
    return [table[key] for key in table if key in wanted]
