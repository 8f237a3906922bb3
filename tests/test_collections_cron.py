"""Sixty mornings of cron on a small book, against a real SMTP server: every level once, in
order, none while disputed, none after payment, and every letter delivered exactly once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from tests.collections_book import collections_ledger, invoice_yaml
from tests.conftest import Result
from tests.cron_check import check_history, days_after, run_cron
from tests.smtp_server import Mailbox

Arl = Callable[..., Result]
START = dt.date(2026, 1, 25)


def test_sixty_days_of_cron(tmp_path: Path, arl: Arl, smtp_server: Mailbox) -> None:
    files = {
        "customers/BETA.yaml": "id: BETA\nname: Beta AG\nemail: b@beta.example\nlocale: de_DE\n",
        "invoices/2026/INV-1.yaml": invoice_yaml("INV-1", "2026-01-01", "1000"),
        "invoices/2026/INV-2.yaml": invoice_yaml("INV-2", "2026-01-03", "250"),
        "invoices/2026/INV-3.yaml": invoice_yaml("INV-3", "2026-01-02", "800", customer="BETA"),
    }
    root = collections_ledger(tmp_path / "book", files, smtp_server.port)
    for day in days_after(START, 60):
        if day == dt.date(2026, 2, 12):  # INV-2 paid after its first reminder
            (root / "payments/2026").mkdir(parents=True, exist_ok=True)
            (root / "payments/2026/P-1.yaml").write_text(
                "id: P-1\ncustomer: ACME\ndate: 2026-02-12\namount: 250\n"
                "apply:\n  - invoice: INV-2\n    amount: 250\n"
            )
        if day == dt.date(2026, 2, 20):  # BETA disputes INV-3 for two weeks
            assert (
                arl(
                    "-L", root, "dispute", "open", "INV-3", "--reason", "x", "--date", str(day)
                ).code
                == 0
            )
        if day == dt.date(2026, 3, 6):
            assert arl("-L", root, "dispute", "resolve", "INV-3", "--date", str(day)).code == 0
        run_cron(arl, root, day)
        run_cron(arl, root, day)  # a second run the same morning sends nothing
    assert check_history(root, START, smtp_server) > 0
    letters = [(got.message["To"], got.message["Subject"]) for got in smtp_server.received]
    assert letters == [
        ("ap@acme.example", "Invoice INV-1 from Muster GmbH due on 31 Jan 2026"),
        ("b@beta.example", "Rechnung INV-3 von Muster GmbH fällig am 01.02.2026"),
        ("ap@acme.example", "Invoice INV-2 from Muster GmbH due on 2 Feb 2026"),
        ("ap@acme.example", "Reminder: €1,000.00 overdue to Muster GmbH"),
        ("b@beta.example", "Zahlungserinnerung: 800,00\xa0€ offen bei Muster GmbH"),
        ("ap@acme.example", "Reminder: €250.00 overdue to Muster GmbH"),  # then INV-2 is paid
        # 1000 + 5.00 fee + 21 days at 10 %: 5.75
        ("ap@acme.example", "Second reminder: €1,010.75 still unpaid"),
        # held while disputed (20 Feb - 6 Mar), then level 2, not 3: 800 + 5 + 33 days: 7.23
        ("b@beta.example", "Zweite Mahnung: 812,23\xa0€ weiterhin offen"),
        # + 14 more days of interest (3.84) + 40.00 compensation
        ("ap@acme.example", "Final notice: €1,054.59 overdue to Muster GmbH"),
        ("b@beta.example", "Letzte Mahnung: 853,76\xa0€ überfällig bei Muster GmbH"),
    ]
    inv2 = (root / "invoices/2026/INV-2.yaml").read_text()
    assert inv2.count("type: reminder") == inv2.count("level: 0") + 1  # courtesy + level 1 only
