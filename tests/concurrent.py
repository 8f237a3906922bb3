"""Many `arl` processes writing to one book at once, as a reusable check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ar.numbering import sequence_of
from ar.store.load import load_book

REPO = Path(__file__).resolve().parent.parent


def arl_process(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ar", "-L", str(root), *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def pay_and_invoice_at_once(root: Path, customer: str, date: str) -> None:
    """20 receipts and 10 invoices started together: all recorded, numbers gap-free, book clean."""
    before = load_book(root).book
    assert before is not None
    year = int(date[:4])
    processes = [
        arl_process(root, "pay", customer, "5.00", "--date", date, "--ref", f"CONC-{i}",
                    *(["--auto"] if i % 2 else []))
        for i in range(20)
    ] + [
        arl_process(root, "invoice", "new", customer, "--date", date, "--line", f"Item {i};1;10",
                    "--force")
        for i in range(10)
    ]  # fmt: skip
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    after = load_book(root).book
    assert after is not None
    new_payments = set(after.payments) - set(before.payments)
    new_invoices = set(after.invoices) - set(before.invoices)
    assert len(new_payments) == 20 and len(new_invoices) == 10
    _gap_free(after.ledger.invoice_number, year, set(before.invoices), new_invoices)
    _gap_free(after.ledger.payment_id, year, set(before.payments), new_payments)
    check = subprocess.run(
        [sys.executable, "-m", "ar", "-L", str(root), "check"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout


def _gap_free(pattern: str, year: int, old: set[str], new: set[str]) -> None:
    def seqs(numbers: set[str]) -> list[int]:
        return sorted(s for n in numbers if (s := sequence_of(pattern, n, year)) is not None)

    start = max(seqs(old), default=0)
    assert seqs(new) == list(range(start + 1, start + 1 + len(new)))
