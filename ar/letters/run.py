"""A reminder run: letters rendered into the outbox and their events recorded, crash-safe.

Every planned letter is rendered first, so a broken template stops the run before
anything is written; then each goes to the outbox with its events through
`ar.mail.queue`, which a run that died half-way completes (`recover`) the next time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ar.book import Book
from ar.letters.compose import Renderer, compose
from ar.mail.queue import queue_message
from ar.model.settings import Mail
from ar.reminders import Letter, Plan, events_of


@dataclass
class RunResult:
    written: list[Letter] = field(default_factory=list)
    skipped: list[tuple[Letter, str]] = field(default_factory=list)


def write_letters(root: Path, book: Book, plan: Plan, mail: Mail, now: dt.datetime) -> RunResult:
    """Render every planned letter into the outbox and record its events on the invoices."""
    renderer = Renderer(root, book)
    result = RunResult()
    ready = []
    for letter in plan.letters:
        if not book.customers[letter.customer].email:
            result.skipped.append((letter, "the customer has no e-mail address"))
            continue
        ready.append((letter, renderer.render(letter)))
    for letter, rendered in ready:
        message = compose(rendered, mail, now).as_bytes()
        queue_message(root, book, letter.key, message, events_of(letter))
        result.written.append(letter)
    return result
