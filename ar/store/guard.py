"""What a command may write: what `arl check` would then accept, of its change and the book.

A staged change is refused, before any file is written, when it adds, edits or removes
anything dated inside the closed period (by the very rule `arl check` and `arl diff`
apply: `closed_period_flags`, with the settings of the last commit as `arl check` has
them), when the records it touches already have problems, or
when it would leave the book with a problem it did not have.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ar.book import Book, record_key
from ar.errors import ArlError, Problem, ProblemsFound
from ar.model import CreditNote, Invoice, Ledger, Payment, Record
from ar.numbering import clash
from ar.plan import Change
from ar.review.change import Books
from ar.review.changeset import ChangeSet, Side
from ar.review.diff import closed_period_flags
from ar.store.afterchange import problems_after
from ar.store.checked import Checked
from ar.store.names import normal_name
from ar.store.revision import committed_ledger

if TYPE_CHECKING:
    from ar.store.transaction import Written

CLOSED_HINT = "record it with a later date, or move locked_until back in a change of its own"


def verify(
    checked: Checked,
    after: Book,
    files: Sequence[Written],
    before: Sequence[Record],
    changed: Sequence[Record],
) -> None:
    """Refuse the change from `before` to `changed` (records as read and as they would be
    written, in `files`), which makes the checked book into `after`."""
    base = checked.loaded.book
    assert base is not None
    committed = committed_ledger(checked.loaded.root)
    outside_closed_period(Books(base, after), before, changed, committed)
    touched = {w.path for w in files} | _related_files(base, [w.record for w in files])
    near = {normal_name(name) for name in touched}  # PAY-1.YAML is the file PAY-1.yaml would be
    existing = [p for p in checked.problems if normal_name(p.source.file) in near]
    if existing:
        raise ProblemsFound(
            "the records this command touches have problems; nothing was written", existing
        )
    originals = {(type(r), record_key(r)): r for r in before}
    _refuse_case_clashes(base, [r for r in changed if (type(r), record_key(r)) not in originals])
    changes = [Change(originals.get((type(r), record_key(r))), r, "") for r in changed]
    seen = {_identity(p) for p in checked.problems}
    added = [p for p in problems_after(checked.loaded, changes) if _identity(p) not in seen]
    if added:
        raise ProblemsFound(
            "this change would leave the book with problems; nothing was written",
            added,
            "change the command, or fix the records it builds on",
        )


def outside_closed_period(
    books: Books, before: Sequence[Record], after: Sequence[Record], committed: Ledger | None
) -> None:
    """Refuse a change that `arl check` would find inside the closed period. Like `arl
    check`, the change is judged against the settings of the last commit too (`committed`,
    when the ledger is in git): a period reopened in the working tree but not yet committed
    is still closed for it."""
    ledger = books.base.ledger
    change = ChangeSet(
        Side("last commit", None, committed or ledger, tuple(before)),
        Side("after", None, ledger, tuple(after)),
        (),
    )
    flags = closed_period_flags(change, books)
    if not flags:
        return
    more = f" (and {len(flags) - 1} more inside it)" if len(flags) > 1 else ""
    hint, locked = CLOSED_HINT, change.locked_until()
    if locked != ledger.locked_until:
        hint = (
            f"the last commit closes the books through {locked}: commit moving locked_until "
            "back, in a change of its own, before recording this"
        )
    raise ArlError(flags[0].message + more, hint)


def _related_files(book: Book, records: list[Record]) -> set[str]:
    """Files of the customers and invoices the written records refer to."""
    related: list[Record | None] = []
    for record in records:
        related.append(book.customers.get(getattr(record, "customer", "")))
        if isinstance(record, Payment | CreditNote):
            related += [book.invoices.get(a.invoice) for a in record.apply]
        if isinstance(record, CreditNote) and record.invoice:
            related.append(book.invoices.get(record.invoice))
        if isinstance(record, Invoice):
            related.append(record)
    return {r.source.file for r in related if r is not None}


def _refuse_case_clashes(book: Book, new: Sequence[Record]) -> None:
    """A new id that differs from one in use only in case would collide with its file on
    Windows and macOS (what `arl check` reports as `case_clashes`)."""
    for record in new:
        key = record_key(record)
        other = clash(key, book.table(type(record)).keys())
        if other is not None:
            raise ArlError(
                f"'{key}' differs from '{other}' only in upper and lower case",
                "choose an id that differs in more than case",
            )


def _identity(problem: Problem) -> tuple[str, str]:
    return problem.source.file, problem.message
