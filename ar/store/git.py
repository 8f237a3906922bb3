"""The ledger's git repository, read through git's own plumbing.

Only commands that read are run, with `GIT_OPTIONAL_LOCKS=0` so that not even the index
is refreshed on disk: reviewing a change never touches the working tree or the repository.
Paths come back NUL-separated, relative to the ledger root.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from ar.errors import ArlError

MAX_NAMED = 500  # files looked up by name rather than by listing the whole tree
_ENV = {"GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}


class GitError(ArlError):
    """git refused: an unknown revision, a damaged repository, no git at all."""


@dataclass(frozen=True)
class Repository:
    """A ledger inside a git work tree; `prefix` is the ledger's folder in the repository
    ('' at its top, else like 'books/')."""

    root: Path
    prefix: str

    def git(self, *args: str, data: bytes | None = None) -> bytes:
        return run(self.root, *args, data=data)


def run(cwd: Path, *args: str, data: bytes | None = None) -> bytes:
    """git's output, or a GitError carrying the first line git wrote to stderr."""
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=data,
            capture_output=True,
            env={**os.environ, **_ENV},
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed", "install git to compare revisions") from None
    if done.returncode:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        command = next(arg for arg in args if not arg.startswith("-"))
        raise GitError(f"git {command}: {said[0] if said else 'failed'}")
    return done.stdout


def repository(root: Path) -> Repository | None:
    """The repository the ledger is in, or None when it is in none (or git is missing)."""
    try:
        prefix = run(root, "rev-parse", "--show-prefix").decode().strip()
    except GitError:
        return None
    return Repository(root, prefix)


def commit_of(repo: Repository, revision: str) -> str:
    """The full id of the commit a revision names; an unknown one stops the command."""
    if revision.startswith("-"):
        raise ArlError(f"'{revision}' is not a revision", "name a branch, tag or commit")
    try:
        return (
            repo.git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode().strip()
        )
    except GitError:
        raise ArlError(
            f"unknown revision '{revision}'", "name a branch, tag or commit of this repository"
        ) from None


def has_commits(repo: Repository) -> bool:
    try:
        commit_of(repo, "HEAD")
    except ArlError:
        return False
    return True


def default_branch(repo: Repository) -> str:
    """The branch changes are merged into: origin's HEAD when known, else main, else master."""
    try:
        return (
            repo.git("symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD")
            .decode()
            .strip()
        )
    except GitError:
        pass
    for name in ("main", "master"):
        try:
            repo.git("rev-parse", "--verify", "--quiet", f"refs/heads/{name}")
        except GitError:
            continue
        return name
    raise ArlError(
        "no default branch to compare with (no origin/HEAD, main or master)",
        "name the base revision: arl diff BASE",
    )


def merge_base(repo: Repository, branch: str) -> str:
    try:
        return repo.git("merge-base", "HEAD", branch).decode().strip()
    except GitError:
        raise ArlError(
            f"HEAD and {branch} have no common history", "name the base revision: arl diff BASE"
        ) from None


def short(repo: Repository, commit: str) -> str:
    return repo.git("rev-parse", "--short", commit).decode().strip()


def changed_files(repo: Repository, base: str, head: str | None) -> list[str]:
    """Files that differ between two commits, or between a commit and the working tree
    (staged, unstaged and untracked files alike), relative to the ledger root."""
    # Plumbing, never `git diff`: the porcelain may rewrite the index to refresh stale
    # stat information, whatever GIT_OPTIONAL_LOCKS says. Against the working tree, a file
    # whose stat information is stale counts as changed; its records then compare equal.
    command = ["diff-tree", "-r", base, head] if head else ["diff-index", base]
    found = _names(
        repo.git(
            *command[:1], "--name-only", "-z", "--no-renames", "--relative", *command[1:], "--", "."
        )
    )
    if head is None:
        found += _names(repo.git("ls-files", "-z", "--others", "--exclude-standard", "--", "."))
    return sorted(set(found))


def _names(output: bytes) -> list[str]:
    return [name for name in output.decode("utf-8", "surrogateescape").split("\0") if name]


def tree(repo: Repository, commit: str, names: Collection[str] | None = None) -> dict[str, str]:
    """Files of the ledger folder at a commit: path relative to the root -> blob id.

    All of them, or those of `names` that exist (a few are looked up by name, many by
    listing everything); empty when the folder did not exist yet. Symbolic links and
    submodules are left out.
    """
    only = ["--", *sorted(names)] if names is not None and len(names) <= MAX_NAMED else []
    try:
        listing = repo.git(
            "--literal-pathspecs",
            "ls-tree",
            "-r",
            "-z",
            "--full-tree",
            f"{commit}:{repo.prefix}",
            *only,
        )
    except GitError:
        return {}
    files = {}
    for entry in _names(listing):
        meta, path = entry.split("\t", 1)
        mode, kind, oid = meta.split(" ")
        if kind == "blob" and mode in ("100644", "100755"):
            files[path] = oid
    return files


def blobs(repo: Repository, oids: list[str]) -> dict[str, bytes]:
    """The contents of many blobs from one `git cat-file --batch`."""
    if not oids:
        return {}
    output = repo.git("cat-file", "--batch", data="".join(f"{oid}\n" for oid in oids).encode())
    contents: dict[str, bytes] = {}
    at = 0
    while at < len(output):
        end = output.index(b"\n", at)
        header = output[at:end].decode().split(" ")
        if len(header) != 3:  # "<oid> missing"
            at = end + 1
            continue
        oid, _kind, size = header
        start = end + 1
        contents[oid] = output[start : start + int(size)]
        at = start + int(size) + 1
    return contents
