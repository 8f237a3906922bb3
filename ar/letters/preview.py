"""Letters as the customer will read them, before anything is written or sent.

`remind --dry-run --show` renders every planned letter with the same templates and
context as the real run, so what a bookkeeper reads is what would go out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ar.book import Book
from ar.letters.compose import Renderer
from ar.reminders import Plan


def previews(root: Path, book: Book, plan: Plan) -> list[dict[str, Any]]:
    """One entry per letter: its key, recipients, subject, plain text and attachments."""
    renderer = Renderer(root, book)
    shown = []
    for letter in plan.letters:
        rendered = renderer.render(letter)
        shown.append(
            {
                "letter": rendered.key,
                "to": list(rendered.to),
                "subject": rendered.subject,
                "text": rendered.text,
                "attachments": [],
            }
        )
    return shown


def as_text(shown: list[dict[str, Any]]) -> str:
    """The letters one after another, each headed like the e-mail it would be."""
    parts = []
    for letter in shown:
        head = f"--- {letter['letter']}\nTo: {', '.join(letter['to']) or '(no e-mail)'}\n"
        head += f"Subject: {letter['subject']}\n"
        if letter["attachments"]:
            head += f"Attachments: {', '.join(letter['attachments'])}\n"
        parts.append(head + "\n" + letter["text"].rstrip("\n") + "\n")
    return "\n".join(parts)
