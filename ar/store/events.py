"""Adding to an invoice's file: events appended to its history, a payment plan set.

The invoice's document is found by its number, not by a line remembered from loading, so
several changes to one multi-document file in a row each find their record. Comments and
the layout a person wrote survive; the write is atomic.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ar.errors import ArlError
from ar.model import CreditNote, Installment, Invoice
from ar.model.base import Strict
from ar.store.write import atomic_write
from ar.store.yamlwrite import dump_stream, load_stream


def plain(value: Strict) -> CommentedMap:
    """A record part as written in files: field order of the contract, no empty values."""
    return CommentedMap(value.model_dump(by_alias=True, exclude_none=True))


def change_invoice(
    root: Path, invoice: Invoice | CreditNote, change: Callable[[CommentedMap], bool]
) -> bool:
    """Apply `change` to the document of an invoice or credit note (found by number);
    `change` returns False to leave the file alone."""
    path = root / invoice.source.file
    text = path.read_text("utf-8")
    header, docs = load_stream(text)
    doc = next(
        (d for d in docs if isinstance(d, CommentedMap) and str(d.get("number")) == invoice.number),
        None,
    )
    if doc is None:
        raise ArlError(
            f"{invoice.source.file}: invoice {invoice.number} is no longer in this file",
            "the file changed; run the command again",
        )
    if not change(doc):
        return False
    atomic_write(path, dump_stream(header, docs, explicit=text.lstrip().startswith("---")))
    return True


def append_events(
    root: Path,
    invoice: Invoice | CreditNote,
    events: Sequence[Strict],
    unless_letter: str | None = None,
) -> bool:
    """Append events to the invoice's history; skipped when `unless_letter` is already there.

    `unless_letter` (the outbox key of a letter or a sent document's e-mail) makes
    recording a message's events idempotent: a run that crashed after
    recording some invoices can record the rest without doubling any.
    """

    def change(doc: CommentedMap) -> bool:
        history = doc.get("events")
        if history is None:
            history = doc["events"] = CommentedSeq()
        if unless_letter and any(_letter_of(e) == unless_letter for e in history):
            return False
        history.extend(plain(event) for event in events)
        return True

    return change_invoice(root, invoice, change)


def set_installments(root: Path, invoice: Invoice, installments: Sequence[Installment]) -> None:
    def change(doc: CommentedMap) -> bool:
        doc["installments"] = CommentedSeq(plain(i) for i in installments)
        if "events" in doc:  # keep the history last, where people read it
            doc.move_to_end("events")
        return True

    change_invoice(root, invoice, change)


def _letter_of(event: Any) -> str | None:
    """The outbox key of the message an event recorded: a letter, or a sent document."""
    if not isinstance(event, dict):
        return None
    if event.get("letter"):
        return str(event["letter"])
    if event.get("type") == "sent" and event.get("message"):
        return str(event["message"]).removesuffix(".eml")
    return None
