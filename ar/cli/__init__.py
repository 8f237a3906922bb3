"""The `arl` command: a thin layer of Typer commands over the `ar` library."""

from __future__ import annotations


def main() -> None:
    import os
    import sys
    from pathlib import Path

    from ar.cli.early import start_early

    start_early(sys.argv[1:], os.environ, Path.cwd())
    from ar.cli.app import run

    try:
        run()
    except SystemExit as exc:
        _leave(exc.code)
    _leave(0)


def _leave(code: object) -> None:
    """End the process without freeing the loaded book object by object, which for a big
    book takes longer than the command itself: flush what was written, run the exit
    handlers, and go. (Only the command line does this; tests call `run` directly.)"""
    import atexit
    import os
    import sys

    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    atexit._run_exitfuncs()
    os._exit(code or 0)
