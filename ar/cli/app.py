"""The Typer application, its global options, and the one place errors become exit codes."""

from __future__ import annotations

import os
import sys
from enum import IntEnum
from pathlib import Path
from typing import Annotated

import typer

from ar import __version__
from ar.cli import (
    book_commands,
    book_writes,
    collect_commands,
    desk_commands,
    diff_commands,
    ledger_commands,
    money_commands,
    provision_commands,
    query_commands,
    rates_commands,
    report_commands,
    serve_commands,
    trade_commands,
)
from ar.cli.env import Env


class Exit(IntEnum):
    OK = 0
    PROBLEMS = 1
    USAGE = 2
    INTERNAL = 70  # EX_SOFTWARE: a defect in arl, never the user's input


app = typer.Typer(
    name="arl",
    help="Accounts receivable kept as plain YAML files in a git repository.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"arl {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    ctx: typer.Context,
    ledger: Annotated[
        Path | None,
        typer.Option(
            "--ledger",
            "-L",
            help="Ledger directory (default: $ARL_LEDGER, else the nearest "
            "parent holding ledger.yaml).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    ctx.obj = Env(ledger_option=ledger)


ledger_commands.register(app)
book_commands.register(app)
book_writes.register(app)
money_commands.register(app)
collect_commands.register(app)
desk_commands.register(app)
report_commands.register(app)
provision_commands.register(app)
rates_commands.register(app)
serve_commands.register(app)
query_commands.register(app)
trade_commands.register(app)
diff_commands.register(app)


def run() -> None:
    """Run the CLI; a bad input prints one line and exits 2, never a traceback."""
    from ar.errors import ArlError, ProblemsFound

    try:
        code = app(standalone_mode=False)
    except ProblemsFound as exc:
        for problem in exc.problems[:20]:
            print(problem, file=sys.stderr)
        more = len(exc.problems) - 20
        print(f"arl: {exc}" + (f" ({more} more problems)" if more > 0 else ""), file=sys.stderr)
        sys.exit(Exit.USAGE)
    except ArlError as exc:
        print(f"arl: {exc}", file=sys.stderr)
        sys.exit(Exit.USAGE)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        print("arl: aborted", file=sys.stderr)
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(Exit.OK)
    except OSError as exc:  # a full disk, a read-only mount, a file gone: the system's reason
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"arl: {where}{exc.strerror or exc} (every file is whole; fix that and run again)",
              file=sys.stderr)  # fmt: skip
        sys.exit(Exit.USAGE)
    except typer.TyperException as exc:  # usage errors, shown with the command's usage line
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            print(f"arl: {exc.message}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except Exception as exc:  # a defect: one line and where to report it, unless debugging
        if os.environ.get("ARL_TRACEBACK"):
            raise
        print(f"arl: internal error, please report it (ARL_TRACEBACK=1 shows where): "
              f"{type(exc).__name__}: {exc}", file=sys.stderr)  # fmt: skip
        sys.exit(Exit.INTERNAL)
    sys.exit(code if isinstance(code, int) else Exit.OK)
