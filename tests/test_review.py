"""The review as pure functions: records in, changes, flags and money effect out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ar.errors import Source
from ar.model import CreditNote, Customer, Invoice, Ledger, Payment, Record, Recurring
from ar.model.records import Refund
from ar.render.review import as_markdown
from ar.review.changeset import ChangeSet, Side
from ar.review.diff import review
from ar.review.numbering import new_gaps
from tests.strategies import LEDGER, START, as_it_was, book_records

PATTERN = "INV-{year}-{seq:04d}"


def change_set(before: list[Record], after: list[Record], ledger: Ledger = LEDGER) -> ChangeSet:
    return ChangeSet(
        Side("before", None, ledger, tuple(before)), Side("after", None, ledger, tuple(after)), ()
    )


@settings(max_examples=40, deadline=None)
@given(book_records())
def test_no_change_reviews_as_nothing(records: list[Record]) -> None:
    result = review(change_set(records, records))
    assert (result.changes, result.flags, result.effects) == ([], [], [])


@settings(max_examples=60, deadline=None)
@given(book_records(), st.integers(0, 200))
def test_what_happened_after_a_closed_day_breaks_no_rule(records: list[Record], days: int) -> None:
    """Everything recorded after `locked_until` is new business: no warning, and each
    change is dated after the closed day."""
    closed = START + dt.timedelta(days=days)
    ledger = LEDGER.model_copy(update={"locked_until": closed})
    result = review(change_set(as_it_was(records, closed), records, ledger))
    assert result.flags == []
    assert all(d > closed for change in result.changes for d in change.dates)
    assert {c.action for c in result.changes} <= {
        "issued", "received", "added", "applied", "recorded", "opened", "resolved",
        "promised", "written off", "charged", "voided",
    }  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(book_records(), st.integers(0, 200))
def test_undoing_it_is_flagged_but_not_as_the_closed_period(
    records: list[Record], days: int
) -> None:
    closed = START + dt.timedelta(days=days)
    ledger = LEDGER.model_copy(update={"locked_until": closed})
    result = review(change_set(records, as_it_was(records, closed), ledger))
    kinds = {flag.kind for flag in result.flags}
    assert kinds <= {"deleted", "reallocated"}
    assert ("deleted" in kinds) == any(c.removed for c in result.changes)


def test_gaps_are_ranges_and_only_new_ones_count() -> None:
    before = ["INV-2026-0001", "INV-2026-0002", "INV-2026-0005"]
    after = [*before, "INV-2026-0004", "INV-2026-0009", "INV-2027-0001", "CREDIT-7"]
    gaps = new_gaps(PATTERN, before, after)
    assert [(g.first, g.last, g.after) for g in gaps] == [
        ("INV-2026-0006", "INV-2026-0008", "INV-2026-0009")
    ]


def test_a_typo_costs_one_range() -> None:
    gaps = new_gaps(PATTERN, ["INV-2026-0001"], ["INV-2026-0001", "INV-2026-9000001"])
    assert [(g.first, g.last) for g in gaps] == [("INV-2026-0002", "INV-2026-9000000")]


def test_deleting_inside_a_series_opens_a_gap() -> None:
    numbers = [f"INV-2026-{n:04d}" for n in range(1, 6)]
    gaps = new_gaps(PATTERN, numbers, [n for n in numbers if n != "INV-2026-0003"])
    assert [(g.first, g.last, g.after) for g in gaps] == [
        ("INV-2026-0003", "INV-2026-0003", "INV-2026-0004")
    ]


def test_a_pattern_without_a_sequence_has_no_gaps() -> None:
    assert new_gaps("{year}-{customer}", ["2026-A"], ["2026-A", "2026-C"]) == []


def located(record: Record, file: str) -> Record:
    return record.located(Source(file, 1))


def inv(number: str, events: list[dict[str, Any]] | None = None, **fields: Any) -> Record:
    body = {
        "number": number,
        "customer": "ACME",
        "date": dt.date(2026, 5, 4),
        "lines": [{"description": "Work", "unit_price": Decimal(100)}],
        "events": events or [],
        **fields,
    }
    return located(Invoice.model_validate(body), f"invoices/2026/{number}.yaml")


ACME = located(Customer(id="ACME", name="Acme"), "customers/ACME.yaml")
FEE = {"date": dt.date(2026, 6, 1), "type": "fee", "amount": Decimal(5), "reason": "Late"}
PROMISE = {
    "date": dt.date(2026, 6, 2),
    "type": "promise",
    "amount": Decimal(50),
    "by": dt.date(2026, 6, 30),
}


def actions(before: list[Record], after: list[Record]) -> tuple[list[Any], list[str]]:
    result = review(change_set([ACME, *before], [ACME, *after]))
    found = [(c.section, c.action, c.key, c.detail) for c in result.changes]
    return found, [flag.kind for flag in result.flags]


def test_events_edited_and_removed() -> None:
    before = [inv("A", [FEE, PROMISE])]
    fee = {**FEE, "amount": Decimal(7)}
    promise = {**PROMISE, "amount": Decimal(60)}
    assert actions(before, [inv("A", [fee, promise])]) == (
        [
            ("fees", "edited", "A", "amount 5.00 → 7.00"),
            ("promises", "edited", "A", "amount 50.00 → 60.00"),
        ],
        ["edited_in_place"],  # a charge was edited; a promise is not money owed
    )
    assert actions(before, [inv("A", [PROMISE])]) == (
        [("fees", "removed", "A", "charged on 2026-06-01, now removed: Late")],
        ["deleted"],
    )


def test_an_invoice_edited_in_its_due_date_and_wording() -> None:
    after = inv("A", due=dt.date(2026, 7, 1), notes="Thanks", po="PO-7")
    assert actions([inv("A")], [after])[0] == [
        (
            "invoices",
            "edited",
            "A",
            "po none → PO-7; notes edited; due 2026-06-03 → 2026-07-01",
        )
    ]


def test_a_record_moved_to_another_file_is_no_change() -> None:
    moved = inv("A").model_copy()
    moved.located(Source("invoices/2026/2026-05.yaml", 12))
    assert actions([inv("A")], [moved]) == ([], [])


def test_credit_notes_and_payments_edited_or_removed() -> None:
    note = CreditNote(
        number="CN1",
        customer="ACME",
        date=dt.date(2026, 6, 5),
        amount=Decimal(20),
        invoice="A",
    )
    pay = Payment(id="P1", customer="ACME", date=dt.date(2026, 6, 6), amount=Decimal(30))
    before = [inv("A"), located(note, "credit-notes/2026/CN1.yaml"), located(pay, "p/P1.yaml")]
    edited = located(note.model_copy(update={"amount": Decimal(25)}), "credit-notes/2026/CN1.yaml")
    found, kinds = actions(before, [inv("A"), edited])
    assert found == [
        ("payments", "removed", "P1", "30.00 unapplied"),
        ("credit_notes", "edited", "CN1", "amount 20.00 → 25.00"),
    ]
    assert kinds == ["edited_in_place", "deleted"]


def test_customers_removed_and_settings_edited() -> None:
    beta = located(Customer(id="BETA", name="Beta", hold=True), "customers/BETA.yaml")
    later = LEDGER.model_copy(update={"default_terms": "net30", "locale": "de"})
    result = review(ChangeSet(Side("a", None, LEDGER, (beta,)), Side("b", None, later, ()), ()))
    assert [(c.section, c.action, c.key, c.detail) for c in result.changes] == [
        ("customers", "removed", "BETA", "Beta, terms net30, on hold"),
        ("settings", "edited", "ledger.yaml", "locale: en → de"),
    ]


def test_markdown_escapes_what_people_wrote_and_folds_long_sections() -> None:
    reason = "wrong | price <b>bold</b> *now*"
    many = [inv(f"N{i:03d}") for i in range(130)]
    after = [inv("A", [{**FEE, "reason": reason}]), *many]
    text = as_markdown(review(change_set([ACME, inv("A")], [ACME, *after])))
    assert "wrong \\| price \\<b\\>bold\\</b\\> \\*now\\*" in text
    assert "<summary><b>Invoices</b> (130)</summary>" in text
    assert "| … | 30 more | | | | |" in text


def test_refunds_recorded_and_removed() -> None:
    pay = Payment(id="P1", customer="ACME", date=dt.date(2026, 6, 6), amount=Decimal(30))
    refund = {"date": dt.date(2026, 6, 20), "amount": Decimal(30), "method": "bank transfer"}
    refunded = pay.model_copy(update={"refunds": [Refund.model_validate(refund)]})
    before, after = located(pay, "p/P1.yaml"), located(refunded, "p/P1.yaml")
    assert actions([before], [after]) == (
        [("payments", "refunded", "P1", "refunded 30.00 on 2026-06-20")],
        [],
    )
    undone = actions([after], [before])
    assert undone[0] == [("payments", "edited", "P1", "refund of 30.00 on 2026-06-20 removed")]
    assert undone[1] == ["edited_in_place"]


def test_documents_sent_and_a_sending_removed() -> None:
    sent = {"date": dt.date(2026, 5, 4), "type": "sent", "to": ["ap@acme.example"]}
    assert actions([inv("A")], [inv("A", [sent])]) == (
        [("invoices", "sent", "A", "by email to ap@acme.example")],
        [],
    )
    result = review(change_set([ACME, inv("A", [sent])], [ACME, inv("A")]))
    assert [flag.message for flag in result.flags] == ["sending of A dated 2026-05-04 removed"]


def test_recurring_plans_are_changes_without_history() -> None:
    body = {
        "id": "R1",
        "customer": "ACME",
        "lines": [{"description": "Hosting", "unit_price": Decimal(40)}],
        "start": dt.date(2026, 1, 1),
        "interval": "monthly",
    }
    plan = located(Recurring.model_validate(body), "recurring/R1.yaml")
    dearer = located(
        Recurring.model_validate({**body, "lines": [{"description": "Hosting", "unit_price": 45}]}),
        "recurring/R1.yaml",
    )
    ledger = LEDGER.model_copy(update={"locked_until": dt.date(2026, 12, 31)})
    found = review(change_set([ACME, plan], [ACME, dearer], ledger))
    assert [(c.section, c.action, c.key, c.amount, c.detail) for c in found.changes] == [
        ("recurring", "edited", "R1", Decimal("45.00"), "lines edited")
    ]
    assert found.flags == []
    assert actions([], [plan])[0] == [("recurring", "added", "R1", "monthly from 2026-01-01")]


def test_credit_note_numbers_skip_too() -> None:
    def note(number: str) -> Record:
        record = CreditNote(
            number=number, customer="ACME", date=dt.date(2026, 6, 5), amount=Decimal(1)
        )
        return located(record, f"credit-notes/2026/{number}.yaml")

    result = review(
        change_set([note("CN-2026-0001")], [note("CN-2026-0001"), note("CN-2026-0003")])
    )
    assert [flag.message for flag in result.flags] == [
        "credit note numbers skip: CN-2026-0002 is missing before CN-2026-0003"
    ]
