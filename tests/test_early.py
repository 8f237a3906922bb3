"""What the command line reads of its arguments before typer does, to start stat-ing early."""

from __future__ import annotations

from pathlib import Path

import pytest

from ar.cli.early import _ledger_and_command
from ar.store.layout import CACHE_DIR, KINDS, LEDGER_FILE
from ar.store.names import CACHE_DIR as NAMES_CACHE_DIR
from ar.store.names import FOLDERS
from ar.store.names import LEDGER_FILE as NAMES_LEDGER_FILE


@pytest.mark.parametrize(
    ("args", "ledger", "command"),
    [
        (["aging"], None, "aging"),
        (["-L", "book", "aging", "--as-of", "2026-01-01"], Path("book"), "aging"),
        (["--ledger", "book", "check"], Path("book"), "check"),
        (["--ledger=book", "invoice", "list"], Path("book"), "invoice"),
        (["--version"], None, None),
        (["-L"], None, None),
        ([], None, None),
    ],
)
def test_the_ledger_and_the_command(args: list[str], ledger: Path | None, command: str) -> None:
    assert _ledger_and_command(args) == (ledger, command)


def test_names_agree_with_the_layout() -> None:
    assert tuple(kind.folder for kind in KINDS) == FOLDERS
    assert (NAMES_CACHE_DIR, NAMES_LEDGER_FILE) == (CACHE_DIR, LEDGER_FILE)
