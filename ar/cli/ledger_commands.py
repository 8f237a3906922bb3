"""Commands about the ledger as a whole: init, check, fmt, schema."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ar.cli.env import Env

if TYPE_CHECKING:
    from ar.errors import Problem
    from ar.store.load import Loaded


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("check")(check)
    app.command("fmt")(fmt)
    app.command("schema")(schema)


def init(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Where to create the ledger.")] = Path(),
    demo: Annotated[bool, typer.Option("--demo", help="Fill it with the demo book.")] = False,
) -> None:
    """Create a new ledger: ledger.yaml, the record folders, templates/ and .gitignore."""
    from ar.store.init import init_ledger

    init_ledger(directory, demo=demo)
    what = "the demo book" if demo else "an empty ledger"
    typer.echo(f"created {what} in {directory}")
    typer.echo(f"next: arl -L {directory} check")


def check(
    ctx: typer.Context,
    against: Annotated[
        str | None,
        typer.Option(
            "--against",
            metavar="REV",
            help="Judge the closed period against this git revision (default: HEAD).",
            show_default=False,
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Parse every file afresh instead of trusting the parse cache, and report "
            "any difference between the two as a problem.",
        ),
    ] = False,
) -> None:
    """Validate every file and the whole book; print path:line: problem, exit 1 if any.

    Checks that files parse and match their schema, ids are unique, references resolve,
    currencies agree, no payment applies more than its amount, no invoice is settled
    beyond its total, and dates are sane. In a git repository with `locked_until` set in
    ledger.yaml, a record added, edited or removed since the last commit (or `--against`
    REV) that is dated inside the closed period is a problem too. Made for pull-request CI
    and pre-commit.
    """
    from ar.api import ledger_problems

    env: Env = ctx.obj
    checked = env.checked(cache=False if no_cache else None, afresh=True)
    loaded = checked.loaded
    _warn_leftovers(loaded.root)
    problems = ledger_problems(checked, against)
    if no_cache:
        from ar.store.checkcache import forget

        forget(loaded.root)  # whatever was remembered, the next run finds the problems anew
    if no_cache and env.uses_cache():
        problems += _cache_disagreements(env, loaded)
    for problem in sorted(problems, key=lambda p: p.source):
        typer.echo(str(problem))
    if problems:
        files = len({p.source.file for p in problems})
        typer.echo(f"{len(problems)} problem(s) in {files} file(s)", err=True)
        raise typer.Exit(1)
    book = loaded.book
    assert book is not None
    typer.echo(
        f"ok: {len(book.customers)} customers, {len(book.invoices)} invoices, "
        f"{len(book.payments)} payments, {len(book.credit_notes)} credit notes",
        err=True,
    )


def _warn_leftovers(root: Path) -> None:
    """Temporary files of an interrupted write are harmless (never loaded) but worth a look."""
    from ar.errors import relative
    from ar.store.layout import leftover_temp_files

    for path in leftover_temp_files(root):
        typer.echo(
            f"warning: {relative(path, root)}: left over from an interrupted write; delete it",
            err=True,
        )


def _cache_disagreements(env: Env, fresh: Loaded) -> list[Problem]:
    from ar.store.verify import disagreements, discard

    found = disagreements(fresh, env.load(cache=True))
    if found:
        discard(fresh.root)
    return found


def fmt(
    ctx: typer.Context,
    check_only: Annotated[
        bool, typer.Option("--check", help="Only list files that are not canonical; exit 1 if any.")
    ] = False,
) -> None:
    """Rewrite files canonically (indent, amounts with minor units); comments are kept."""
    import contextlib

    from ar.store.canonical import format_ledger
    from ar.store.write import ledger_lock

    env: Env = ctx.obj
    root = env.root()
    with ledger_lock(root) if not check_only else contextlib.nullcontext():
        changed, problems = format_ledger(root, write=not check_only)
    for name in changed:
        typer.echo(f"{'would reformat' if check_only else 'reformatted'} {name}")
    for problem in problems:
        typer.echo(f"{problem} (not formatted)", err=True)
    if problems or (check_only and changed):
        raise typer.Exit(1)


def schema(
    kind: Annotated[
        str | None,
        typer.Argument(
            help="ledger, customer, invoice, payment, credit-note or recurring; default: all.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of record files, for editors with a YAML language server."""
    import json

    from ar.schema import schemas

    every = schemas()
    if kind is not None and kind not in every:
        from ar.errors import ArlError

        raise ArlError(f"no record kind '{kind}'", "choose one of: " + ", ".join(every))
    typer.echo(json.dumps(every[kind] if kind else every, indent=2))
