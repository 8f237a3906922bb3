"""The two sides of a change to a ledger kept in git, read for review.

A revision's files are read from git objects (one `git cat-file --batch` for all of them),
never checked out, and parsed exactly as files in the working tree are (`parse_text`).
Only the files the change touched are read on the old side: every other file is the same
on both sides, so its records are read once and shared.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from pathlib import Path

from ar.book import Book
from ar.errors import ArlError, Problem, ProblemsFound
from ar.model import Ledger, Record
from ar.review.changeset import ChangeSet, Side
from ar.store import git
from ar.store.layout import LEDGER_FILE, kind_of
from ar.store.load import Loaded, ParsedFile, decode_text, load_book, parse_text, read_file


@dataclass
class Files:
    """What a set of files yields: the ledger settings (if among them), records, problems."""

    ledger: Ledger | None = None
    records: dict[str, list[Record]] = field(default_factory=dict)
    problems: dict[str, list[Problem]] = field(default_factory=dict)

    def add(self, name: str, parsed: ParsedFile) -> None:
        if name == LEDGER_FILE:
            self.ledger = parsed.records[0] if parsed.records else None  # type: ignore[assignment]
        else:
            self.records[name] = parsed.records
        if parsed.problems:
            self.problems[name] = parsed.problems

    def touched(self, names: set[str]) -> tuple[list[Record], list[Problem]]:
        records = [r for name in sorted(names & self.records.keys()) for r in self.records[name]]
        problems = [p for name in sorted(names & self.problems.keys()) for p in self.problems[name]]
        return records, problems


def is_ledger_file(name: str) -> bool:
    return name == LEDGER_FILE or kind_of(name) is not None


def parse_blob(name: str, data: bytes) -> ParsedFile:
    text, problem = decode_text(data, name)
    if problem:
        return ParsedFile(problems=[problem])
    kind = kind_of(name)
    return parse_text(text, name, kind.model if kind else Ledger, kind)


def read_revision(repo: git.Repository, commit: str, names: set[str] | None = None) -> Files:
    """The ledger files at a commit (all of them, or those `names` that exist there)."""
    listing = git.tree(repo, commit, names)
    wanted = [n for n in listing if is_ledger_file(n) and (names is None or n in names)]
    contents = git.blobs(repo, [listing[name] for name in wanted])
    files = Files()
    for name in wanted:
        files.add(name, parse_blob(name, contents[listing[name]]))
    return files


def committed_ledger(root: Path) -> Ledger | None:
    """The settings the last commit holds for the ledger at `root`; None outside git, before
    the first commit, or when that ledger.yaml is not usable. One git call."""
    try:
        data = git.run(root, "cat-file", "blob", f"HEAD:./{LEDGER_FILE}")
    except git.GitError:
        return None
    parsed = parse_blob(LEDGER_FILE, data)
    found = parsed.records[0] if parsed.records and not parsed.problems else None
    return found if isinstance(found, Ledger) else None


def ledger_at(repo: git.Repository, commit: str) -> Ledger | None:
    """The settings a commit holds, or None when it has no usable ledger.yaml."""
    return read_revision(repo, commit, {LEDGER_FILE}).ledger


@dataclass(frozen=True)
class Named:
    commit: str
    label: str


def resolve_base(repo: git.Repository, base: str | None) -> Named:
    """The revision named, or the merge base of HEAD with the default branch."""
    if base is not None:
        commit = git.commit_of(repo, base)
        return Named(commit, f"{base} ({git.short(repo, commit)})")
    branch = git.default_branch(repo)
    commit = git.merge_base(repo, branch)
    tip = git.commit_of(repo, branch)
    where = branch if commit == tip else f"merge base with {branch}"
    return Named(commit, f"{where} ({git.short(repo, commit)})")


def open_repository(root: Path) -> git.Repository:
    repo = git.repository(root)
    if repo is None:
        raise ArlError(
            f"{root} is not in a git repository (or git is not installed)",
            "arl diff compares git revisions of the ledger: keep it in git",
        )
    return repo


def change_set(
    root: Path, base: str | None, head: str | None, loaded: Loaded | None = None
) -> ChangeSet:
    """The change from `base` (default: the merge base with the default branch) to `head`
    (default: the working tree, as `loaded` when the caller has read it already)."""
    repo = open_repository(root)
    old = resolve_base(repo, base)
    if head is None:
        return _against_working_tree(repo, old, loaded or load_book(root))
    commit = git.commit_of(repo, head)
    return _between(repo, old, Named(commit, f"{head} ({git.short(repo, commit)})"))


def _touched(repo: git.Repository, base: str, head: str | None) -> tuple[set[str], tuple[str, ...]]:
    """The ledger files the change touched, and its template files."""
    changed = git.changed_files(repo, base, head)
    templates = tuple(sorted(name for name in changed if name.startswith("templates/")))
    return {name for name in changed if is_ledger_file(name)}, templates


def _edited_templates(repo: git.Repository, base: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """Those of the template files git lists against the working tree that really differ
    (a file whose stat information is stale is listed too); a link or any file that is
    not a small regular file counts as changed."""
    committed = git.tree(repo, base, names)
    contents = git.blobs(repo, sorted(set(committed.values())))
    return tuple(
        name
        for name in names
        if _working_bytes(repo.root / name) != contents.get(committed.get(name, ""), b"")
        or name not in committed
    )


def _working_bytes(path: Path) -> bytes | None:
    try:
        status = path.lstat()
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode) or status.st_size > 1_000_000:
        return None
    return path.read_bytes()


def _against_working_tree(repo: git.Repository, old: Named, loaded: Loaded) -> ChangeSet:
    if loaded.book is None:
        raise ProblemsFound("ledger.yaml in the working tree does not load", loaded.problems)
    touched, templates = _touched(repo, old.commit, None)
    templates = _edited_templates(repo, old.commit, templates)
    files = Files()
    for name in sorted(touched - {LEDGER_FILE}):
        kind = kind_of(name)
        path = repo.root / name
        if kind is not None and path.is_file():
            files.add(name, read_file(repo.root, path, kind.model, kind))
    records, problems = files.touched(touched)
    shared = _records(loaded.book)
    if touched:
        shared = [r for r in shared if r.source.file not in touched]
    head = Side("working tree", None, loaded.book.ledger, tuple(records), tuple(problems))
    return ChangeSet(_old_side(repo, old, touched, head.ledger), head, tuple(shared), templates)


def _between(repo: git.Repository, old: Named, new: Named) -> ChangeSet:
    touched, templates = _touched(repo, old.commit, new.commit)
    files = read_revision(repo, new.commit)
    if files.ledger is None:
        raise ArlError(
            f"{new.label} has no usable {LEDGER_FILE} in this folder",
            "compare revisions that hold the ledger",
        )
    records, problems = files.touched(touched)
    shared = [r for name, found in files.records.items() if name not in touched for r in found]
    head = Side(new.label, new.commit, files.ledger, tuple(records), tuple(problems))
    return ChangeSet(_old_side(repo, old, touched, head.ledger), head, tuple(shared), templates)


def _old_side(repo: git.Repository, old: Named, touched: set[str], fallback: Ledger) -> Side:
    """The base side; a base without the ledger yet is an empty book with the new settings."""
    files = read_revision(repo, old.commit, touched | {LEDGER_FILE})
    records, problems = files.touched(touched)
    new = files.ledger is None and LEDGER_FILE not in files.problems
    ledger = files.ledger or fallback
    return Side(old.label, old.commit, ledger, tuple(records), tuple(problems), new)


def _records(book: Book) -> list[Record]:
    return [
        *book.customers.values(),
        *book.invoices.values(),
        *book.payments.values(),
        *book.credit_notes.values(),
        *book.recurring.values(),
    ]
