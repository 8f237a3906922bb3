"""arl note: calls and notes with a follow-up, on the worklist, in customer show and the
internal statement, pausing one invoice's reminders only with --pause."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.collections_book import collections_ledger, invoice_yaml
from tests.conftest import Result

Arl = Callable[..., Result]


def book(tmp_path: Path) -> Path:
    files = {
        "invoices/2026/INV-1.yaml": invoice_yaml("INV-1", "2026-01-01", "1000"),
        "invoices/2026/INV-2.yaml": invoice_yaml("INV-2", "2026-01-01", "500"),
    }
    return collections_ledger(tmp_path / "book", files)


def levels(arl: Arl, root: Path, as_of: str) -> dict[str, object]:
    result = arl("-L", root, "remind", "--dry-run", "--as-of", as_of, "--format", "json")
    assert result.code == 0, result.err
    return {", ".join(row["invoices"]): row["level"] for row in json.loads(result.out)["rows"]}


def test_a_call_on_an_invoice_is_an_event_in_the_spec_shape(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    result = arl(
        "-L", root, "note", "INV-1", "Spoke to Jane: paying Friday", "--call",
        "--follow-up", "2026-02-20", "--owner", "sam", "--date", "2026-02-16",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert result.out == "recorded call on INV-1, follow up on 2026-02-20\n"
    text = (root / "invoices/2026/INV-1.yaml").read_text()
    assert (
        "events:\n  - date: 2026-02-16\n    type: note\n    text: 'Spoke to Jane: paying Friday'\n"
        "    call: true\n    follow_up: 2026-02-20\n    owner: sam\n"
    ) in text
    assert arl("-L", root, "check").code == 0


def test_a_customer_note_lives_in_the_customer_file(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    result = arl("-L", root, "note", "ACME", "New AP contact: Jane", "--date", "2026-02-01")
    assert result.code == 0, result.err
    text = (root / "customers/ACME.yaml").read_text()
    expected = "events:\n  - date: 2026-02-01\n    type: note\n    text: 'New AP contact: Jane'\n"
    assert expected in text
    shown = arl("-L", root, "customer", "show", "ACME", "--as-of", "2026-02-02")
    assert "Notes and calls" in shown.out and "New AP contact: Jane" in shown.out
    data = json.loads(arl("-L", root, "customer", "show", "ACME", "--format", "json").out)
    assert data["log"] == [
        {
            "date": "2026-02-01",
            "invoice": None,
            "kind": "note",
            "text": "New AP contact: Jane",
            "follow_up": None,
            "owner": None,
        }
    ]


def test_statement_internal_lists_notes_and_the_customer_copy_does_not(
    tmp_path: Path, arl: Arl
) -> None:
    root = book(tmp_path)
    arl("-L", root, "note", "INV-2", "Asked for a copy", "--date", "2026-02-03")
    args = ("-L", root, "statement", "ACME", "--as-of", "2026-02-28")
    internal = arl(*args, "--internal")
    assert internal.code == 0, internal.err
    assert "Notes and calls (internal)" in internal.out
    assert "2026-02-03  note  INV-2           Asked for a copy" in internal.out
    assert "Asked for a copy" not in arl(*args).out
    data = json.loads(arl(*args, "--internal", "--format", "json").out)
    assert [row["text"] for row in data["log"]] == ["Asked for a copy"]


def test_worklist_puts_follow_ups_first_with_the_note_and_filters_by_owner(
    tmp_path: Path, arl: Arl
) -> None:
    root = book(tmp_path)
    other = invoice_yaml("INV-3", "2025-10-01", "9000", customer="BIG")
    (root / "customers/BIG.yaml").write_text("id: BIG\nname: Big Co\nemail: ap@big.example\n")
    (root / "invoices/2026/INV-3.yaml").write_text(other)
    arl("-L", root, "note", "INV-2", "Call back", "--follow-up", "2026-03-02", "--owner", "sam",
        "--date", "2026-02-20")  # fmt: skip

    def rows(*extra: str) -> list[dict[str, object]]:
        result = arl("-L", root, "worklist", "--as-of", "2026-03-02", "--format", "json", *extra)
        assert result.code == 0, result.err
        return list(json.loads(result.out)["rows"])

    first, second = rows()
    assert (first["customer"], first["action"]) == ("ACME", "follow up as noted")
    assert "INV-2: follow up today (sam): Call back" in str(first["why"])
    assert second["customer"] == "BIG"
    assert [row["customer"] for row in rows("--owner", "sam")] == ["ACME"]
    assert rows("--owner", "kim") == []
    arl("-L", root, "note", "INV-2", "Called: paying today", "--date", "2026-03-02")
    assert "follow up" not in str(rows()[0]["why"])


def test_pause_holds_reminders_of_that_invoice_only_until_the_follow_up(
    tmp_path: Path, arl: Arl
) -> None:
    root = book(tmp_path)
    assert levels(arl, root, "2026-02-10") == {"INV-1, INV-2": 1}
    arl("-L", root, "note", "INV-1", "Will call back", "--follow-up", "2026-02-15",
        "--date", "2026-02-09")  # fmt: skip
    assert levels(arl, root, "2026-02-10") == {"INV-1, INV-2": 1}
    paused = arl("-L", root, "note", "INV-1", "Checking with the boss", "--follow-up",
                 "2026-02-15", "--pause", "--date", "2026-02-09")  # fmt: skip
    assert paused.code == 0, paused.err
    assert levels(arl, root, "2026-02-10") == {"INV-2": 1}
    assert levels(arl, root, "2026-02-15") == {"INV-1, INV-2": 1}


def test_note_refusals_are_one_line_and_write_nothing(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    before = (root / "invoices/2026/INV-1.yaml").read_text()
    cases = [
        (("INV-9", "x"), "no invoice or customer 'INV-9'"),
        (("INV-1", "  "), "the note is empty"),
        (("INV-1", "x", "--pause"), "--pause needs a --follow-up date"),
        (("ACME", "x", "--pause", "--follow-up", "2099-03-01"), "--pause holds an invoice's"),
        (("INV-1", "x", "--date", "2026-02-01", "--follow-up", "2026-01-31"), "is before"),
        (("INV-1", "x", "--date", "2025-12-31"), "before the invoice date"),
    ]
    for args, message in cases:
        result = arl("-L", root, "note", *args)
        assert result.code == 2 and message in result.err, (args, result.err)
        assert len(result.err.strip().splitlines()) == 1
    assert (root / "invoices/2026/INV-1.yaml").read_text() == before


def test_note_dry_run_and_json_follow_the_recording_conventions(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    dry = arl("-L", root, "note", "INV-1", "x", "--dry-run", "--date", "2026-02-01")
    assert dry.code == 0 and "dry run: nothing was written" in dry.out
    assert "type: note" not in (root / "invoices/2026/INV-1.yaml").read_text()
    done = arl("-L", root, "note", "INV-1", "x", "--format", "json", "--date", "2026-02-01")
    data = json.loads(done.out)
    assert data["result"] == {"target": "INV-1", "event": "note", "follow_up": None}


def test_a_note_inside_the_closed_period_is_refused(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    ledger = root / "ledger.yaml"
    ledger.write_text(ledger.read_text() + "locked_until: 2026-01-31\n")
    for target in ("INV-1", "ACME"):
        result = arl("-L", root, "note", target, "late entry", "--date", "2026-01-15")
        assert result.code != 0 and "closed" in result.err, result.err
    assert arl("-L", root, "note", "ACME", "fine", "--date", "2026-02-01").code == 0


def test_customer_show_suggests_the_id_in_another_case(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    result = arl("-L", root, "customer", "show", "acme")
    assert result.code == 2 and "did you mean 'ACME'?" in result.err


def test_an_empty_worklist_says_why(tmp_path: Path, arl: Arl) -> None:
    root = book(tmp_path)
    early = arl("-L", root, "worklist", "--as-of", "2026-01-10")
    assert "nothing to do: nothing is overdue on 2026-01-10" in early.err
    late = arl("-L", root, "worklist", "--as-of", "2026-02-03")
    assert "nothing to do today: 2 invoice(s) overdue, each waiting" in late.err
    ledger = root / "ledger.yaml"
    text = ledger.read_text()
    ledger.write_text(text[: text.index("dunning:")])
    bare = arl("-L", root, "worklist", "--as-of", "2026-02-03")
    assert "ledger.yaml has no dunning policy" in bare.err
