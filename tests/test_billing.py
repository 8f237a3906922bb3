"""Pure billing: references, numbering, schedules, tax categories and document totals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from ar.billing.document import invoice_document
from ar.billing.recurring import add_months, due_invoices, issue_dates
from ar.billing.reference import creditor_reference, grouped, is_creditor_reference
from ar.billing.tax import country_of, line_category
from ar.model import Recurring
from ar.store.load import load_book

D = dt.date


def test_creditor_reference_matches_the_iso_11649_example() -> None:
    assert creditor_reference("539007547034") == "RF18539007547034"
    assert grouped("RF18539007547034") == "RF18 5390 0754 7034"
    assert is_creditor_reference("RF18 5390 0754 7034")
    assert not is_creditor_reference("RF19 5390 0754 7034")


def test_creditor_reference_from_an_invoice_number() -> None:
    reference = creditor_reference("INV-2026-0349")
    assert reference is not None and reference.endswith("INV20260349")
    assert is_creditor_reference(reference)
    assert creditor_reference("X" * 22) is None


def test_add_months_keeps_the_day_or_takes_the_month_end() -> None:
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 1, 31), 2) == D(2026, 3, 31)
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert add_months(D(2026, 11, 15), 3) == D(2027, 2, 15)


def _plan(**kw: object) -> Recurring:
    data = {
        "id": "P",
        "customer": "C",
        "start": D(2026, 1, 31),
        "interval": "monthly",
        "lines": [{"description": "Hosting, {period}", "unit_price": "10.00"}],
        **kw,
    }
    return Recurring.model_validate(data)


def test_issue_dates_follow_the_interval_until_the_end() -> None:
    monthly = list(issue_dates(_plan(end=D(2026, 5, 1)), D(2027, 1, 1)))
    assert monthly == [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30)]
    weekly = list(issue_dates(_plan(interval="weekly"), D(2026, 2, 20)))
    assert weekly == [D(2026, 1, 31), D(2026, 2, 7), D(2026, 2, 14)]
    yearly = list(issue_dates(_plan(interval="yearly", start=D(2024, 2, 29)), D(2026, 12, 31)))
    assert yearly == [D(2024, 2, 29), D(2025, 2, 28), D(2026, 2, 28)]


def test_tax_categories_follow_rate_and_countries() -> None:
    assert line_category(Decimal("0.19"), "DE", "FR") == "S"
    assert line_category(Decimal(0), "DE", "DE") == "Z"
    assert line_category(Decimal(0), "DE", "FR") == "AE"
    assert line_category(Decimal(0), "DE", "US") == "G"
    assert country_of("EL123456789", None) == "GR"
    assert country_of(None, "de_AT") == "AT"
    assert country_of(None, "de") is None


PLAN_BOOK = {
    "customers/C.yaml": "id: C\nname: C Ltd\nemail: c@example.com\n",
    "customers/H.yaml": "id: H\nname: H Ltd\nhold: true\n",
    "recurring/P.yaml": """\
        id: P
        customer: C
        start: 2026-01-15
        interval: monthly
        lines:
          - description: Hosting, {period}
            unit_price: 100.00
            tax_rate: 0.19
        """,
    "recurring/Q.yaml": """\
        id: Q
        customer: H
        start: 2026-02-01
        interval: quarterly
        lines:
          - description: Support
            unit_price: 50.00
        """,
    "invoices/2026/INV-2026-0001.yaml": """\
        number: INV-2026-0001
        customer: C
        date: 2026-01-15
        recurring: P
        lines:
          - description: Hosting, January 2026
            unit_price: 100.00
            tax_rate: 0.19
        """,
}


def test_due_invoices_skip_what_exists_and_hold(ledger: Callable[[dict[str, str]], Path]) -> None:
    book = load_book(ledger(PLAN_BOOK)).book
    assert book is not None
    created, skipped = due_invoices(book, D(2026, 3, 20))
    assert [(i.number, i.date, i.lines[0].description) for i in created] == [
        ("INV-2026-0002", D(2026, 2, 15), "Hosting, February 2026"),
        ("INV-2026-0003", D(2026, 3, 15), "Hosting, March 2026"),
    ]
    assert [(s.plan, s.date) for s in skipped] == [("Q", D(2026, 2, 1))]


def test_document_totals_equal_the_book(demo_copy: Path) -> None:
    from ar.settlement import accounts

    book = load_book(demo_copy).book
    assert book is not None
    accts = accounts(book)
    for number in list(book.invoices)[::25]:
        doc = invoice_document(book, number)
        assert doc.total == accts[number].total
        assert doc.net_total + doc.tax_total == doc.total
        assert sum(t.net for t in doc.taxes) == doc.net_total
