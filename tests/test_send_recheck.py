"""`send` checks each waiting letter against the book: stale figures are never delivered."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.collections_book import collections_ledger, invoice_yaml
from tests.conftest import Result
from tests.smtp_server import Mailbox

Arl = Callable[..., Result]
DAY = "2026-02-20"  # INV-1 (1,000, due 2026-01-31) is 20 days late: a level 1 letter


def book(tmp_path: Path, port: int) -> Path:
    files = {"invoices/2026/INV-1.yaml": invoice_yaml("INV-1", "2026-01-01", "1000")}
    return collections_ledger(tmp_path / "book", files, port=port)


def test_regression_a_letter_asking_for_money_paid_since_is_withdrawn(
    tmp_path: Path, arl: Arl, smtp_server: Mailbox
) -> None:
    """Reproducer: `remind`, then `pay` the whole amount, then `send` delivered the letter
    asking for the paid money."""
    root = book(tmp_path, smtp_server.port)
    assert arl("-L", root, "remind", "--as-of", DAY).code == 0
    [letter] = list((root / "outbox").glob("*.eml"))
    paid = arl("-L", root, "pay", "ACME", "1000", "--apply", "INV-1", "--date", DAY)
    assert paid.code == 0, paid.err
    sent = arl("-L", root, "send", "--as-of", DAY, "--format", "json")
    assert sent.code == 0, sent.err
    assert smtp_server.received == []
    why = "INV-1 now owes 0.00 EUR, the letter says 1000.00"
    assert json.loads(sent.out)["withdrawn"] == [{"key": letter.stem, "reason": why}]
    assert f"withdrawn {letter.stem}: {why}" in sent.err
    assert not list((root / "outbox").glob(f"{letter.stem}*"))
    kept = root / "outbox/withdrawn"
    assert (kept / letter.name).is_file()
    assert json.loads((kept / f"{letter.stem}.json").read_text()) == {
        "reason": why,
        "withdrawn": DAY,
    }


def test_a_letter_whose_figures_still_hold_is_sent(
    tmp_path: Path, arl: Arl, smtp_server: Mailbox
) -> None:
    root = book(tmp_path, smtp_server.port)
    assert arl("-L", root, "remind", "--as-of", DAY).code == 0
    sent = arl("-L", root, "send", "--as-of", "2026-02-25", "--format", "json")
    assert sent.code == 0, sent.err
    assert len(smtp_server.received) == 1
    assert json.loads(sent.out)["withdrawn"] == []
    assert not list((root / "outbox").glob("*.claims.json"))


def test_the_e_mail_of_an_invoice_voided_before_it_went_is_withdrawn(
    tmp_path: Path, arl: Arl, smtp_server: Mailbox
) -> None:
    root = book(tmp_path, smtp_server.port)
    smtp_server.refuse = "451 try again later"
    queued = arl("-L", root, "invoice", "send", "INV-1", "--as-of", "2026-01-02")
    assert queued.code == 1 and smtp_server.received == []
    voided = arl("-L", root, "invoice", "void", "INV-1", "--reason", "wrong customer",
                 "--date", "2026-01-03")  # fmt: skip
    assert voided.code == 0, voided.err
    smtp_server.refuse = None
    sent = arl("-L", root, "send", "--as-of", "2026-01-03")
    assert sent.code == 0, sent.err
    assert smtp_server.received == []
    assert "withdrawn INV-1: INV-1 is void" in sent.err
