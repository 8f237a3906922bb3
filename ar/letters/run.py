"""A reminder run: letters rendered into the outbox and their events recorded, crash-safe.

Every planned letter is rendered first, so a broken template stops the run before
anything is written; then the letters go to the outbox with their events through
`ar.mail.queue` (in the transaction the run was planned in), which verifies all their
events before writing any, and which a run that died half-way completes (`recover`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ar.letters.compose import Renderer, compose
from ar.mail.queue import Message, queue_messages
from ar.model.events import Fee, Interest
from ar.model.settings import Mail
from ar.money import ZERO
from ar.reminders import Letter, Plan, events_of
from ar.store.transaction import Transaction


@dataclass
class RunResult:
    written: list[Letter] = field(default_factory=list)
    skipped: list[tuple[Letter, str]] = field(default_factory=list)


def write_letters(tx: Transaction, plan: Plan, mail: Mail, now: dt.datetime) -> RunResult:
    """Render every planned letter into the outbox and record its events on the invoices."""
    book = tx.book
    renderer = Renderer(tx.root, book)
    result = RunResult()
    ready = []
    for letter in plan.letters:
        if not book.customers[letter.customer].email:
            result.skipped.append((letter, "the customer has no e-mail address"))
            continue
        ready.append((letter, renderer.render(letter)))
    messages = [
        Message(
            letter.key, compose(rendered, mail, now).as_bytes(), events_of(letter), claims(letter)
        )
        for letter, rendered in ready
    ]
    queue_messages(tx, messages)
    result.written += [letter for letter, _ in ready]
    return result


def claims(letter: Letter) -> dict[str, str | None]:
    """What the letter says each invoice owes once its own charges are recorded: `send`
    withdraws it when the book no longer agrees (`ar.mail.recheck`)."""
    found: dict[str, str | None] = {}
    for item in letter.items:
        number = item.account.invoice.number
        charged = [e.amount for e in events_of(letter)[number] if isinstance(e, Fee | Interest)]
        found[number] = f"{item.open + sum(charged, ZERO):f}"
    return found
