"""Recording in the ledger: one writer at a time, on the book as it is now.

Every command that changes records goes this way, events recorded with letters included.
Under the ledger's lock the book is read afresh (`load_checked`: a process that waited
sees what the one before it wrote, which keeps numbers gap-free). The command decides on
it and stages its changes: each new file text is rendered (an edited file keeps the
comments and layout a person wrote) and read back. The staged change is then verified
(`ar.store.guard`): nothing inside the closed period, no problem in the records it
touches, none added to the book. Only then are files written, each atomically.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ar.book import Book, record_key
from ar.errors import ArlError, ProblemsFound, relative
from ar.model import Record
from ar.plan import Change, Plan
from ar.store.add import place_new
from ar.store.afterchange import laid_over
from ar.store.checked import Checked, load_checked
from ar.store.emit import fast_record_text
from ar.store.guard import verify
from ar.store.layout import KIND_OF, record_path
from ar.store.load import parse_text
from ar.store.sync import sync_document
from ar.store.write import atomic_write, create, document, edited_text, ledger_lock

R = TypeVar("R", bound=Record)
Progress = Callable[[int], None] | None


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


class Transaction:
    """The book as read under the lock (`base`), and the changes staged on it."""

    def __init__(self, root: Path, checked: Checked) -> None:
        book = checked.loaded.book
        assert book is not None
        self.root, self.checked, self.base = root, checked, book
        self.staged: list[Written] = []
        self._texts: dict[str, str] = {}  # each staged file's latest text
        self._latest: dict[tuple[type[Record], str], Record] = {}
        self._book: Book | None = book

    @property
    def book(self) -> Book:
        """The book with every staged change in it."""
        if self._book is None:
            self._book = laid_over(self.base, self._latest.values())
        return self._book

    def latest(self, kind: type[R], key: str) -> R | None:
        """A record as the staged changes left it (as read back, so at its place in the
        file's new text), else as loaded."""
        found = self._latest.get((kind, key))
        if isinstance(found, kind):
            return found
        return self.base.table(kind).get(key)

    def stage(self, changes: Iterable[Change]) -> list[Written]:
        """Render each change on top of those staged before it; nothing is written."""
        files = []
        for change in changes:
            written = self._render(change)
            self._texts[written.path] = written.text
            self._latest[type(written.record), record_key(written.record)] = written.record
            self._book = None
            files.append(written)
        self.staged += files
        return files

    def verify(self) -> None:
        """Refuse everything staged so far, unless it may be written (`ar.store.guard`)."""
        if not self.staged:
            return
        originals = [self.base.table(kind).get(key) for kind, key in self._latest]
        before = [record for record in originals if record is not None]
        verify(self.checked, self.book, self.staged, before, list(self._latest.values()))

    def write(self, files: Sequence[Written], progress: Progress = None) -> None:
        """Write staged files, each once with its latest text: edits one by one, each
        atomically; new files together, flushed to disk once (`place_new`)."""
        final: dict[str, tuple[str | None, str]] = {}
        for written in files:
            first = final[written.path][0] if written.path in final else written.old_text
            final[written.path] = (first, written.text)
        new = [(self.root / name, text) for name, (old, text) in final.items() if old is None]
        for name, (old, text) in final.items():
            if old is None and len(new) == 1:
                create(self.root / name, text)
            elif old is not None and old != text:
                atomic_write(self.root / name, text)
        if len(new) > 1:
            place_new(new, progress)

    def _render(self, change: Change) -> Written:
        """The file text a change gives, read back to prove it holds exactly the new record."""
        if change.old is None:
            path = record_path(self.root, change.new)
            name = relative(path, self.root)
            if path.exists() or name in self._texts:
                raise ArlError(f"{name} exists already", "choose another id or number")
            old_text, text = None, fast_record_text(change.new, change.comment)
        else:
            name = change.old.source.file
            old_text = self._texts.get(name) or (self.root / name).read_text("utf-8")
            old_doc, new_doc = document(change.old), document(change.new)
            text = edited_text(
                old_text,
                change.old.source.line,
                lambda node: sync_document(node, old_doc, new_doc),
                record_key(change.old),
            )
        return Written(change, name, old_text, text, _read_back(name, text, change.new))


def _read_back(name: str, text: str, intended: Record) -> Record:
    kind = KIND_OF[type(intended)]
    parsed = parse_text(text, name, kind.model, kind)
    key = record_key(intended)
    for record in parsed.records:
        if record_key(record) == key and record.model_dump() == intended.model_dump():
            return record
    raise RuntimeError(f"{name} would not read back as {key}: {parsed.problems}")


@contextlib.contextmanager
def transaction(
    root: Path,
    *,
    names: Iterable[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[Transaction]:
    """Hold the ledger's lock and read the book afresh. With `names` (the ids a user
    gave), only ledger.yaml and the files of those records must load, since `verify`
    refuses problems where the change reaches; without, the whole book must be sound:
    letters and imports build on all of it."""
    with ledger_lock(root):
        checked = load_checked(root, progress=progress)
        if names is None:
            checked.sound()
        else:
            _usable(checked, set(names))
        yield Transaction(root, checked)


def transact(
    root: Path, decide: Callable[[Book], Plan], *, dry_run: bool = False, names: Iterable[str] = ()
) -> Outcome:
    """Decide on the current book and write the result; `names` are the ids the user gave."""
    try:
        with transaction(root, names=names) as tx:
            plan = decide(tx.book)
            files = tx.stage(plan.changes)
            tx.verify()
            if not dry_run:
                tx.write(files)
    except OSError as exc:
        where = exc.filename or root
        raise ArlError(f"cannot write {where}: {exc.strerror}", "check its permissions") from None
    return Outcome(plan, files, dry_run)


def _usable(checked: Checked, names: set[str]) -> None:
    """Refuse when ledger.yaml or a file the user named does not even load."""
    loaded = checked.loaded
    broken = [
        p
        for p in loaded.problems
        if p.source.file == "ledger.yaml" or Path(p.source.file).stem in names
    ]
    if loaded.book is None or broken:
        raise ProblemsFound(
            "the ledger has problems where this command would write", broken or loaded.problems
        )
