"""Recurring invoices from cron: on time, caught up after missed days, never duplicated."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from ar.store.load import load_book
from tests.conftest import LEDGER_YAML, REPO, Result
from tests.smtp import Inbox, mail_settings, smtp_server

Arl = Callable[..., Result]
__all__ = ["smtp_server"]

PLANS = {
    "customers/C.yaml": "id: C\nname: C Ltd\nemail: c@example.com\ncountry: DE\n",
    "recurring/HOSTING.yaml": """\
        # Hosting, billed on the last day of every month.
        id: HOSTING
        customer: C
        start: 2026-01-31
        interval: monthly
        lines:
          - description: Hosting, {period}
            unit_price: 49.00
            tax_rate: 0.19
        """,
    "recurring/SUPPORT.yaml": """\
        id: SUPPORT
        customer: C
        start: 2026-01-01
        interval: yearly
        terms: net30
        lines:
          - description: Support contract {period}
            unit_price: 1200.00
        """,
    "recurring/WEEKLY.yaml": """\
        id: WEEKLY
        customer: C
        start: 2026-01-05
        end: 2026-06-30
        interval: weekly
        lines:
          - description: Cleaning, {period}
            quantity: 3
            unit_price: 25.00
        """,
    "recurring/QUARTER.yaml": """\
        id: QUARTER
        customer: C
        start: 2026-02-15
        interval: quarterly
        lines:
          - description: Licence {period}
            unit_price: 300.00
        """,
}


def test_four_hundred_days_of_cron(arl: Arl, ledger: Callable[[dict[str, str]], Path]) -> None:
    root = ledger(PLANS)
    day = dt.date(2026, 1, 1)
    for offset in range(400):
        today = day + dt.timedelta(days=offset)
        if today.month == 8 or today.weekday() == 6:  # the machine was off in August and Sundays
            continue
        result = arl("-L", root, "invoice", "run-recurring", "--as-of", today)
        assert result.code == 0, result.err
    last = day + dt.timedelta(days=399)  # 2027-02-04
    assert arl("-L", root, "invoice", "run-recurring", "--as-of", last).out == ""
    book = load_book(root).book
    assert book is not None
    per_plan = Counter(i.recurring for i in book.invoices.values())
    # Monthly on the 31st (Jan 2026 .. Jan 2027): 13; yearly: 2026 and 2027; weekly Mondays
    # from 5 January to 29 June: 26; quarterly from 15 February: Feb, May, Aug, Nov 2026.
    assert per_plan == {"HOSTING": 13, "SUPPORT": 2, "WEEKLY": 26, "QUARTER": 4}
    dates = sorted(i.date for i in book.invoices.values() if i.recurring == "HOSTING")
    assert dates[:3] == [dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 31)]
    august = [i for i in book.invoices.values() if i.date == dt.date(2026, 8, 31)]
    assert [i.lines[0].description for i in august] == ["Hosting, August 2026"]
    numbers = sorted(book.invoices)
    assert numbers[0] == "INV-2026-0001" and "INV-2027-0001" in numbers
    assert len(numbers) == len(set(numbers)) == 45
    assert arl("-L", root, "check").code == 0


def test_two_runs_at_once_create_each_invoice_once(
    ledger: Callable[[dict[str, str]], Path],
) -> None:
    root = ledger(PLANS)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "ar", "-L", str(root), "invoice", "run-recurring"]
    runs = [
        subprocess.Popen([*command, "--as-of", "2026-06-30"], env=env, stdout=subprocess.PIPE)
        for _ in range(3)
    ]
    outputs = [run.communicate(timeout=60)[0].decode() for run in runs]
    assert all(run.returncode == 0 for run in runs)
    created = [line for out in outputs for line in out.splitlines()]
    book = load_book(root).book
    assert book is not None
    assert len(created) == len(book.invoices) == 6 + 1 + 26 + 2


def test_created_invoice_file_says_where_it_came_from(
    arl: Arl, ledger: Callable[[dict[str, str]], Path]
) -> None:
    root = ledger(PLANS)
    result = arl("-L", root, "invoice", "run-recurring", "--as-of", "2026-01-31", "--dry-run")
    assert "would create INV-2026-0001 2026-01-01 C (SUPPORT)" in result.out
    assert not (root / "invoices").exists()
    arl("-L", root, "invoice", "run-recurring", "--as-of", "2026-01-31")
    text = (root / "invoices" / "2026" / "INV-2026-0001.yaml").read_text()
    assert text.startswith("# Issued by recurring plan SUPPORT.\nnumber: INV-2026-0001\n")
    assert "recurring: SUPPORT" in text and "Support contract 2026" in text


def test_plans_with_send_mail_their_invoices(
    arl: Arl, ledger: Callable[[dict[str, str]], Path], smtp_server: Inbox
) -> None:
    plan = PLANS["recurring/SUPPORT.yaml"].rstrip(" ") + "        send: true\n"
    root = ledger(
        {
            **PLANS,
            "ledger.yaml": LEDGER_YAML + mail_settings(smtp_server.port),
            "recurring/SUPPORT.yaml": plan,
        }
    )
    result = arl("-L", root, "invoice", "run-recurring", "--as-of", "2026-01-10")
    assert result.code == 0, result.err
    assert [m["Subject"] for _, m in smtp_server.messages] == ["Invoice INV-2026-0001 from Test Co"]
    assert "sent INV-2026-0001.eml" in result.out


def test_plan_problems_are_found_by_check(
    arl: Arl, ledger: Callable[[dict[str, str]], Path]
) -> None:
    root = ledger(
        {
            "customers/C.yaml": "id: C\nname: C Ltd\n",
            "recurring/BAD.yaml": """\
                id: BAD
                customer: NOBODY
                start: 2026-01-01
                interval: monthly
                terms: net99
                lines:
                  - description: X
                    unit_price: 1.00
                """,
            "recurring/WORSE.yaml": """\
                id: WORSE
                customer: C
                start: 2026-01-01
                end: 2025-01-01
                interval: fortnightly
                lines: []
                """,
            "invoices/2026/X-1.yaml": """\
                number: X-1
                customer: C
                date: 2026-01-01
                recurring: GONE
                lines:
                  - description: X
                    unit_price: 1.00
                """,
        }
    )
    result = arl("-L", root, "check")
    assert result.code == 1
    assert "recurring/BAD.yaml:2: unknown customer 'NOBODY'" in result.out
    assert "recurring/BAD.yaml:5: unknown terms 'net99'" in result.out
    assert "recurring/WORSE.yaml:5: interval: Input should be" in result.out
    assert "made by unknown recurring plan 'GONE'" in result.out
    assert arl("-L", root, "invoice", "run-recurring").code == 2
