"""Writes are atomic: a process killed in the middle of a write leaves the old file or none.

Many writers at once are tested on a copy of the demo book (test_recording_demo.py).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from ar.store.load import load_book
from tests.concurrent import REPO
from tests.conftest import Result

INVOICE = """\
number: INV-2026-0001
customer: ACME
date: 2026-03-01
lines:
  - description: Work
    unit_price: 500.00
"""
PAYMENT = """\
# Received by wire; what it is for is still unclear.
id: PAY-2026-0001
customer: ACME
date: 2026-03-05
amount: 200.00   # as on the statement
"""


def small_book(ledger: Callable[[dict[str, str]], Path]) -> Path:
    return ledger(
        {
            "customers/ACME.yaml": "id: ACME\nname: Acme\n",
            "invoices/2026/INV-2026-0001.yaml": INVOICE,
            "payments/2026/PAY-2026-0001.yaml": PAYMENT,
        }
    )


def crashing(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ARL_TEST_CRASH_BEFORE_RENAME": "1"}
    return subprocess.run(
        [sys.executable, "-m", "ar", "-L", str(root), *args],
        cwd=REPO, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_killed_edit_leaves_the_old_file(
    ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result]
) -> None:
    root = small_book(ledger)
    path = root / "payments/2026/PAY-2026-0001.yaml"
    old = path.read_bytes()
    killed = crashing(root, "apply", "PAY-2026-0001", "INV-2026-0001", "--date", "2026-03-06")
    assert killed.returncode == -signal.SIGKILL
    assert path.read_bytes() == old
    leftovers = list(path.parent.glob(".PAY-2026-0001.yaml.*.tmp"))
    assert len(leftovers) == 1 and "date: 2026-03-06" in leftovers[0].read_text()
    loaded = load_book(root)
    assert loaded.book is not None and not loaded.problems
    assert loaded.book.payments["PAY-2026-0001"].apply == []
    check = arl("-L", root, "check")
    assert check.code == 0 and "left over from an interrupted write" in check.err
    again = arl("-L", root, "apply", "PAY-2026-0001", "INV-2026-0001", "--date", "2026-03-06")
    assert again.code == 0, again.err
    assert "# as on the statement" in path.read_text()


def test_killed_create_leaves_no_record(
    ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result]
) -> None:
    root = small_book(ledger)
    killed = crashing(root, "pay", "ACME", "50", "--date", "2026-03-07")
    assert killed.returncode == -signal.SIGKILL
    assert sorted(p.name for p in (root / "payments/2026").glob("*.yaml")) == ["PAY-2026-0001.yaml"]
    assert arl("-L", root, "check").code == 0
    assert arl("-L", root, "pay", "ACME", "50", "--date", "2026-03-07").code == 0
    assert (root / "payments/2026/PAY-2026-0002.yaml").exists()
