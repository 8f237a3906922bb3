"""What every write command shares: its options, parsing of amounts, and telling what it wrote.

A write prints one line per file (`created PATH: summary`), then notes such as the
unapplied credit left. `--dry-run` prints the YAML a new file would hold, or the diff of
an edited one, and writes nothing. `--format json` prints one object:
`{"dry_run", "changes": [{"action", "path", "kind", "id", "summary", "text"?, "diff"?}],
"notes", "result"}`; `text` and `diff` appear in dry runs.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ar.cli.env import Env, parse_date
from ar.errors import ArlError
from ar.money import LARGEST_AMOUNT, parse_rate, plain_decimal

if TYPE_CHECKING:
    from ar.book import Book
    from ar.plan import Plan
    from ar.store.transaction import Outcome, Written


class WriteFormat(StrEnum):
    text = "text"
    json = "json"


DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Show what would be written; write nothing.")
]
WriteFormatOption = Annotated[
    WriteFormat, typer.Option("--format", "-f", help="text for people, json for scripts.")
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="DATE",
        help="Date of the record (YYYY-MM-DD); default today.",
        show_default=False,
    ),
]


def parse_amount(text: str, what: str = "amount") -> Decimal:
    """An amount as typed: plain decimal digits, '1250' or '1250.00' (no `1e3`, no `1_000`,
    no other script's digits: the ledger's own rule, `ar.money.plain_decimal`)."""
    try:
        value = plain_decimal(text.strip())
    except ValueError:
        raise ArlError(f"{what} '{text}' is not a plain number", "write it like 1250.00") from None
    if abs(value) >= LARGEST_AMOUNT:
        raise ArlError(f"{what} '{text}' is too large", f"amounts stay below {LARGEST_AMOUNT:,}")
    return value


def parse_rate_option(text: str, what: str = "rate") -> Decimal:
    """A rate as typed, `19%` or `0.19`; a bare number above 1 is refused with a hint."""
    try:
        return parse_rate(text)
    except ValueError as exc:
        raise ArlError(f"{what} {exc}") from None


def parse_currency(code: str | None) -> str | None:
    """A currency given with --currency: an ISO 4217 code, refused here before it can
    name a ledger's records (a typo would otherwise open a currency of its own)."""
    from ar.model.currencies import ISO_4217

    if code is not None and code not in ISO_4217:
        raise ArlError(f"--currency: '{code}' is not an ISO 4217 currency code", "e.g. EUR, GBP")
    return code


# Commands whose arguments are amounts: `-100` is then an argument (refused as negative
# with a clear message) rather than an unknown option "-1".
AMOUNT_ARGUMENTS: dict[str, Any] = {"ignore_unknown_options": True}


def parse_target(text: str) -> tuple[str, Decimal | None]:
    """`INV` or `INV=AMOUNT`, as given to --apply, apply and unapply."""
    number, sep, amount = text.partition("=")
    if not number.strip():
        raise ArlError(f"'{text}' names no invoice", "write INV or INV=AMOUNT")
    return number.strip(), parse_amount(amount, f"amount for {number}") if sep else None


def record(
    ctx: typer.Context,
    decide: Callable[[Book], Plan],
    *,
    dry_run: bool,
    fmt: WriteFormat,
    names: Iterable[str] = (),
    say: Callable[[Outcome], str] | None = None,
) -> None:
    """Run a decision against the ledger and print what it wrote (`say`: the text a
    command prints instead, once it wrote)."""
    from ar.store.transaction import transact

    env: Env = ctx.obj
    outcome = transact(env.root(), decide, dry_run=dry_run, names=names)
    if fmt == WriteFormat.json:
        typer.echo(json.dumps(as_json(outcome), indent=2, ensure_ascii=False))
    elif say is not None and not dry_run:
        typer.echo(say(outcome), nl=False)
    else:
        typer.echo(as_text(outcome), nl=False)


def date_option(ctx: typer.Context, text: str | None) -> dt.date:
    env: Env = ctx.obj
    return parse_date(text, env.today())


def as_text(outcome: Outcome) -> str:
    lines = []
    for written in outcome.files:
        lines.append(f"{_verb(written, outcome.dry_run)} {written.path}: {written.change.summary}")
        if outcome.dry_run:
            lines.append(written.text if written.action == "create" else written.diff())
    lines += [f"  {note}" for note in outcome.plan.notes]
    if outcome.dry_run:
        lines.append("dry run: nothing was written")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines if line)


def _verb(written: Written, dry_run: bool) -> str:
    if dry_run:
        return {"create": "would create", "update": "would update"}.get(written.action, "unchanged")
    return {"create": "created", "update": "updated"}.get(written.action, "unchanged")


def as_json(outcome: Outcome) -> dict[str, Any]:
    from ar.book import record_key
    from ar.render.report import plain
    from ar.schema import KIND_MODELS

    kinds = {model: kind for kind, model in KIND_MODELS.items()}
    changes = []
    for written in outcome.files:
        entry: dict[str, Any] = {
            "action": written.action,
            "path": written.path,
            "kind": kinds[type(written.record)],
            "id": record_key(written.record),
            "summary": written.change.summary,
        }
        if outcome.dry_run:
            entry["text" if written.action == "create" else "diff"] = (
                written.text if written.action == "create" else written.diff()
            )
        changes.append(entry)
    return {
        "dry_run": outcome.dry_run,
        "changes": changes,
        "notes": list(outcome.plan.notes),
        "result": plain(outcome.plan.result, None),
    }
