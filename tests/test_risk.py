"""Customer risk: the score and its reasons, checked by hand."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from ar.reports.risk import risks
from tests.books import ONE_INVOICE, load
from tests.conftest import Result


def invoice(number: str, date: str, amount: int, events: str = "") -> str:
    return (
        f"number: {number}\ncustomer: SLOW\ndate: {date}\n"
        f"lines:\n  - description: work\n    unit_price: {amount}\n{events}"
    )


def payment(ident: str, date: str, number: str, amount: int) -> str:
    return (
        f"id: {ident}\ncustomer: SLOW\ndate: {date}\namount: {amount}\n"
        f"apply:\n  - invoice: {number}\n    amount: {amount}\n"
    )


SLOW = {
    "customers/SLOW.yaml": "id: SLOW\nname: Slow Payer\ncredit_limit: 1000\n",
    # 10 days late, after a dispute that was resolved.
    "invoices/2026/I1.yaml": invoice(
        "I1",
        "2026-01-01",
        1000,
        "events:\n  - date: 2026-01-20\n    type: dispute\n    reason: wrong rate\n"
        "  - date: 2026-02-05\n    type: dispute_resolved\n",
    ),
    "payments/2026/R1.yaml": payment("R1", "2026-02-10", "I1", 1000),
    # 50 days late, within the last 90 days.
    "invoices/2026/I2.yaml": invoice("I2", "2026-04-01", 500),
    "payments/2026/R2.yaml": payment("R2", "2026-06-20", "I2", 500),
    # Overdue since 14 June; promised by the 25th and not paid.
    "invoices/2026/I3.yaml": invoice(
        "I3",
        "2026-05-15",
        800,
        "events:\n  - date: 2026-06-16\n    type: promise\n    amount: 800\n    by: 2026-06-25\n",
    ),
}


def test_score_and_reasons_by_hand(tmp_path: Path) -> None:
    risk = risks(load(tmp_path, SLOW), dt.date(2026, 6, 30))["SLOW", "EUR"]
    # lateness (10x1000 + 50x500 + 16x800) / 2300 = 20.78 days -> 12.12; recent
    # (50x500 + 16x800) / 1300 = 29.08, 8.29 worse -> 2.76; 2 of 2 late -> 20; one
    # dispute -> 3.33; one broken promise -> 7.5; 80 % of the limit -> 5. Total 50.72.
    assert (risk.score, risk.level) == (51, "high")
    assert risk.reasons == (
        "2 of 2 invoices paid late",
        "21 days late on average, weighted by amount (paid and open invoices)",
        "1 broken promise to pay",
        "near the credit limit: 80 % used",
        "1 dispute in the last year",
        "paying later lately: 29 days late in the last 90 days against 21 days over the year",
    )


def test_a_kept_promise_is_not_broken(tmp_path: Path) -> None:
    files = {**SLOW, "payments/2026/R3.yaml": payment("R3", "2026-06-24", "I3", 800)}
    risk = risks(load(tmp_path, files), dt.date(2026, 6, 30))["SLOW", "EUR"]
    assert not any("promise" in reason for reason in risk.reasons)


def test_a_promise_not_yet_due_is_not_broken(tmp_path: Path) -> None:
    risk = risks(load(tmp_path, SLOW), dt.date(2026, 6, 25))["SLOW", "EUR"]
    assert not any("promise" in reason for reason in risk.reasons)


def test_only_the_last_year_counts(tmp_path: Path) -> None:
    risk = risks(load(tmp_path, SLOW), dt.date(2027, 9, 1))["SLOW", "EUR"]
    # Everything paid long ago is forgotten; I3 is still open and very late.
    assert risk.reasons[0].startswith("444 days late") and "paid late" not in " ".join(risk.reasons)


def test_quiet_customers(tmp_path: Path) -> None:
    book = load(tmp_path, ONE_INVOICE)
    assert risks(book, dt.date(2026, 1, 20))["ACME", "EUR"].reasons == ("no payment history yet",)
    assert risks(book, dt.date(2025, 12, 31)) == {}


def test_customer_show_and_list(
    ledger: Callable[[dict[str, str]], Path],
    arl: Callable[..., Result],
    golden: Callable[[str, str], None],
) -> None:
    root = ledger(SLOW)
    shown = arl("-L", root, "customer", "show", "SLOW", "--as-of", "2026-06-30")
    assert shown.code == 0, shown.err
    golden("customer-show-risk.txt", shown.out)
    listed = json.loads(
        arl("-L", root, "customer", "list", "--as-of", "2026-06-30", "-f", "json").out
    )
    assert (listed["rows"][0]["risk"], listed["rows"][0]["risk_level"]) == (51, "high")
    golden(
        "customer-list-risk.txt", arl("-L", root, "customer", "list", "--as-of", "2026-06-30").out
    )
