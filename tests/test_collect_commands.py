"""dispute, promise, plan and worklist from the command line: events written, comments kept."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.collections_book import collections_ledger, invoice_yaml
from tests.conftest import Result

Arl = Callable[..., Result]
INVOICE = "# a comment a person wrote\n" + invoice_yaml("INV-1", "2026-01-01", "1000")


def book(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    return collections_ledger(tmp_path / "book", files or {"invoices/2026/INV-1.yaml": INVOICE})


def plan_of(arl: Arl, root: Path, as_of: str) -> list[dict[str, object]]:
    result = arl("-L", root, "remind", "--dry-run", "--as-of", as_of, "--format", "json")
    assert result.code == 0, result.err
    rows: list[dict[str, object]] = json.loads(result.out)["rows"]
    return rows


def test_dispute_open_and_resolve_write_events_and_pause_reminders(
    tmp_path: Path, arl: Arl
) -> None:
    root = book(tmp_path)
    opened = arl(
        "-L", root, "dispute", "open", "INV-1", "--reason", "wrong rate", "--date", "2026-02-05"
    )
    assert opened.code == 0, opened.err
    text = (root / "invoices/2026/INV-1.yaml").read_text()
    assert text.startswith("# a comment a person wrote\n")
    assert "events:\n  - date: 2026-02-05\n    type: dispute\n    reason: wrong rate\n" in text
    assert plan_of(arl, root, "2026-02-20") == []
    again = arl("-L", root, "dispute", "open", "INV-1", "--reason", "x", "--date", "2026-02-06")
    assert again.code == 2 and "disputed already" in again.err
    resolved = arl(
        "-L",
        root,
        "dispute",
        "resolve",
        "INV-1",
        "--note",
        "rate confirmed",
        "--date",
        "2026-02-19",
    )
    assert resolved.code == 0
    assert [row["level"] for row in plan_of(arl, root, "2026-02-20")] == [1]
    assert arl("-L", root, "check").code == 0


def test_promise_pauses_until_its_day(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    result = arl(
        "-L", root, "promise", "INV-1", "1000", "--by", "2026-02-28", "--date", "2026-02-03"
    )
    assert result.code == 0, result.err
    assert (
        "type: promise\n    amount: 1000\n    by: 2026-02-28\n"
        in (root / "invoices/2026/INV-1.yaml").read_text()
    )
    assert plan_of(arl, root, "2026-02-28") == []
    assert [row["level"] for row in plan_of(arl, root, "2026-03-01")] == [1]


def test_promise_refuses_more_than_is_open_and_a_bad_amount(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    too_much = arl("-L", root, "promise", "INV-1", "1000.01", "--by", "2026-02-28")
    assert too_much.code == 2 and "at most the open 1000" in too_much.err
    assert arl("-L", root, "promise", "INV-1", "lots", "--by", "2026-02-28").code == 2
    assert arl("-L", root, "promise", "INV-9", "1", "--by", "2026-02-28").code == 2


def test_plan_writes_installments_that_check_clean_and_pause_reminders(
    tmp_path: Path, arl: Arl
) -> None:
    root = book(tmp_path)
    result = arl("-L", root, "plan", "INV-1", "--installments", "3", "--date", "2026-02-10")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "2026-03-10  333.33 EUR",
        "2026-04-10  333.33 EUR",
        "2026-05-10  333.34 EUR",
    ]
    text = (root / "invoices/2026/INV-1.yaml").read_text()
    assert "events:\n  - date: 2026-02-10\n    type: plan\n" in text
    assert arl("-L", root, "check").code == 0
    # A missed installment is late from its own due date: level 1 comes 7 days after it.
    assert plan_of(arl, root, "2026-03-16") == []
    assert [row["level"] for row in plan_of(arl, root, "2026-03-17")] == [1]
    twice = arl("-L", root, "plan", "INV-1", "--installments", "2")
    assert twice.code == 2 and "payment plan already" in twice.err


def test_worklist_orders_by_money_at_risk_and_names_the_next_action(
    tmp_path: Path, arl: Arl
) -> None:
    files = {
        "customers/BETA.yaml": "id: BETA\nname: Beta\nemail: b@beta.example\ncredit_limit: 100\n",
        "customers/GAMMA.yaml": "id: GAMMA\nname: Gamma\nemail: g@gamma.example\n",
        "invoices/2026/INV-1.yaml": INVOICE,
        "invoices/2026/INV-2.yaml": invoice_yaml("INV-2", "2026-01-05", "5000", customer="BETA"),
        "invoices/2026/INV-3.yaml": invoice_yaml("INV-3", "2026-01-01", "300", customer="GAMMA")
        + "events:\n  - {date: 2026-02-02, type: promise, amount: 300, by: 2026-02-10}\n",
    }
    root = book(tmp_path, files)
    result = arl("-L", root, "worklist", "--as-of", "2026-02-20", "--format", "json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)["rows"]
    assert [(r["customer"], r["action"]) for r in rows] == [
        ("BETA", "send reminders (arl remind --send)"),
        ("ACME", "send reminders (arl remind --send)"),
        ("GAMMA", "call: promise broken"),
    ]
    assert rows[0]["overdue"] == "5000.00" and rows[0]["days"] == 16
    assert "over the limit of 100" in rows[0]["why"]
    assert "INV-3: promise of 300 by 2026-02-10 broken" in rows[2]["why"]
    table = arl("-L", root, "worklist", "--as-of", "2026-02-20")
    assert "Next action" in table.out


def test_worklist_flags_old_disputes_and_unanswered_final_notices(tmp_path: Path, arl: Arl) -> None:
    invoice = INVOICE + (
        "events:\n"
        "  - {date: 2026-02-07, type: reminder, level: 1}\n"
        "  - {date: 2026-02-21, type: reminder, level: 2}\n"
        "  - {date: 2026-03-07, type: reminder, level: 3}\n"
    )
    disputed = invoice_yaml("INV-2", "2026-01-01", "50") + (
        "events:\n  - {date: 2026-02-01, type: dispute, reason: not delivered}\n"
    )
    root = book(
        tmp_path, {"invoices/2026/INV-1.yaml": invoice, "invoices/2026/INV-2.yaml": disputed}
    )
    rows = json.loads(arl("-L", root, "worklist", "--as-of", "2026-03-20", "--format", "json").out)[
        "rows"
    ]
    [row] = rows
    assert row["action"] == "escalate: final notice unanswered"
    assert "INV-2: disputed since 2026-02-01" in row["why"]


def test_dispute_promise_and_plan_show_what_they_would_write(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    path = root / "invoices/2026/INV-1.yaml"
    before = path.read_text()
    dry = arl("-L", root, "plan", "INV-1", "-n", "2", "--date", "2026-02-10", "--dry-run")
    assert dry.code == 0, dry.err
    assert dry.out.splitlines()[0] == (
        "would update invoices/2026/INV-1.yaml: payment plan for INV-1 in 2 installments"
    )
    assert "+installments:\n+  - due: 2026-03-10\n+    amount: 500.00\n" in dry.out
    assert dry.out.endswith("  2026-04-10  500.00 EUR\ndry run: nothing was written\n")
    assert path.read_text() == before
    opened = arl(
        "-L", root, "dispute", "open", "INV-1", "-r", "price", "--date", "2026-02-05", "-f", "json"
    )
    assert opened.code == 0, opened.err
    data = json.loads(opened.out)
    assert data["result"] == {"invoice": "INV-1", "event": "dispute"}
    assert [(c["action"], c["path"], c["summary"]) for c in data["changes"]] == [
        ("update", "invoices/2026/INV-1.yaml", "dispute opened on INV-1")
    ]
    promised = arl(
        "-L", root, "promise", "INV-1", "100", "--by", "2026-03-01", "--date", "2026-02-06",
        "--dry-run", "-f", "json",
    )  # fmt: skip
    assert promised.code == 0, promised.err
    assert json.loads(promised.out)["dry_run"] is True
    assert "type: promise" not in path.read_text()


def test_a_letter_for_invoices_in_one_multi_document_file_records_each_once(
    tmp_path: Path, arl: Arl
) -> None:
    """A closed month compacted into one file: each invoice's document gets its events, the
    comments stay, and nothing is recorded twice when the run is repeated."""
    month = (
        "# January, compacted\n---\n"
        + invoice_yaml("INV-1", "2026-01-01", "1000")
        + "---\n# the second one\n"
        + invoice_yaml("INV-2", "2026-01-02", "200")
    )
    root = book(tmp_path, {"invoices/2026/2026-01.yaml": month})
    for _ in range(2):
        assert arl("-L", root, "remind", "--as-of", "2026-02-20").code == 0
    text = (root / "invoices/2026/2026-01.yaml").read_text()
    assert text.startswith("# January, compacted\n---\n") and "# the second one\n" in text
    assert text.count("type: reminder") == 2
    assert [doc.count("letter:") for doc in text.split("---\n")[1:]] == [1, 1]
    assert arl("-L", root, "check").code == 0
