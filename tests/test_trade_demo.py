"""The demo book exported: hledger, ledger and bean-check accept it and agree with arl.

Runs on the demo book in ledgers/demo, at the date of its last invoice less a month and
after everything in it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from ar.store.load import load_book
from tests.conftest import Result
from tests.tools import arl_balances, hledger_balances, run, tool

Arl = Callable[..., Result]


def export_dates(root: Path) -> list[str]:
    book = load_book(root).book
    assert book is not None
    last = max(invoice.date for invoice in book.invoices.values())
    return [(last - dt.timedelta(days=30)).isoformat(), "2099-12-31"]


def test_the_demo_book_exports_and_agrees(demo_copy: Path, arl: Arl, tmp_path: Path) -> None:
    assert arl("-L", demo_copy, "check").code == 0
    for as_of in export_dates(demo_copy):
        journal, beans = tmp_path / f"{as_of}.journal", tmp_path / f"{as_of}.beancount"
        for target, out in (("hledger", journal), ("beancount", beans)):
            result = arl("-L", demo_copy, "export", target, "--as-of", as_of, "-o", out)
            assert result.code == 0, result.err
        assert run(tool("hledger"), "-f", journal, "check", "ordereddates").returncode == 0
        assert run(tool("ledger"), "-f", journal, "bal").returncode == 0
        bean = run(tool("bean-check"), beans)
        assert bean.returncode == 0, bean.stdout + bean.stderr
        listed = arl("-L", demo_copy, "customer", "list", "-f", "json", "--as-of", as_of)
        rows = json.loads(listed.out)["rows"]
        assert hledger_balances(journal, "assets:receivable") == arl_balances(rows, "open")
        assert hledger_balances(journal, "liabilities:customer-credit") == arl_balances(
            rows, "unapplied", -1
        )
