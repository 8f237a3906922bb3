"""Real git repositories for the tests, built in temporary folders.

Every commit has the same author and date, so commit ids (and the output that shows them)
are the same on every run. Global and system git configuration are kept out.
"""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

ENV = {
    "GIT_AUTHOR_NAME": "Test Bookkeeper",
    "GIT_AUTHOR_EMAIL": "books@example.com",
    "GIT_COMMITTER_NAME": "Test Bookkeeper",
    "GIT_COMMITTER_EMAIL": "books@example.com",
    "GIT_AUTHOR_DATE": "2026-11-20T12:00:00+0000",
    "GIT_COMMITTER_DATE": "2026-11-20T12:00:00+0000",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


class Repo:
    """A git work tree at `path`; `ledger` is the ledger's folder inside it."""

    def __init__(self, path: Path, ledger: str = "", origin: Repo | None = None) -> None:
        self.path = path
        self.ledger = path / ledger if ledger else path
        path.mkdir(parents=True, exist_ok=True)
        if origin is None:
            self.git("init", "-q", "-b", "main")
        else:
            self.git("clone", "-q", str(origin.path), ".")

    def git(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["git", *args],
            cwd=self.path,
            env={**os.environ, **ENV},
            capture_output=True,
            text=True,
            check=False,
        )
        if check and done.returncode:
            raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
        return done.stdout

    def write(self, files: dict[str, str]) -> None:
        for name, text in files.items():
            path = self.ledger / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text))

    def remove(self, *names: str) -> None:
        for name in names:
            (self.ledger / name).unlink()

    def commit(self, message: str, files: dict[str, str] | None = None) -> str:
        if files:
            self.write(files)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD").strip()

    def status(self) -> str:
        return self.git("status", "--porcelain")
