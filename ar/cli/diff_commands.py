"""Reviewing a change to the ledger in money terms: arl diff."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from ar.cli.env import Env


class DiffFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)


def diff(
    ctx: typer.Context,
    base: Annotated[
        str | None,
        typer.Argument(
            metavar="BASE",
            help="Revision before the change; default: the merge base of HEAD with the "
            "default branch (origin/HEAD, else main, else master).",
            show_default=False,
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Argument(
            metavar="HEAD",
            help="Revision after the change; default: the working tree.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        DiffFormat,
        typer.Option(
            "--format", "-f", help="text for people, markdown for a pull request, json for bots."
        ),
    ] = DiffFormat.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when there is any warning.")
    ] = False,
) -> None:
    """Review a ledger change in money terms, for pull requests.

    Reads the book at two git revisions (from git objects; the working tree is never
    touched) and reports what was recorded, edited or removed: invoices issued, edited or
    voided, payments and their allocations, credit notes, write-offs, fees, interest,
    reminders, disputes, promises, customer terms, credit limits and holds. Then the
    effect on what customers owe per currency (open total and each aging bucket, both books
    aged on the latest date either side records), and warnings a reviewer must not miss:
    an issued invoice edited in place, anything dated inside the closed period
    (`locked_until` in ledger.yaml), a deleted record, a payment re-allocated, a number
    recorded twice or skipped.
    """
    from ar.render.review import as_json, as_markdown, as_text
    from ar.review.diff import review
    from ar.store.revision import change_set

    env: Env = ctx.obj
    result = review(change_set(env.root(), base, head))
    render = {"text": as_text, "markdown": as_markdown, "json": as_json}[fmt.value]
    env.out.file.write(render(result))
    if strict and result.flags:
        raise typer.Exit(1)
