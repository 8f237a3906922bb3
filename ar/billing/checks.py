"""Whole-book checks for billing: recurring plans (payment links are checked as read)."""

from __future__ import annotations

from collections.abc import Iterator

from ar.book import Book
from ar.errors import Problem
from ar.model import Record
from ar.settlement import Account


def _problem(record: Record, message: str, hint: str = "", *field: str | int) -> Problem:
    return Problem(record.source, message, hint, tuple(field))


def recurring_plans(book: Book, _: dict[str, Account]) -> Iterator[Problem]:
    for plan in book.recurring.values():
        if plan.customer not in book.customers:
            yield _problem(
                plan,
                f"unknown customer '{plan.customer}'",
                "add customers/<ID>.yaml or fix the id",
                "customer",
            )
        if plan.terms and plan.terms not in book.ledger.terms:
            yield _problem(plan, f"unknown terms '{plan.terms}'", "", "terms")


def invoices_from_plans(book: Book, _: dict[str, Account]) -> Iterator[Problem]:
    """Each plan issues one invoice per date: a second one is a duplicate to void."""
    seen: dict[tuple[str, object], str] = {}
    for invoice in book.invoices.values():
        if invoice.recurring is None:
            continue
        if invoice.recurring not in book.recurring:
            yield _problem(
                invoice,
                f"made by unknown recurring plan '{invoice.recurring}'",
                "restore recurring/<ID>.yaml or remove the field",
                "recurring",
            )
        key = (invoice.recurring, invoice.date)
        first = seen.setdefault(key, invoice.number)
        if first != invoice.number:
            yield _problem(
                invoice,
                f"plan '{invoice.recurring}' already issued {first} on {invoice.date}",
                "void one of them",
                "recurring",
            )


CHECKS = (recurring_plans, invoices_from_plans)
