"""Payment plans: dated, splitting what is open, and one rule for what is overdue under them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from ar.installments import open_parts, past_due
from ar.reports.aging import Options, aging
from ar.settlement import accounts
from ar.store.load import load_book
from tests.collections_book import collections_ledger, invoice_yaml
from tests.conftest import Result

Arl = Callable[..., Result]
# 4,907.10 due 2026-02-09; 2,000 of it paid on 2026-02-20.
INVOICE = invoice_yaml("INV-1", "2026-01-10", "4907.10")
PAYMENT = """\
id: PAY-1
customer: ACME
date: 2026-02-20
amount: 2000
apply:
  - invoice: INV-1
    amount: 2000
"""


def book(tmp_path: Path) -> Path:
    files = {"invoices/2026/INV-1.yaml": INVOICE, "payments/2026/PAY-1.yaml": PAYMENT}
    return collections_ledger(tmp_path / "book", files)


def report(arl: Arl, root: Path, *args: str) -> dict[str, object]:
    result = arl("-L", root, *args, "--format", "json")
    assert result.code == 0, result.err
    found: dict[str, object] = json.loads(result.out)
    return found


def views(arl: Arl, root: Path, day: str) -> list[dict[str, object]]:
    """What aging, customer list and invoice list say on `day`."""
    return [
        report(arl, root, "aging", "--as-of", day),
        report(arl, root, "aging", "--by", "invoice", "--as-of", day),
        report(arl, root, "customer", "list", "--as-of", day),
        report(arl, root, "invoice", "list", "--as-of", day),
        report(arl, root, "forecast", "--as-of", day),
        report(arl, root, "worklist", "--as-of", day),
    ]


def test_regression_a_plan_agreed_today_leaves_earlier_reports_as_they_were(
    tmp_path: Path, arl: Arl
) -> None:
    """Reproducer: `arl plan` recorded today changed the aging of an earlier day (3,880.00
    in 1-30 became 2,824.64 current)."""
    root = book(tmp_path)
    before = {day: views(arl, root, day) for day in ("2026-02-25", "2026-03-09")}
    planned = arl("-L", root, "plan", "INV-1", "-n", "3", "--date", "2026-03-10")
    assert planned.code == 0, planned.err
    assert {day: views(arl, root, day) for day in before} == before
    assert arl("-L", root, "check").code == 0


def test_regression_one_rule_for_what_is_overdue_under_a_plan(tmp_path: Path, arl: Arl) -> None:
    """Reproducer: one plan invoice, one day: aging all current, customer list 2,907.10
    overdue, invoice list "overdue, 37 days late"."""
    root = book(tmp_path)
    assert arl("-L", root, "plan", "INV-1", "-n", "3", "--date", "2026-03-10").code == 0
    # 2026-04-12: the first installment (due 04-10) is two days late, the others current.
    aged, by_invoice, customers, invoices, forecast, worklist = views(arl, root, "2026-04-12")
    first = Decimal("969.03")
    assert aged["totals"] == [
        {
            "currency": "EUR",
            "current": "1938.07",
            "1-30": f"{first}",
            **dict.fromkeys(("31-60", "61-90", "91-120", "120+"), "0.00"),
            "total": "2907.10",
            "unapplied": "0.00",
        }
    ]
    assert [(r["bucket"], r["days_past_due"]) for r in by_invoice["rows"]] == [  # type: ignore[index]
        ("1-30", 2),
        ("current", 0),
        ("current", 0),
    ]
    assert customers["rows"][0]["overdue"] == f"{first}"  # type: ignore[index]
    row = invoices["rows"][0]  # type: ignore[index]
    assert (row["status"], row["days_past_due"]) == ("overdue", 2)
    assert forecast["rows"][0] == {  # type: ignore[index]
        "week": "overdue",
        "from": None,
        "to": None,
        "currency": "EUR",
        "invoices": 1,
        "expected": f"{first}",
    }
    assert worklist["rows"][0]["overdue"] == f"{first}"  # type: ignore[index]


def test_regression_installments_split_what_is_open_on_the_day_of_the_plan(
    tmp_path: Path, arl: Arl
) -> None:
    """Reproducer: with 2,000 of 4,907.10 paid, installment 1 showed 2,969.03 due while the
    customer owed 2,907.10 in all."""
    root = book(tmp_path)
    result = arl("-L", root, "plan", "INV-1", "-n", "3", "--date", "2026-03-10")
    assert result.out.splitlines() == [
        "2026-04-10  969.03 EUR",
        "2026-05-10  969.03 EUR",
        "2026-06-10  969.04 EUR",
    ]
    text = (root / "invoices/2026/INV-1.yaml").read_text()
    assert "installments:\n  - due: 2026-04-10\n    amount: 969.03\n" in text


def test_a_plan_written_before_plans_were_dated_holds_from_the_invoice_date(
    tmp_path: Path,
) -> None:
    plan = (
        "installments:\n  - due: 2026-02-01\n    amount: 600\n"
        "  - due: 2026-03-01\n    amount: 400\n"
    )
    root = collections_ledger(
        tmp_path / "old", {"invoices/2026/I.yaml": invoice_yaml("I", "2026-01-05", "1000") + plan}
    )
    loaded = load_book(root)
    assert loaded.problems == [] and loaded.book is not None
    account = accounts(loaded.book)["I"]
    day = dt.date(2026, 2, 10)
    assert open_parts(account, day) == [(dt.date(2026, 2, 1), 600), (dt.date(2026, 3, 1), 400)]
    assert past_due(account, day) == (600, 9)
    totals = aging(loaded.book, Options(as_of=day)).report.totals[0]
    assert (totals["current"], totals["1-30"]) == (400, 600)


def test_installments_that_do_not_add_up_to_what_was_open_are_a_problem(
    tmp_path: Path, arl: Arl
) -> None:
    root = book(tmp_path)
    assert arl("-L", root, "plan", "INV-1", "-n", "2", "--date", "2026-03-10").code == 0
    path = root / "invoices/2026/INV-1.yaml"
    path.write_text(path.read_text().replace("1453.55", "1453.56", 1))
    result = arl("-L", root, "check")
    assert result.code == 1
    assert "installments add up to 2907.11, what was open on 2026-03-10 is 2907.10" in result.out


def test_a_first_installment_before_the_day_of_the_plan_is_refused(
    tmp_path: Path, arl: Arl
) -> None:
    root = book(tmp_path)
    args = ("-L", root, "plan", "INV-1", "-n", "2", "--date", "2026-03-10")
    result = arl(*args, "--start", "2026-03-01")
    assert result.code == 2
    assert "the first installment 2026-03-01 is before 2026-03-10" in result.err
