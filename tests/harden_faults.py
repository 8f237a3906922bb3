"""Faults for the hardening tests: a prepared book, every write command, kill -9 at random.

`prepared_book` is a slice of the demo book where every write command has real work to do:
open invoices, a receipt with unapplied credit, a recurring plan, reminders due, a bank
statement and a spreadsheet to import. `WRITES` runs each command on it; `kill_at_random`
starts one in its own process and sends SIGKILL after a random delay, so the kill lands
before, during or after its writes.
"""

from __future__ import annotations

import email
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from email.policy import default
from pathlib import Path

from ar.model.events import Sent
from ar.store.load import load_book
from tests.concurrent import REPO
from tests.harden_fuzz import guarded, sample_book
from tests.harden_smtp import DroppingServer

DAY = "2026-12-01"
CREDIT_REF = "CREDIT-FOR-TESTS"
PLAN = """\
id: SUPPORT
customer: GRUENWALD
start: 2026-10-01
interval: monthly
lines:
    -   description: Support, {period}
        unit_price: 100
"""
PAYMENTS_CSV = "customer,date,amount,reference\nGRUENWALD,2026-11-30,12.00,CSV-1\n"
MAILED = "INV-2026-0343"  # open and never sent: `invoice send` e-mails it
SENDS = "invoice send"  # the write command that e-mails: it needs an SMTP server
OUTPUTS = {"invoice render": f"out/{MAILED}.pdf", "export": "out/receivables.journal"}
BANK_CSV = (
    "date,amount,currency,text,name\n2026-11-30,1340.00,USD,INV-2026-0310,Summit Health Partners\n"
)


def prepared_book(target: Path, smtp_port: int = 25) -> Path:
    """The sample book plus a recurring plan, a receipt with credit left and inputs to import."""
    root = sample_book(target)
    point_mail_at(root, smtp_port)
    (root / "recurring").mkdir()
    (root / "recurring/SUPPORT.yaml").write_text(PLAN)
    (root / "in").mkdir()
    (root / "in/payments.csv").write_text(PAYMENTS_CSV)
    (root / "in/bank.csv").write_text(BANK_CSV)
    outcome = guarded(
        "-L", root, "pay", "GRUENWALD", "50", "--date", "2026-11-21", "--ref", CREDIT_REF
    )
    assert outcome.code == 0, outcome.err
    return root


def point_mail_at(root: Path, port: int) -> None:
    """Send the book's mail to the SMTP server on localhost:`port`."""
    ledger = root / "ledger.yaml"
    ledger.write_text(re.sub(r"(?m)^    port: \d+$", f"    port: {port}", ledger.read_text()))


def credit_payment(root: Path) -> str:
    book = load_book(root).book
    assert book is not None
    return next(p.id for p in book.payments.values() if p.reference == CREDIT_REF)


def writes(root: Path) -> dict[str, list[str]]:
    """Every command that writes (to the ledger, the outbox or a file asked for with -o),
    with arguments that make it write."""
    credit = credit_payment(root)
    return {
        "init": ["init", str(root / "fresh")],
        "fmt": ["fmt"],
        "pay": ["pay", "GRUENWALD", "100", "--date", DAY, "--auto"],
        "apply": ["apply", credit, "INV-2026-0329", "--date", DAY],
        "unapply": ["unapply", "PAY-2026-0323"],
        "credit-note": [
            "credit-note",
            "GRUENWALD",
            "20",
            "--invoice",
            "INV-2026-0329",
            "--date",
            DAY,
        ],
        "write-off": ["write-off", "INV-2026-0316", "--reason", "settled", "--date", DAY],
        "refund": ["refund", "GRUENWALD", "10", "--date", DAY],
        "customer add": [
            "customer",
            "add",
            "NEWCO",
            "--name",
            "New Co",
            "--email",
            "a@new.example",
        ],
        "customer edit": ["customer", "edit", "GRUENWALD", "--notes", "Call first"],
        "invoice new": ["invoice", "new", "GRUENWALD", "--date", DAY, "--line", "Work;1;99"],
        "invoice void": ["invoice", "void", "INV-2026-0343", "--reason", "wrong", "--date", DAY],
        "invoice run-recurring": ["invoice", "run-recurring", "--as-of", DAY],
        "invoice send": ["invoice", "send", MAILED, "--as-of", DAY],
        "invoice render": [
            "invoice",
            "render",
            MAILED,
            "-o",
            str(root / OUTPUTS["invoice render"]),
        ],
        "export": ["export", "hledger", "--as-of", DAY, "-o", str(root / OUTPUTS["export"])],
        "remind": ["remind", "--as-of", DAY],
        "promise": ["promise", "INV-2026-0310", "100", "--by", "2026-12-10", "--date", DAY],
        "plan": ["plan", "INV-2026-0310", "-n", "3", "--date", DAY],
        "dispute open": ["dispute", "open", "INV-2026-0343", "-r", "price", "--date", DAY],
        "dispute resolve": ["dispute", "resolve", "INV-2026-0284", "--note", "ok", "--date", DAY],
        "import": ["import", "payments", str(root / "in/payments.csv")],
        "reconcile": ["reconcile", str(root / "in/bank.csv"), "--record", "-y", "--as-of", DAY],
    }


def arl_process(
    root: Path, args: list[str], env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "ar", "-L", str(root), *args],
        cwd=REPO,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def kill_at_random(root: Path, args: list[str], rng: random.Random, within: float) -> int:
    """Start `arl ARGS`, SIGKILL it after a random delay below `within` seconds; its exit code."""
    process = arl_process(root, args)
    time.sleep(rng.uniform(0, within))
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    return process.returncode


def assert_whole(root: Path) -> None:
    """Every file parses, the book checks clean, and no record is half-written."""
    outcome = guarded("-L", root, "check")
    assert outcome.code == 0, outcome.out + outcome.err


def fresh_copy(prepared: Path, target: Path) -> Path:
    shutil.copytree(prepared, target, ignore=shutil.ignore_patterns(".arl-cache"))
    return target


def mailed_once(root: Path, smtp: DroppingServer) -> int:
    """After `arl send`: one e-mail for the invoice, recorded once, delivered at most once
    and either delivered or held in doubt; the number held in doubt."""
    guarded("-L", root, "send")
    mails = sorted(
        p for p in [*root.glob("outbox/*.eml"), *root.glob("outbox/sent/*.eml")]
        if p.stem.startswith(MAILED)
    )  # fmt: skip
    assert len(mails) == 1, "an e-mail lost, or queued twice"
    book = load_book(root).book
    assert book is not None
    sent = [e for e in book.invoices[MAILED].events if isinstance(e, Sent)]
    assert [e.message for e in sent] == [mails[0].name], "the e-mail and its event disagree"
    message_id = str(email.message_from_bytes(mails[0].read_bytes(), policy=default)["Message-ID"])
    assert all(count == 1 for count in smtp.received.values()), "an e-mail delivered twice"
    in_doubt = (root / "outbox" / f"{mails[0].stem}.sending").exists()
    assert message_id in smtp.received or in_doubt, "an e-mail neither delivered nor in doubt"
    return int(in_doubt)
