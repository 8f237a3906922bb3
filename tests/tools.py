"""The real accounting tools the exports are checked with: hledger, ledger and bean-check."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

Balances = dict[tuple[str, str], Decimal]


def tool(name: str) -> str:
    """The tool's path: hledger and ledger from Debian's packages, bean-check beside python."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is not installed: .ci/run installs it (apt-get install hledger ledger)"
    return found


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=False)


def hledger_balances(journal: Path, account: str) -> Balances:
    """hledger's balance of `account` per customer tag and commodity, zero ones left out."""
    result = run(
        tool("hledger"), "-f", journal, "bal", account, "--pivot", "customer",
        "-O", "csv", "--layout", "bare", "-N",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    found = {(r["account"], r["commodity"]): Decimal(r["balance"]) for r in rows}
    return {key: amount for key, amount in found.items() if amount}


def arl_balances(rows: list[dict[str, str]], field: str, sign: int = 1) -> Balances:
    """arl's own figures from `aging` or `customer list` JSON rows, zero ones left out."""
    found = {(r["customer"], r["currency"]): sign * Decimal(r[field]) for r in rows}
    return {key: amount for key, amount in found.items() if amount}


def hledger_totals(journal: Path) -> Balances:
    """hledger's balance of every account (with postings) and commodity, zero ones left out."""
    result = run(tool("hledger"), "-f", journal, "bal", "-O", "csv", "--layout", "bare", "-N")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    found = {(r["account"], r["commodity"]): Decimal(r["balance"]) for r in rows}
    return {key: amount for key, amount in found.items() if amount}
