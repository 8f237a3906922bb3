"""The dated events kept inside an invoice (or a credit note): recorded, edited or removed.

Events have no ids, so the lists are compared as values: an event in one list and not the
other was added or removed, and a removed and an added event of the same type and date
are one event edited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ar.errors import FieldPath, Source
from ar.model import Event
from ar.review.change import Change, arrow, edited_fields, money, multiset_minus

# What recording each kind of event is called, and the section it is listed under (None:
# the section of the record holding it).
EVENTS: dict[str, tuple[str | None, str]] = {
    "reminder": ("reminders", "recorded"),
    "dispute": ("disputes", "opened"),
    "dispute_resolved": ("disputes", "resolved"),
    "promise": ("promises", "promised"),
    "write_off": ("write_offs", "written off"),
    "fee": ("fees", "charged"),
    "interest": ("interest", "charged"),
    "void": (None, "voided"),
    "plan": (None, "payment plan agreed"),
    "sent": (None, "sent"),
    "note": ("notes", "noted"),
    "escalated": ("escalations", "escalated"),
}
# Events that change what an invoice owes: editing their amount rewrites history.
CHARGES = frozenset({"write_off", "fee", "interest"})


@dataclass(frozen=True)
class Owner:
    """The record holding the events: its section, number, customer, currency, total, file."""

    section: str
    key: str
    customer: str
    currency: str
    total: Decimal
    source: Source


def event_changes(old: Sequence[Event], new: Sequence[Event], owner: Owner) -> list[Change]:
    gone = list(multiset_minus(old, new))
    came = list(multiset_minus(new, old))
    changes = []
    for index in gone:
        twin = (old[index].type, old[index].date)
        match = next((i for i in came if (new[i].type, new[i].date) == twin), None)
        if match is None:
            changes.append(_event(old[index], owner, "removed", ()))
        else:
            came.remove(match)
            changes.append(_edited(old[index], new[match], match, owner))
    changes += [_event(new[i], owner, None, ("events", i)) for i in came]
    return changes


def _section(event: Event, owner: Owner) -> str:
    return EVENTS[event.type][0] or owner.section


def _event(event: Event, owner: Owner, action: str | None, field: FieldPath) -> Change:
    verb = EVENTS[event.type][1]
    amount = owner.total if event.type == "void" else getattr(event, "amount", None)
    detail = describe(event)
    if action == "removed":
        detail = f"{verb} on {event.date}, now removed" + (f": {detail}" if detail else "")
    return Change(
        _section(event, owner),
        action or verb,
        owner.key,
        owner.customer,
        owner.currency,
        event.date,
        amount,
        detail,
        owner.source,
        dates=(event.date,),
        field=field,
        event=event.type,
    )


def _edited(old: Event, new: Event, index: int, owner: Owner) -> Change:
    before, after = getattr(old, "amount", None), getattr(new, "amount", None)
    notes = [
        f"{name} {arrow(getattr(old, name), getattr(new, name))}"
        for name in edited_fields(old, new)
        if name != "amount"
    ]
    if before != after and before is not None and after is not None:
        notes.insert(0, f"amount {money(before, owner.currency)} → {money(after, owner.currency)}")
    return Change(
        _section(new, owner),
        "edited",
        owner.key,
        owner.customer,
        owner.currency,
        new.date,
        after,
        "; ".join(notes),
        owner.source,
        before=before if before != after else None,
        amount_edited=before != after and new.type in CHARGES,
        dates=(new.date,),
        field=("events", index),
        event=new.type,
    )


def describe(event: Event) -> str:
    """What an event says, in a few words."""
    if event.type == "reminder":
        letter = f", letter {event.letter}" if event.letter else ""
        return f"level {event.level} by {event.channel}{letter}"
    if event.type == "promise":
        return f"to pay by {event.by}"
    if event.type == "interest":
        rate = f"{(event.rate * 100).normalize():f}"
        return f"{rate} % a year, {event.start} to {event.end}"
    if event.type == "dispute_resolved":
        return event.note or ""
    if event.type == "sent":
        return f"by {event.channel}" + (f" to {', '.join(event.to)}" if event.to else "")
    if event.type == "note":
        return event.text
    if event.type == "escalated":
        return f"to {event.to}"
    return str(getattr(event, "reason", ""))
