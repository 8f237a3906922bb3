"""The review of one change to the ledger: its changes, its flags and its effect on money.

`review` is what `arl diff` prints; `closed_period_problems` is what `arl check` reports
about the same change, as problems at file and line; `closed_period_flags` is the rule both
apply, which commands that write apply to their own change before writing it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from ar.book import record_key
from ar.errors import Problem
from ar.model import CreditNote, Customer, Invoice, Payment, Record, Recurring
from ar.review.change import SECTIONS, Books, Change, fields_of
from ar.review.changeset import ChangeSet, latest, latest_date
from ar.review.credit_notes import credit_note_changes
from ar.review.effect import Effect, effects
from ar.review.flags import Flag, flags, in_closed_period
from ar.review.invoices import invoice_changes
from ar.review.parties import customer_changes, recurring_changes, settings_changes
from ar.review.payments import payment_changes

Builder = Callable[[Any, Any, Books], list[Change]]
BUILDERS: dict[type[Record], Builder] = {
    Customer: customer_changes,
    Invoice: invoice_changes,
    Payment: payment_changes,
    CreditNote: credit_note_changes,
    Recurring: recurring_changes,
}
_ORDER = {section: index for index, section in enumerate(SECTIONS)}


@dataclass(frozen=True)
class Review:
    """Everything `arl diff` reports. `as_of` is the day both books are aged on: the latest
    date either side records (None for a book with nothing dated)."""

    base_label: str
    base_commit: str | None
    head_label: str
    head_commit: str | None
    as_of: dt.date | None
    locked_until: dt.date | None
    changes: list[Change]
    flags: list[Flag]
    effects: list[Effect]


def counts(found: list[Change]) -> dict[str, dict[str, int]]:
    """How many changes of each action each section holds, sections in reading order."""
    table: dict[str, dict[str, int]] = {}
    for change in found:
        actions = table.setdefault(change.section, {})
        actions[change.action] = actions.get(change.action, 0) + 1
    return table


def review(changes: ChangeSet) -> Review:
    base, head = changes.books()
    books = Books(base, head)
    found = record_changes(changes, books)
    touched = [*changes.base.touched, *changes.head.touched]
    dates = [d for d in (latest_date(base), latest_date(head), latest(touched)) if d]
    as_of = max(dates) if dates else None
    return Review(
        changes.base.label,
        changes.base.commit,
        changes.head.label,
        changes.head.commit,
        as_of,
        changes.locked_until(),
        found,
        flags(changes, found, books),
        effects(books, as_of) if as_of else [],
    )


def record_changes(changes: ChangeSet, books: Books) -> list[Change]:
    """Records of the touched files matched by kind and id, the differences in business terms.

    A record moved to another file but otherwise equal is no change; an id recorded twice
    pairs its records in file order, the extra ones added or removed.
    """
    olds, news = _by_id(changes.base.touched), _by_id(changes.head.touched)
    found: list[Change] = []
    for key in sorted(olds.keys() | news.keys()):
        for old, new in zip_longest(olds.get(key, []), news.get(key, [])):
            if old is not None and new is not None and fields_of(old) == fields_of(new):
                continue
            found += BUILDERS[type(old or new)](old, new, books)
    found += settings_changes(changes.base.ledger, changes.head.ledger)
    return sorted(found, key=lambda c: (_ORDER[c.section], c.date or dt.date.min, c.key))


def _by_id(records: Sequence[Record]) -> dict[tuple[str, str], list[Record]]:
    table: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for record in records:
        table[type(record).__name__, record_key(record)].append(record)
    return table


def closed_period_problems(changes: ChangeSet) -> list[Problem]:
    """Each record added, edited or removed inside the closed period, at its file and line."""
    if changes.locked_until() is None or not (changes.base.touched or changes.head.touched):
        return []
    return [
        Problem(
            flag.source or changes.head.ledger.source,
            flag.message,
            "the period is closed: record a correction dated after it, "
            "or move locked_until back in a change of its own",
            flag.field,
        )
        for flag in closed_period_flags(changes, Books(*changes.books()))
    ]


def closed_period_flags(changes: ChangeSet, books: Books) -> list[Flag]:
    """What the change does inside the closed period: the rule `arl check` and `arl diff`
    apply to a change, and commands apply to their own before writing it."""
    locked = changes.locked_until()
    if locked is None:
        return []
    return list(in_closed_period(record_changes(changes, books), locked))
