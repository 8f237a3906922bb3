"""Metrics: the worked examples of docs/metrics.md, edge cases, and order independence."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shlex
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ar.model import Record
from ar.reports.collection import default_period, metrics_report, monthly_report
from ar.reports.metrics import Period, countback_dso, months_of
from tests.books import EMPTY, MIXED, ONE_INVOICE, load
from tests.conftest import REPO, Result, write_ledger
from tests.strategies import book_of, book_records

DOC = REPO / "docs" / "metrics.md"
FILE = re.compile(r"<!-- file: (\S+) -->\n```yaml\n(.*?)```", re.S)
COMMAND = re.compile(r"<!-- command: arl (.*?) -->\n```json\n(.*?)```", re.S)
Q1 = Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31))


def test_worked_examples_in_the_docs(tmp_path: Path, arl: Callable[..., Result]) -> None:
    text = DOC.read_text()
    root = write_ledger(tmp_path / "book", dict(FILE.findall(text)))
    commands = COMMAND.findall(text)
    assert len(commands) == 2
    for command, expected in commands:
        result = arl("-L", root, *shlex.split(command))
        assert result.code == 0, result.err
        assert json.loads(result.out) == json.loads(expected), command


def test_countback_example_from_the_docs() -> None:
    months = [(Decimal(100_000), 30), (Decimal(80_000), 30), (Decimal(70_000), 30)]
    dso = countback_dso(Decimal(212_000), months)
    assert dso is not None and round(dso, 2) == Decimal("73.71")
    assert "**73.71**" in DOC.read_text()


def test_countback_edges() -> None:
    assert countback_dso(Decimal(0), []) == 0
    assert countback_dso(Decimal(0), [(Decimal(0), 31)]) == 0
    assert countback_dso(Decimal(50), [(Decimal(0), 31), (Decimal(100), 30)]) == 46
    assert countback_dso(Decimal(500), [(Decimal(100), 31)]) is None


def figures(report_rows: list[dict[str, object]], scope: str, currency: str) -> dict[str, object]:
    return next(r for r in report_rows if (r["scope"], r["currency"]) == (scope, currency))


def test_mixed_book(tmp_path: Path) -> None:
    rows = metrics_report(load(tmp_path, MIXED), Q1).rows
    eur = figures(rows, "all", "EUR")
    # Paid off in Q1: A2 (7 days, with its discount) and C1 (45 days, 15 late).
    assert (eur["invoices_paid"], eur["avg_days_to_pay"], eur["avg_days_late"]) == (2, 26.0, 7.5)
    assert eur["pct_paid_late"] == 50.0
    # Sales: A1 1000 + A2 500 + A3 800 + C1 250 (A4 is void); AR at the end: A1 400 + A3 600.
    assert eur["dso"] == round(1000 / 2550 * 90, 2)
    assert eur["best_possible_dso"] == 0.0 and eur["pct_current"] == 0.0
    usd = figures(rows, "all", "USD")
    assert usd["invoices_paid"] == 0 and usd["avg_days_to_pay"] is None
    assert [r["scope"] for r in rows] == ["all", "all", "ACME", "BETA", "CASH"]


def test_credited_or_written_off_invoices_are_not_paid(tmp_path: Path) -> None:
    files = {
        **ONE_INVOICE,
        "credit-notes/2026/CN.yaml": "number: CN\ncustomer: ACME\ndate: 2026-01-20\n"
        "invoice: INV-1\namount: 1205\n",
    }
    row = figures(metrics_report(load(tmp_path, files), Q1).rows, "all", "EUR")
    assert row["invoices_paid"] == 0 and row["avg_days_to_pay"] is None


@pytest.mark.parametrize("files", [EMPTY, ONE_INVOICE], ids=["empty", "one-invoice"])
def test_undefined_figures_are_none(tmp_path: Path, files: dict[str, str]) -> None:
    book = load(tmp_path, files)
    for period in (Q1, Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))):
        for row in metrics_report(book, period).rows + monthly_report(book, period).rows:
            assert all(not isinstance(v, float) or v == v for v in row.values())


def test_one_invoice_book(tmp_path: Path) -> None:
    row = figures(metrics_report(load(tmp_path, ONE_INVOICE), Q1).rows, "all", "EUR")
    assert (row["dso"], row["dso_countback"], row["cei"], row["pct_current"]) == (
        90.0,
        90.0,
        0.0,
        0.0,
    )
    assert row["avg_days_to_pay"] is None and row["turnover"] == 2.0


def test_default_period_and_months() -> None:
    assert default_period(dt.date(2026, 3, 15)) == Period(dt.date(2025, 4, 1), dt.date(2026, 3, 15))
    months = months_of(Period(dt.date(2026, 1, 15), dt.date(2026, 3, 10)))
    assert [(m.start.day, m.end.day) for m in months] == [(15, 31), (1, 28), (1, 10)]


def test_synthetic_sample_as_a_ledger(tmp_path: Path, arl: Callable[..., Result]) -> None:
    """A small sample shaped like public AR data: each invoice paid once, in full."""
    rng = random.Random(7)
    files, to_pay, late = {}, [], []
    for n in range(40):
        date = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(300))
        due = date + dt.timedelta(days=30)
        settled = date + dt.timedelta(days=rng.randrange(5, 60))
        amount = f"{rng.randrange(1000, 90000) / 100:.2f}"
        files[f"invoices/2025/S{n}.yaml"] = (
            f"number: S{n}\ncustomer: C{n % 4}\ndate: {date}\ndue: {due}\n"
            f"lines:\n  - description: sample\n    unit_price: {amount}\n"
        )
        files[f"payments/2025/R{n}.yaml"] = (
            f"id: R{n}\ncustomer: C{n % 4}\ndate: {settled}\namount: {amount}\n"
            f"apply:\n  - invoice: S{n}\n    amount: {amount}\n"
        )
        to_pay.append((settled - date).days)
        late.append(max((settled - due).days, 0))
    for c in range(4):
        files[f"customers/C{c}.yaml"] = f"id: C{c}\nname: Customer {c}\n"
    root = write_ledger(tmp_path / "sample", files)
    out = arl("-L", root, "metrics", "--from", "2025-01-01", "--to", "2026-06-30", "-f", "json")
    row = json.loads(out.out)["rows"][0]
    assert row["invoices_paid"] == 40
    assert row["avg_days_to_pay"] == round(sum(to_pay) / 40, 2)
    assert row["avg_days_late"] == round(sum(late) / 40, 2)
    assert row["pct_paid_late"] == round(sum(1 for d in late if d) / 40 * 100, 2)


@settings(max_examples=60, deadline=None)
@given(book_records(), st.randoms(use_true_random=False))
def test_metrics_do_not_depend_on_file_order(records: list[Record], rng: random.Random) -> None:
    shuffled = list(records)
    rng.shuffle(shuffled)
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 5, 31))
    for build in (metrics_report, monthly_report):
        assert build(book_of(shuffled), period).rows == build(book_of(records), period).rows


@settings(max_examples=80, deadline=None)
@given(book_records(), st.integers(0, 200), st.integers(0, 120))
def test_cei_is_within_0_and_100_and_dso_never_negative(
    records: list[Record], offset: int, length: int
) -> None:
    """Fees and interest count as billed, so AR never grows by more than was billed."""
    start = dt.date(2026, 1, 1) + dt.timedelta(days=offset)
    period = Period(start, start + dt.timedelta(days=length))
    book = book_of(records)
    for row in [*metrics_report(book, period).rows, *monthly_report(book, period).rows]:
        assert row["cei"] is None or 0 <= row["cei"] <= 100, row
        for key in ("dso", "dso_countback", "best_possible_dso"):
            assert row.get(key) is None or row[key] >= 0, row


def test_regression_fees_count_as_billed_so_cei_stays_in_range(tmp_path: Path) -> None:
    """Reproducer: the demo's FUCHS had CEI -1.40 for 2026-11: a fee in AR, not in sales."""
    fee = "events:\n  - {date: 2026-03-10, type: fee, amount: 40, reason: late}\n"
    files = {
        "customers/ACME.yaml": "id: ACME\nname: Acme\n",
        "invoices/2026/I1.yaml": (
            "number: I1\ncustomer: ACME\ndate: 2026-01-05\n"
            "lines:\n  - description: work\n    unit_price: 1000\n" + fee
        ),
    }
    book = load(tmp_path, files)
    row = monthly_report(book, Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))).rows[0]
    # AR 1,000 -> 1,040, nothing collected, nothing current: CEI 0; the fee is billed.
    assert (row["cei"], row["invoiced"]) == (0.0, Decimal("40.00"))


CASES = {"mixed": MIXED, "one-invoice": ONE_INVOICE, "empty": EMPTY}
FORMATS = {"table": "txt", "csv": "csv", "json": "json"}


@pytest.mark.parametrize("book", CASES)
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("by_month", [False, True], ids=["figures", "by-month"])
def test_golden(
    tmp_path: Path,
    arl: Callable[..., Result],
    golden: Callable[[str, str], None],
    book: str,
    fmt: str,
    by_month: bool,
) -> None:
    root = write_ledger(tmp_path / "book", CASES[book])
    args = ["metrics", "--from", "2026-01-01", "--to", "2026-04-30", "--format", fmt]
    result = arl("-L", root, *args, *(["--by-month"] if by_month else []))
    assert result.code == 0, result.err
    kind = "by-month" if by_month else "figures"
    golden(f"metrics-{book}-{kind}.{FORMATS[fmt]}", result.out)


def test_bad_period(ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result]) -> None:
    result = arl("-L", ledger(ONE_INVOICE), "metrics", "--from", "2026-05-01", "--to", "2026-04-01")
    assert result.code == 2 and "after" in result.err
