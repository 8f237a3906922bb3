"""The `arl` command: a thin layer of Typer commands over the `ar` library."""

from __future__ import annotations


def main() -> None:
    from ar.cli.app import run

    run()
