"""Recording a decision in the ledger: one writer at a time, on the book as it is now.

Under the ledger's lock the book is read afresh (so a process that waited sees what the
one before it wrote, which keeps numbers gap-free), the decision is made, the new file
texts are rendered and read back, and the whole book is checked as it would be. Only
then are files written, each atomically. A command refuses to write when the records it
touches already have problems, or when its change would create one.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ar.book import Book, record_key
from ar.errors import ArlError, Problem, ProblemsFound, relative
from ar.model import CreditNote, Invoice, Payment, Record
from ar.plan import Change, Plan
from ar.store.afterchange import problems_after
from ar.store.checkcache import found_problems
from ar.store.layout import KIND_OF, record_path
from ar.store.load import Loaded, load_book, parse_text, pinpoint
from ar.store.sync import sync_document
from ar.store.write import atomic_write, create, document, edited_text, ledger_lock, record_text


@dataclass(frozen=True)
class Written:
    """One file a command wrote (or, in a dry run, would write)."""

    change: Change
    path: str  # relative to the ledger root
    old_text: str | None
    text: str
    record: Record  # the new record as read back from `text`

    @property
    def action(self) -> str:
        if self.old_text is None:
            return "create"
        return "update" if self.old_text != self.text else "unchanged"

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                (self.old_text or "").splitlines(keepends=True),
                self.text.splitlines(keepends=True),
                f"a/{self.path}",
                f"b/{self.path}",
            )
        )


@dataclass(frozen=True)
class Outcome:
    plan: Plan
    files: list[Written]
    dry_run: bool


def transact(
    root: Path, decide: Callable[[Book], Plan], *, dry_run: bool = False, names: Iterable[str] = ()
) -> Outcome:
    """Decide on the current book and write the result; `names` are the ids the user gave."""
    try:
        with ledger_lock(root):
            loaded = load_book(root)
            book = _usable(loaded, set(names))
            plan = decide(book)
            files = [_render(root, change) for change in plan.changes]
            _verify(loaded, book, files)
            if not dry_run:
                for written in files:
                    _write(root, written)
    except OSError as exc:
        where = exc.filename or root
        raise ArlError(f"cannot write {where}: {exc.strerror}", "check its permissions") from None
    return Outcome(plan, files, dry_run)


def _usable(loaded: Loaded, names: set[str]) -> Book:
    """The book, unless ledger.yaml or a file the user named does not even load."""
    broken = [
        p
        for p in loaded.problems
        if p.source.file == "ledger.yaml" or Path(p.source.file).stem in names
    ]
    if loaded.book is None or broken:
        raise ProblemsFound(
            "the ledger has problems where this command would write", broken or loaded.problems
        )
    return loaded.book


def _render(root: Path, change: Change) -> Written:
    """The file text a change gives, read back to prove it holds exactly the new record."""
    if change.old is None:
        path = record_path(root, change.new)
        if path.exists():
            raise ArlError(f"{relative(path, root)} exists already", "choose another id or number")
        old_text, text = None, record_text(change.new)
    else:
        path = root / change.old.source.file
        old_text = path.read_text("utf-8")
        old_doc, new_doc = document(change.old), document(change.new)
        text = edited_text(
            old_text, change.old.source.line, lambda node: sync_document(node, old_doc, new_doc)
        )
    name = relative(path, root)
    return Written(change, name, old_text, text, _read_back(name, text, change.new))


def _read_back(name: str, text: str, intended: Record) -> Record:
    kind = KIND_OF[type(intended)]
    parsed = parse_text(text, name, kind.model, kind)
    key = record_key(intended)
    for record in parsed.records:
        if record_key(record) == key and record.model_dump() == intended.model_dump():
            return record
    raise RuntimeError(f"{name} would not read back as {key}: {parsed.problems}")


def _verify(loaded: Loaded, book: Book, files: list[Written]) -> None:
    """Refuse when touched records already have problems, or the change would add one."""
    before = [*loaded.problems, *found_problems(loaded)]
    touched = {w.path for w in files} | _related_files(book, [w.record for w in files])
    existing = [pinpoint(loaded.root, p) for p in before if p.source.file in touched]
    if existing:
        raise ProblemsFound(
            "the records this command touches have problems; nothing was written", existing
        )
    after = problems_after(loaded, [Change(w.change.old, w.record, "") for w in files])
    seen = {_identity(p) for p in before}
    added = [p for p in after if _identity(p) not in seen]
    if added:
        raise ProblemsFound(
            "this change would leave the book with problems; nothing was written",
            added,
            "change the command, or fix the records it builds on",
        )


def _related_files(book: Book, records: list[Record]) -> set[str]:
    """Files of the customers and invoices the written records refer to."""
    related: list[Record | None] = []
    for record in records:
        related.append(book.customers.get(getattr(record, "customer", "")))
        if isinstance(record, Payment):
            related += [book.invoices.get(a.invoice) for a in record.apply]
        if isinstance(record, CreditNote) and record.invoice:
            related.append(book.invoices.get(record.invoice))
        if isinstance(record, Invoice):
            related.append(record)
    return {r.source.file for r in related if r is not None}


def _identity(problem: Problem) -> tuple[str, str]:
    return problem.source.file, problem.message


def _write(root: Path, written: Written) -> None:
    path = root / written.path
    if written.action == "create":
        create(path, written.text)
    elif written.action == "update":
        atomic_write(path, written.text)
