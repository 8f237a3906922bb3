"""Commands that write refuse what `arl check` would find inside the closed period.

The books are closed through January 2026 (`locked_until: 2026-01-31`); "today" is in
February. Anything dated on or before the lock is refused with one line, exit 2, nothing
written; new business on old invoices (a reminder, a write-off, a dispute dated today) is
recorded, since `arl check` judges each event by its own date. Setting up a payment plan
edits the invoice's own fields, which `arl check` judges by the invoice's date: on an
invoice of the closed period it is refused too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.collections_book import collections_ledger, invoice_yaml
from tests.conftest import Result
from tests.gitrepo import Repo
from tests.smtp_server import Mailbox

Arl = Callable[..., Result]
TODAY = "2026-02-20"
INSIDE = "2026-01-20"
LOCK = "inside the closed period (locked_until 2026-01-31)"
HINT = "(record it with a later date, or move locked_until back in a change of its own)"
PAY_1 = """\
id: PAY-1
customer: ACME
date: 2026-01-20
amount: 100.00
apply:
  - invoice: INV-1
    amount: 100.00
"""
PAY_2 = "id: PAY-2\ncustomer: ACME\ndate: 2026-01-25\namount: 300.00\n"
PLAN = """\
id: SUPPORT
customer: ACME
start: 2026-01-15
interval: monthly
lines:
  - description: Support, {period}
    unit_price: 80
"""
FILES = {
    "invoices/2025/INV-0.yaml": invoice_yaml("INV-0", "2025-12-01", "500"),
    "invoices/2026/INV-1.yaml": "# agreed by phone\n" + invoice_yaml("INV-1", "2026-01-10", "1000"),
    "invoices/2026/INV-2.yaml": invoice_yaml("INV-2", "2026-02-10", "200"),
    "invoices/2026/INV-3.yaml": invoice_yaml("INV-3", "2026-01-12", "50"),
    "payments/2026/PAY-1.yaml": PAY_1,
    "payments/2026/PAY-2.yaml": PAY_2,
}


def closed_book(root: Path, port: int = 2525, files: dict[str, str] | None = None) -> Path:
    collections_ledger(root, {**FILES, **(files or {})}, port)
    ledger = root / "ledger.yaml"
    ledger.write_text(ledger.read_text() + "locked_until: 2026-01-31\n")
    return root


def contents(root: Path) -> dict[str, bytes]:
    """Every file of the ledger but the parse cache (and git's own)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not {".arl-cache", ".git"} & set(p.parts)
    }


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return closed_book(tmp_path / "book")


@pytest.fixture
def refused(arl: Arl, root: Path) -> Callable[..., str]:
    """Run a command that must be refused for the closed period, writing nothing."""

    def run(*args: str) -> str:
        before = contents(root)
        result = arl("-L", root, *args)
        assert result.code == 2, (result.out, result.err)
        [error] = [line for line in result.err.splitlines() if line.startswith("arl:")]
        assert LOCK in error and error.endswith(HINT), result.err
        assert contents(root) == before
        return error

    return run


@pytest.fixture
def ok(arl: Arl, root: Path) -> Callable[..., Result]:
    """Run a command that must be recorded, after which `arl check` must be clean."""

    def run(*args: str) -> Result:
        result = arl("-L", root, *args)
        assert result.code == 0, result.err
        checked = arl("-L", root, "check")
        assert checked.code == 0, checked.out
        return result

    return run


def test_a_payment_dated_inside_is_refused_in_one_line(
    refused: Callable[..., str], ok: Callable[..., Result]
) -> None:
    err = refused("pay", "ACME", "40", "--id", "PAY-9", "--date", INSIDE, "--apply", "INV-1")
    assert err == (
        "arl: payment PAY-9 received, dated 2026-01-20: inside the closed period "
        f"(locked_until 2026-01-31) {HINT}"
    )
    refused("pay", "ACME", "40", "--date", "2026-01-31", "--dry-run")  # the last closed day
    ok("pay", "ACME", "40", "--date", "2026-02-01", "--apply", "INV-1")  # an old invoice paid


def test_invoices_issued_or_voided_inside_are_refused(
    refused: Callable[..., str], ok: Callable[..., Result]
) -> None:
    refused("invoice", "new", "ACME", "--date", INSIDE, "--line", "Work;1;90")
    refused("invoice", "void", "INV-3", "--reason", "typo", "--date", INSIDE)
    ok("invoice", "new", "ACME", "--date", TODAY, "--line", "Work;1;90")
    ok("invoice", "void", "INV-3", "--reason", "typo", "--date", TODAY)


def test_credit_applied_taken_back_or_refunded_inside_is_refused(
    refused: Callable[..., str], ok: Callable[..., Result]
) -> None:
    err = refused("apply", "PAY-2", "INV-1=50", "--date", "2026-01-28")
    assert err.startswith("arl: payment PAY-2 applied, dated 2026-01-28: ")
    refused("unapply", "PAY-1")  # its allocation counts from the payment's date
    refused("refund", "ACME", "10", "--date", "2026-01-28")
    ok("apply", "PAY-2", "INV-2=50", "--date", TODAY)  # an old receipt applied today
    ok("refund", "ACME", "10", "--date", TODAY)


def test_credit_notes_and_write_offs_inside_are_refused_today_recorded(
    refused: Callable[..., str], ok: Callable[..., Result], root: Path
) -> None:
    refused("credit-note", "ACME", "20", "--invoice", "INV-1", "--date", INSIDE)
    err = refused("write-off", "INV-0", "--reason", "gone", "--date", INSIDE)
    assert err.startswith("arl: write-off on INV-0 written off, dated 2026-01-20: ")
    ok("credit-note", "ACME", "20", "--invoice", "INV-1", "--date", TODAY)
    ok("write-off", "INV-0", "--reason", "gone", "--date", TODAY)  # a December invoice
    assert "type: write_off" in (root / "invoices/2025/INV-0.yaml").read_text()


def test_disputes_and_promises_follow_their_own_date(
    refused: Callable[..., str], ok: Callable[..., Result], root: Path
) -> None:
    refused("dispute", "open", "INV-1", "--reason", "price", "--date", INSIDE)
    refused("promise", "INV-1", "100", "--by", "2026-03-01", "--date", INSIDE)
    ok("dispute", "open", "INV-1", "--reason", "price", "--date", TODAY)
    ok("dispute", "resolve", "INV-1", "--date", "2026-02-21")
    ok("promise", "INV-1", "100", "--by", "2026-03-01", "--date", "2026-02-22")
    assert (root / "invoices/2026/INV-1.yaml").read_text().startswith("# agreed by phone\n")


def test_a_payment_plan_edits_the_invoice_so_its_date_decides(
    refused: Callable[..., str], ok: Callable[..., Result]
) -> None:
    err = refused("plan", "INV-1", "-n", "2", "--date", TODAY)
    assert err.startswith("arl: invoice INV-1 edited, dated 2026-01-10: ")
    ok("plan", "INV-2", "-n", "2", "--date", TODAY)


def test_letters_dated_inside_are_refused_before_the_outbox(
    refused: Callable[..., str], ok: Callable[..., Result], root: Path
) -> None:
    err = refused("remind", "--as-of", INSIDE)
    assert err.startswith("arl: reminder on INV-0 recorded, dated 2026-01-20: ")
    assert not (root / "outbox").exists()
    ok("remind", "--as-of", TODAY)  # reminders, fees and interest on old invoices, dated today
    assert "type: reminder" in (root / "invoices/2025/INV-0.yaml").read_text()
    assert not list((root / "outbox").glob("*.pending.json"))


def test_sending_an_invoice_inside_is_refused(
    tmp_path: Path, arl: Arl, smtp_server: Mailbox
) -> None:
    root = closed_book(tmp_path / "book", smtp_server.port)
    before = contents(root)
    result = arl("-L", root, "invoice", "send", "INV-1", "--as-of", INSIDE)
    assert result.code == 2 and LOCK in result.err, result.err
    assert contents(root) == before and smtp_server.received == []
    sent = arl("-L", root, "invoice", "send", "INV-1", "--as-of", TODAY)
    assert sent.code == 0, sent.err
    assert len(smtp_server.received) == 1
    assert arl("-L", root, "check").code == 0


def test_recurring_invoices_caught_up_inside_are_refused(tmp_path: Path, arl: Arl) -> None:
    root = closed_book(tmp_path / "book", files={"recurring/SUPPORT.yaml": PLAN})
    before = contents(root)
    result = arl("-L", root, "invoice", "run-recurring", "--as-of", TODAY)
    assert result.code == 2 and result.err.startswith("arl: invoice INV-2026-0001 issued, dated")
    assert contents(root) == before
    (root / "recurring/SUPPORT.yaml").write_text(PLAN.replace("2026-01-15", "2026-02-15"))
    assert arl("-L", root, "invoice", "run-recurring", "--as-of", TODAY).code == 0
    assert arl("-L", root, "check").code == 0


def test_imports_and_reconciled_payments_inside_are_refused(
    refused: Callable[..., str], ok: Callable[..., Result], tmp_path: Path
) -> None:
    sheet = tmp_path / "payments.csv"
    sheet.write_text(
        "customer,date,amount,reference\nACME,2026-02-02,10.00,R-1\nACME,2026-01-30,12.00,R-2\n"
    )
    err = refused("import", "payments", str(sheet))
    assert "dated 2026-01-30" in err
    sheet.write_text(sheet.read_text().replace("2026-01-30", "2026-02-03"))
    ok("import", "payments", str(sheet))
    bank = tmp_path / "bank.csv"
    bank.write_text("date,amount,currency,text,name\n2026-01-29,200.00,EUR,INV-2,Acme Ltd\n")
    refused("reconcile", str(bank), "--record", "--yes", "--as-of", TODAY)
    bank.write_text(bank.read_text().replace("2026-01-29", "2026-02-12"))
    ok("reconcile", str(bank), "--record", "--yes", "--as-of", TODAY)


def test_customers_carry_no_date_and_are_always_recorded(ok: Callable[..., Result]) -> None:
    ok("customer", "add", "ZED", "--name", "Zed Ltd", "--email", "ap@zed.example")
    ok("customer", "edit", "ACME", "--credit-limit", "5000")


# --- what a command accepts, arl check accepts -------------------------------------------

COMMANDS = [
    ["pay", "ACME", "40", "--date", "{day}", "--apply", "INV-2=40"],
    ["invoice", "new", "ACME", "--date", "{day}", "--line", "Work;1;90"],
    ["credit-note", "ACME", "5", "--invoice", "INV-1", "--date", "{day}"],
    ["write-off", "INV-0", "10", "--reason", "rounding", "--date", "{day}"],
    ["apply", "PAY-2", "INV-1=30", "--date", "{day}"],
    ["refund", "ACME", "5", "--date", "{day}"],
    ["dispute", "open", "INV-1", "--reason", "price", "--date", "{day}"],
    ["dispute", "resolve", "INV-1", "--date", "{day}"],
    ["promise", "INV-0", "50", "--by", "2026-03-31", "--date", "{day}"],
    ["remind", "--as-of", "{day}"],
    ["unapply", "PAY-1"],
    ["plan", "INV-2", "-n", "2", "--date", "{day}"],
    ["plan", "INV-3", "-n", "2", "--date", "{day}"],
    ["invoice", "void", "INV-3", "--reason", "typo", "--date", "{day}"],
    ["customer", "edit", "ACME", "--notes", "Call first"],
]


def test_whatever_a_command_records_arl_check_accepts(tmp_path: Path, arl: Arl) -> None:
    """In a git repository, every command run on both sides of the lock: what it records
    leaves `arl check` (against the last commit) without a closed-period problem, and
    what it refuses leaves the working tree as it was."""
    repo = Repo(tmp_path / "repo")
    closed_book(repo.ledger)
    repo.write({".gitignore": ".arl-cache/\noutbox/\n"})
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "The books closed through January")
    recorded = 0
    for day in ("2026-01-15", "2026-01-31", "2026-02-01", TODAY):
        for command in COMMANDS:
            before = contents(repo.ledger)
            result = arl("-L", repo.ledger, *(arg.format(day=day) for arg in command))
            if result.code == 0:
                recorded += 1
                checked = arl("-L", repo.ledger, "check")
                assert "closed period" not in checked.out, (command, day, checked.out)
            else:
                assert result.code == 2, (command, day, result.err)
                assert contents(repo.ledger) == before, (command, day)
    assert recorded >= len(COMMANDS)


def test_a_period_reopened_but_not_committed_is_still_closed(tmp_path: Path, arl: Arl) -> None:
    """As for `arl check`, the last commit's locked_until counts too: moving it back is a
    change of its own, committed before recording into the reopened days."""
    repo = Repo(tmp_path / "repo")
    closed_book(repo.ledger)
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "The books closed through January")
    ledger = repo.ledger / "ledger.yaml"
    ledger.write_text(
        ledger.read_text().replace("locked_until: 2026-01-31", "locked_until: 2025-12-31")
    )
    pay = ["-L", repo.ledger, "pay", "ACME", "40", "--date", INSIDE, "--apply", "INV-1"]
    refused = arl(*pay)
    assert refused.code == 2, refused.err
    assert refused.err == (
        "arl: payment PAY-2026-0001 received, dated 2026-01-20: inside the closed period "
        "(locked_until 2026-01-31) (the last commit closes the books through 2026-01-31: "
        "commit moving locked_until back, in a change of its own, before recording this)\n"
    )
    repo.git("commit", "-q", "-am", "Reopen January")
    assert arl(*pay).code == 0
    checked = arl("-L", repo.ledger, "check")
    assert checked.code == 0, checked.out
