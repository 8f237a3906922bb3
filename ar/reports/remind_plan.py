"""The reminder plan as a report: one row per letter, and a count of what is held back."""

from __future__ import annotations

from collections import Counter

from ar.book import Book
from ar.reminders import Plan
from ar.reports.base import Column, Report

PLAN_COLUMNS = [
    Column("customer", "Customer"),
    Column("currency", "Cur"),
    Column("level", "Level", True),
    Column("template", "Template"),
    Column("invoices", "Invoices"),
    Column("days_past_due", "Days late", True),
    Column("open", "Open", True),
    Column("charges", "Charges", True),
    Column("to_pay", "To pay", True),
    Column("to", "To"),
]


def plan_report(book: Book, plan: Plan) -> Report:
    """What `arl remind` would write: each letter with its invoices and amounts."""
    rows = [
        {
            "letter": letter.key,
            "customer": letter.customer,
            "currency": letter.currency,
            "level": letter.level,
            "template": letter.template,
            "invoices": [item.account.invoice.number for item in letter.items],
            "days_past_due": max(item.days_past_due for item in letter.items),
            "open": letter.open,
            "charges": letter.charges,
            "to_pay": letter.to_pay,
            "to": book.customers[letter.customer].email,
        }
        for letter in plan.letters
    ]
    return Report(f"Reminders due as of {plan.as_of}", PLAN_COLUMNS, rows, {"as_of": plan.as_of})


def held_summary(plan: Plan) -> str:
    """One line saying why the other open invoices get no letter today."""
    reasons = Counter(decision.reason for decision in plan.held)
    if not reasons:
        return "no other open invoices"
    shown = ", ".join(f"{reason} {count}" for reason, count in sorted(reasons.items()))
    return f"held back: {shown}"
