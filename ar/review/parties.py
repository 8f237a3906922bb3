"""Customer, recurring plan and settings changes: terms, credit limits, holds, plans, the
closed period."""

from __future__ import annotations

from ar.book import Book
from ar.model import Customer, Ledger, Recurring
from ar.review.change import Books, Change, arrow, edited_fields, money, multiset_minus
from ar.review.settings import described, setting_changes
from ar.settlement import lines_total

# Customer fields a reviewer is told about by value; the rest only by name.
_TOLD = ("terms", "currency", "credit_limit", "hold", "reminders")


def customer_changes(base: Customer | None, head: Customer | None, books: Books) -> list[Change]:
    if head is None:
        assert base is not None
        return [_whole(base, books.base, "removed")]
    if base is None:
        return [_whole(head, books.head, "added")]
    names = edited_fields(base, head)
    if not names:
        return []
    currency = books.head.currency_of(head)
    notes = [_note(name, base, head, books, currency) for name in names if name in _TOLD]
    others = [name.replace("_", " ") for name in names if name not in _TOLD]
    if others:
        notes.append(", ".join(others) + " edited")
    noted = {head.events[i].date for i in multiset_minus(head.events, base.events)}
    noted |= {base.events[i].date for i in multiset_minus(base.events, head.events)}
    change = Change(
        "customers",
        "edited",
        head.id,
        None,
        currency,
        None,
        None,
        "; ".join(notes),
        head.source,
        dates=tuple(sorted(noted)),
    )
    return [change]


def _note(name: str, base: Customer, head: Customer, books: Books, currency: str) -> str:
    if name == "hold":
        return "put on hold" if head.hold else "hold lifted"
    if name == "reminders":
        return "reminders on" if head.reminders else "reminders off"
    if name == "credit_limit":
        limits = (base.credit_limit, head.credit_limit)
        before, after = (None if v is None else money(v, currency) for v in limits)
        return f"credit limit {arrow(before, after)}"
    if name == "terms":
        before = base.terms or f"{books.base.ledger.default_terms} (the default)"
        after = head.terms or f"{books.head.ledger.default_terms} (the default)"
        return f"terms {arrow(before, after)}"
    return f"{name} {arrow(getattr(base, name), getattr(head, name))}"


def _whole(customer: Customer, book: Book, action: str) -> Change:
    currency = book.currency_of(customer)
    notes = [customer.name, f"terms {customer.terms or book.ledger.default_terms}"]
    if customer.credit_limit is not None:
        notes.append(f"credit limit {money(customer.credit_limit, currency)}")
    if customer.hold:
        notes.append("on hold")
    return Change(
        "customers",
        action,
        customer.id,
        None,
        currency,
        None,
        None,
        ", ".join(notes),
        customer.source,
    )


def recurring_changes(base: Recurring | None, head: Recurring | None, books: Books) -> list[Change]:
    """A plan issues invoices to come; changing it rewrites nothing already issued, so its
    changes carry no date for the closed period."""
    if head is None or base is None:
        plan = head or base
        assert plan is not None
        action = "added" if base is None else "removed"
        detail = f"{plan.interval} from {plan.start}" + (f" until {plan.end}" if plan.end else "")
    else:
        plan, action = head, "edited"
        names = [name.replace("_", " ") for name in edited_fields(base, head)]
        if not names:
            return []
        detail = ", ".join(names) + " edited"
    book = books.base if head is None else books.head
    currency = book.currency_of(plan)
    amount = lines_total(plan.lines, currency)
    return [
        Change(
            "recurring", action, plan.id, plan.customer, currency, None, amount, detail, plan.source
        )
    ]


def settings_changes(base: Ledger, head: Ledger) -> list[Change]:
    """ledger.yaml: the closed period in words, every other setting by its path and values."""
    names = edited_fields(base, head)
    if not names:
        return []
    notes = []
    if "locked_until" in names:
        notes.append(_closing(base, head))
    notes += [
        described(path, before, after)
        for path, before, after in setting_changes(base, head)
        if path != "locked_until"
    ]
    change = Change(
        "settings", "edited", "ledger.yaml", None, None, None, None, "; ".join(notes), head.source
    )
    return [change]


def _closing(base: Ledger, head: Ledger) -> str:
    before, after = base.locked_until, head.locked_until
    if after is None:
        return f"closed period removed (was through {before})"
    if before is None or after > before:
        return f"books closed through {after}" + (f" (was {before})" if before else "")
    return f"closed period reopened: locked_until {arrow(before, after)}"
