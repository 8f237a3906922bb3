"""Giving a warm run a head start: stat the ledger's files while the CLI itself loads.

Importing typer and the pydantic it converts options with takes a good part of a warm
run. For a command that will load the ledger, the helpers that stat its files (see
`ar.store.prescan`) are started first, from the few arguments that name the ledger.
Anything unusual, and the command simply starts them later itself.
"""

from __future__ import annotations

import atexit
import os
from pathlib import Path

NO_BOOK = frozenset({"init", "schema"})  # commands that never read a ledger
GLOBAL_VALUE_OPTIONS = frozenset({"--ledger", "-L"})


def start_early(args: list[str], environ: dict[str, str] | os._Environ[str], cwd: Path) -> None:
    if environ.get("ARL_NO_CACHE", "") not in ("", "0"):
        return
    explicit, command = _ledger_and_command(args)
    if command is None or command in NO_BOOK or {"--help", "-h", "--version"} & set(args):
        return
    from ar.errors import ArlError
    from ar.store import prescan
    from ar.store.names import find_root

    try:
        root = find_root(explicit, environ.get("ARL_LEDGER"), cwd)
    except (ArlError, OSError):
        return
    prescan.start(root)
    atexit.register(prescan.abandon)


def _ledger_and_command(args: list[str]) -> tuple[Path | None, str | None]:
    """The --ledger given before the command, and the command's name."""
    ledger = None
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in GLOBAL_VALUE_OPTIONS and index + 1 < len(args):
            ledger, index = Path(args[index + 1]), index + 2
        elif arg.startswith("--ledger="):
            ledger, index = Path(arg.partition("=")[2]), index + 1
        elif arg.startswith("-"):
            return ledger, None  # an option this does not know: leave it all to typer
        else:
            return ledger, arg
    return ledger, None
