"""The `arl` command: a thin layer of Typer commands over the `ar` library."""

from __future__ import annotations


def main() -> None:
    import os
    import sys
    from pathlib import Path

    from ar.cli.early import start_early

    start_early(sys.argv[1:], os.environ, Path.cwd())
    from ar.cli.app import run

    run()
