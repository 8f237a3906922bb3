"""The `arl` command: a thin layer of Typer commands over the `ar` library."""

from __future__ import annotations

GC_THRESHOLDS = (100_000, 50, 1_000)
"""Young objects collected every 100,000 allocations instead of 700, and full collections
almost never: a command that decodes or settles a big book makes millions of objects that
all live to its end, and the default thresholds walk them again and again (a command
taking three times longer), while cyclic garbage from the rest still goes young."""


def main() -> None:
    import gc
    import os
    import sys
    from pathlib import Path

    from ar.cli.early import start_early

    gc.set_threshold(*GC_THRESHOLDS)

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
