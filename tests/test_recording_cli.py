"""Recording through the CLI: customers, invoices, receipts, credits; the book stays clean."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ar.store.load import load_book
from tests.conftest import Result

Arl = Callable[..., Result]

CUSTOMERS = {
    "customers/ACME.yaml": """\
# Our oldest customer.
id: ACME
name: Acme Ltd
terms: 2/10 net 30   # agreed in 2024
credit_limit: 2000.00
""",
    "customers/GLOBEX.yaml": "id: GLOBEX\nname: Globex\n",
}


@pytest.fixture
def root(ledger: Callable[[dict[str, str]], Path]) -> Path:
    return ledger(CUSTOMERS)


@pytest.fixture
def ok(arl: Arl, root: Path) -> Callable[..., Result]:
    """Run a command that must succeed, then prove `arl check` still accepts the book."""

    def run(*args: str) -> Result:
        result = arl("-L", root, *args)
        assert result.code == 0, result.err
        checked = arl("-L", root, "check")
        assert checked.code == 0, checked.out
        return result

    return run


def text(root: Path, name: str) -> str:
    return (root / name).read_text()


# --- customers -------------------------------------------------------------------------


def test_customer_add_writes_a_canonical_file(ok: Callable[..., Result], root: Path) -> None:
    result = ok(
        "customer", "add", "INITECH", "--name", "Initech", "--email", "ap@initech.example",
        "--email", "boss@initech.example", "--terms", "net30", "--credit-limit", "5000",
        "--tag", "software",
    )  # fmt: skip
    assert result.out == "created customers/INITECH.yaml: customer INITECH, Initech\n"
    assert text(root, "customers/INITECH.yaml") == (
        "id: INITECH\nname: Initech\nemail:\n  - ap@initech.example\n  - boss@initech.example\n"
        "terms: net30\ncredit_limit: 5000.00\ntags:\n  - software\n"
    )


def test_customer_add_refuses_a_taken_id_and_unknown_terms(arl: Arl, root: Path) -> None:
    taken = arl("-L", root, "customer", "add", "ACME", "--name", "Other")
    assert taken.code == 2 and "customer ACME exists already" in taken.err
    terms = arl("-L", root, "customer", "add", "NEW", "--name", "N", "--terms", "net99")
    assert terms.code == 2 and "unknown terms 'net99'" in terms.err
    assert not (root / "customers/NEW.yaml").exists()


def test_customer_edit_keeps_comments(ok: Callable[..., Result], root: Path) -> None:
    ok("customer", "edit", "ACME", "--hold", "--credit-limit", "2500", "--add-tag", "key")
    assert text(root, "customers/ACME.yaml") == (
        "# Our oldest customer.\nid: ACME\nname: Acme Ltd\n"
        "terms: 2/10 net 30   # agreed in 2024\ncredit_limit: 2500.00\nhold: true\n"
        "tags:\n  - key\n"
    )
    ok("customer", "edit", "ACME", "--no-hold", "--unset", "credit_limit")
    assert "hold" not in text(root, "customers/ACME.yaml")
    assert "credit_limit" not in text(root, "customers/ACME.yaml")
    assert "# agreed in 2024" in text(root, "customers/ACME.yaml")


# --- invoices --------------------------------------------------------------------------


def test_invoice_new_numbers_and_due_dates(ok: Callable[..., Result], root: Path) -> None:
    first = ok("invoice", "new", "GLOBEX", "--date", "2026-01-31", "--line", "Widgets;3;9.5;20%")
    assert first.out == (
        "created invoices/2026/INV-2026-0001.yaml: invoice INV-2026-0001 to GLOBEX, "
        "34.20 EUR, due 2026-03-02\n"
    )
    assert text(root, "invoices/2026/INV-2026-0001.yaml") == (
        "number: INV-2026-0001\ncustomer: GLOBEX\ndate: 2026-01-31\nterms: net30\n"
        "due: 2026-03-02\ncurrency: EUR\nlines:\n  - description: Widgets\n    quantity: 3\n"
        "    unit_price: 9.50\n    tax_rate: 0.2\n"
    )
    second = ok("invoice", "new", "ACME", "--date", "2026-02-01", "--line", "Work;1;100")
    assert "INV-2026-0002" in second.out and "due 2026-03-03" in second.out
    next_year = ok("invoice", "new", "ACME", "--date", "2027-01-02", "--line", "Work;1;100")
    assert "INV-2027-0001" in next_year.out


def test_end_of_month_terms(ok: Callable[..., Result], root: Path) -> None:
    (root / "ledger.yaml").write_text(
        text(root, "ledger.yaml").replace(
            "default_terms", "  30 EOM:\n    days: 30\n    end_of_month: true\ndefault_terms"
        )
    )
    result = ok(
        "invoice", "new", "GLOBEX", "--terms", "30 EOM", "--date", "2026-02-10", "--line", "X;1;10"
    )
    assert "due 2026-03-30" in result.out


def test_lines_from_a_file_and_from_stdin(
    ok: Callable[..., Result], root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    yaml_file = tmp_path / "lines.yaml"
    yaml_file.write_text("- description: Design\n  quantity: 2\n  unit_price: 450\n")
    ok("invoice", "new", "GLOBEX", "--date", "2026-03-01", "--lines", str(yaml_file))
    assert "unit_price: 450.00" in text(root, "invoices/2026/INV-2026-0001.yaml")
    import io

    payload = {"lines": [{"description": "Hosting", "unit_price": 12.5, "tax_rate": 0.21}]}
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(payload)))
    ok("invoice", "new", "GLOBEX", "--date", "2026-03-01", "--lines", "-")
    written = text(root, "invoices/2026/INV-2026-0002.yaml")
    assert "unit_price: 12.50" in written and "tax_rate: 0.21" in written


def test_bad_lines_file_names_file_and_line(arl: Arl, root: Path, tmp_path: Path) -> None:
    bad = tmp_path / "lines.yaml"
    bad.write_text("- description: A\n  unit_price: 1\n- description: B\n  unit_price: lots\n")
    result = arl("-L", root, "invoice", "new", "GLOBEX", "--lines", str(bad))
    assert result.code == 2
    assert f"{bad}:4: line 1.unit_price" in result.err


def test_hold_and_credit_limit_refuse_unless_forced(
    ok: Callable[..., Result], arl: Arl, root: Path
) -> None:
    ok("invoice", "new", "ACME", "--date", "2026-03-01", "--line", "Big job;1;1500")
    over = arl("-L", root, "invoice", "new", "ACME", "--date", "2026-03-02", "--line", "More;1;600")
    assert over.code == 2
    assert (
        "invoice of 600.00 EUR would take ACME to 2100.00 EUR owed, over its credit limit of "
        "2000.00 EUR" in over.err
    )
    forced = ok("invoice", "new", "ACME", "--date", "2026-03-02", "--line", "More;1;600", "--force")
    assert "issued although invoice of 600.00 EUR" in forced.out
    assert "forced: invoice of 600.00 EUR would take ACME" in text(
        root, "invoices/2026/INV-2026-0002.yaml"
    )
    shown = arl(
        "-L", root, "invoice", "show", "INV-2026-0002", "-f", "json", "--as-of", "2026-03-02"
    )
    assert json.loads(shown.out)["forced"].startswith("invoice of 600.00 EUR would take ACME")
    ok("customer", "edit", "GLOBEX", "--hold")
    held = arl("-L", root, "invoice", "new", "GLOBEX", "--line", "X;1;1")
    assert held.code == 2 and "customer GLOBEX is on hold" in held.err and "--force" in held.err


def test_void_refused_while_paid_then_allowed(
    ok: Callable[..., Result], arl: Arl, root: Path
) -> None:
    ok("invoice", "new", "GLOBEX", "--date", "2026-03-01", "--line", "X;1;100")
    ok("pay", "GLOBEX", "100", "--date", "2026-03-05", "--apply", "INV-2026-0001")
    refused = arl(
        "-L", root, "invoice", "void", "INV-2026-0001", "--reason", "wrong", "--date", "2026-03-06"
    )
    assert refused.code == 2 and "arl unapply PAY-2026-0001 INV-2026-0001" in refused.err
    ok("unapply", "PAY-2026-0001")
    ok("invoice", "void", "INV-2026-0001", "--reason", "wrong customer", "--date", "2026-03-06")
    assert "type: void" in text(root, "invoices/2026/INV-2026-0001.yaml")
    again = ok("invoice", "new", "GLOBEX", "--date", "2026-03-07", "--line", "X;1;100")
    assert "INV-2026-0002" in again.out


# --- receipts ------------------------------------------------------------------------------


@pytest.fixture
def invoiced(ok: Callable[..., Result]) -> Callable[..., Result]:
    """ACME owes INV-2026-0001 (1000, 2/10 net 30, 3 March) and INV-2026-0002 (500, 10 March)."""
    ok("invoice", "new", "ACME", "--date", "2026-03-03", "--line", "A;1;1000")
    ok("invoice", "new", "ACME", "--date", "2026-03-10", "--line", "B;1;500")
    return ok


def test_pay_auto_with_discount_and_unapplied_credit(
    invoiced: Callable[..., Result], root: Path
) -> None:
    result = invoiced("pay", "ACME", "1500", "--date", "2026-03-12", "--ref", "B-1", "--auto")
    assert result.out == (
        "created payments/2026/PAY-2026-0001.yaml: payment PAY-2026-0001 from ACME, 1500.00 EUR\n"
        "  applied 980.00 EUR to INV-2026-0001 with discount 20.00 EUR (settled)\n"
        "  applied 490.00 EUR to INV-2026-0002 with discount 10.00 EUR (settled)\n"
        "  30.00 EUR left as unapplied credit for ACME\n"
    )
    assert text(root, "payments/2026/PAY-2026-0001.yaml") == (
        "id: PAY-2026-0001\ncustomer: ACME\ndate: 2026-03-12\namount: 1500.00\ncurrency: EUR\n"
        "reference: B-1\napply:\n  - invoice: INV-2026-0001\n    amount: 980.00\n"
        "    discount: 20.00\n  - invoice: INV-2026-0002\n    amount: 490.00\n"
        "    discount: 10.00\n"
    )


def test_pay_without_application_says_it_is_unapplied(invoiced: Callable[..., Result]) -> None:
    result = invoiced("pay", "ACME", "250.50", "--date", "2026-03-20")
    assert "250.50 EUR left as unapplied credit for ACME" in result.out


def test_pay_named_invoice_with_amount(invoiced: Callable[..., Result], root: Path) -> None:
    result = invoiced(
        "pay", "ACME", "300", "--date", "2026-03-30", "--method", "card",
        "--apply", "INV-2026-0002=200", "--apply", "INV-2026-0001",
    )  # fmt: skip
    assert "applied 200.00 EUR to INV-2026-0002 (300.00 EUR still open)" in result.out
    assert "applied 100.00 EUR to INV-2026-0001 (900.00 EUR still open)" in result.out


def test_pay_refuses_more_than_is_open(
    invoiced: Callable[..., Result], arl: Arl, root: Path
) -> None:
    result = arl(
        "-L", root, "pay", "ACME", "900", "--date", "2026-03-30", "--apply", "INV-2026-0002=600"
    )
    assert result.code == 2 and "INV-2026-0002 has only 500.00 EUR open" in result.err
    assert not (root / "payments").exists() or not any((root / "payments").rglob("*.yaml"))


def test_likely_duplicate_needs_allow_duplicate(
    invoiced: Callable[..., Result], arl: Arl, root: Path
) -> None:
    invoiced("pay", "ACME", "100", "--date", "2026-03-20", "--ref", "BANK-7")
    again = arl("-L", root, "pay", "ACME", "100", "--date", "2026-03-21", "--ref", "BANK-7")
    assert again.code == 2
    assert "likely duplicate: PAY-2026-0001" in again.err and "--allow-duplicate" in again.err
    invoiced("pay", "ACME", "100", "--date", "2026-03-21", "--ref", "BANK-7", "--allow-duplicate")
    assert (root / "payments/2026/PAY-2026-0002.yaml").exists()


def test_apply_later_keeps_earlier_aging(
    invoiced: Callable[..., Result], arl: Arl, root: Path
) -> None:
    invoiced("pay", "ACME", "400", "--date", "2026-03-20", "--ref", "R1")
    invoiced("pay", "ACME", "300", "--date", "2026-03-22", "--ref", "R2")
    result = invoiced(
        "apply", "PAY-2026-0001,PAY-2026-0002", "INV-2026-0002", "--date", "2026-04-01"
    )
    assert "applied 500.00 EUR to INV-2026-0002 (settled)" in result.out
    assert "200.00 EUR still unapplied in PAY-2026-0001, PAY-2026-0002" in result.out
    assert "date: 2026-04-01" in text(root, "payments/2026/PAY-2026-0002.yaml")
    before = json.loads(
        arl("-L", root, "invoice", "list", "--as-of", "2026-03-31", "-f", "json").out
    )
    after = json.loads(
        arl("-L", root, "invoice", "list", "--as-of", "2026-04-01", "-f", "json").out
    )
    assert [r["open"] for r in before["rows"]] == ["1000.00", "500.00"]
    assert [r["open"] for r in after["rows"]] == ["1000.00", "0.00"]


def test_apply_customer_credit_auto_then_unapply(
    invoiced: Callable[..., Result], root: Path
) -> None:
    invoiced("pay", "ACME", "1200", "--date", "2026-03-25", "--ref", "R1")
    invoiced("apply", "ACME", "--auto", "--date", "2026-03-26")
    payment = text(root, "payments/2026/PAY-2026-0001.yaml")
    assert "invoice: INV-2026-0001\n    amount: 1000.00" in payment
    assert "invoice: INV-2026-0002\n    amount: 200.00" in payment
    result = invoiced("unapply", "PAY-2026-0001", "INV-2026-0002=50")
    assert "PAY-2026-0001 now has 50.00 EUR unapplied" in result.out
    invoiced("unapply", "PAY-2026-0001")
    assert "apply" not in text(root, "payments/2026/PAY-2026-0001.yaml")


def test_unapply_refuses_part_of_a_discounted_allocation(
    invoiced: Callable[..., Result], arl: Arl, root: Path
) -> None:
    invoiced("pay", "ACME", "980", "--date", "2026-03-05", "--auto")
    result = arl("-L", root, "unapply", "PAY-2026-0001", "INV-2026-0001=10")
    assert result.code == 2 and "carries a discount" in result.err


def test_refund_of_unapplied_credit(invoiced: Callable[..., Result], arl: Arl, root: Path) -> None:
    invoiced(
        "pay", "ACME", "1100", "--date", "2026-03-25", "--ref", "R1", "--apply", "INV-2026-0001"
    )
    too_much = arl("-L", root, "refund", "ACME", "150", "--date", "2026-03-26")
    assert too_much.code == 2 and "ACME has only 100.00 EUR unapplied to refund" in too_much.err
    result = invoiced("refund", "ACME", "--date", "2026-03-26", "--method", "bank", "--ref", "RF-1")
    assert result.out.startswith("updated payments/2026/PAY-2026-0001.yaml: refunded 100.00 EUR")
    assert (
        "refunds:\n  - date: 2026-03-26\n    amount: 100.00\n    method: bank\n"
        "    reference: RF-1\n" in text(root, "payments/2026/PAY-2026-0001.yaml")
    )
    customers = json.loads(
        arl("-L", root, "customer", "list", "-f", "json", "--as-of", "2026-03-31").out
    )
    assert {r["customer"]: r["unapplied"] for r in customers["rows"]}["ACME"] == "0.00"


def test_credit_note_and_write_off(invoiced: Callable[..., Result], arl: Arl, root: Path) -> None:
    result = invoiced(
        "credit-note",
        "ACME",
        "100",
        "--invoice",
        "INV-2026-0002",
        "--reason",
        "late",
        "--date",
        "2026-03-15",
    )
    assert "credit note CN-2026-0001 to ACME, 100.00 EUR against INV-2026-0002" in result.out
    too_much = arl(
        "-L",
        root,
        "credit-note",
        "ACME",
        "401",
        "--invoice",
        "INV-2026-0002",
        "--date",
        "2026-03-15",
    )
    assert too_much.code == 2 and "INV-2026-0002 has only 400.00 EUR open" in too_much.err
    invoiced("credit-note", "ACME", "25", "--date", "2026-03-15")
    assert "invoice" not in text(root, "credit-notes/2026/CN-2026-0002.yaml")
    partial = invoiced(
        "write-off", "INV-2026-0002", "150", "--reason", "goodwill", "--date", "2026-03-16"
    )
    assert "INV-2026-0002 still has 250.00 EUR open" in partial.out
    invoiced("write-off", "INV-2026-0002", "--reason", "customer gone", "--date", "2026-03-17")
    nothing = arl(
        "-L", root, "write-off", "INV-2026-0002", "--reason", "again", "--date", "2026-03-18"
    )
    assert nothing.code == 2 and "nothing open" in nothing.err


# --- dry run, json, refusals ----------------------------------------------------------------


def test_dry_run_shows_yaml_and_writes_nothing(invoiced: Callable[..., Result], root: Path) -> None:
    before = sorted(p.relative_to(root) for p in root.rglob("*.yaml"))
    result = invoiced("pay", "ACME", "100", "--date", "2026-03-20", "--dry-run")
    assert result.out.startswith("would create payments/2026/PAY-2026-0001.yaml: payment")
    assert "id: PAY-2026-0001\ncustomer: ACME\n" in result.out
    assert result.out.endswith("dry run: nothing was written\n")
    edit = invoiced(
        "write-off", "INV-2026-0001", "--reason", "x", "--date", "2026-03-20", "--dry-run"
    )
    assert "+  - date: 2026-03-20\n+    type: write_off\n" in edit.out
    assert sorted(p.relative_to(root) for p in root.rglob("*.yaml")) == before


def test_json_output(invoiced: Callable[..., Result]) -> None:
    result = invoiced("pay", "ACME", "600", "--date", "2026-03-30", "--auto", "-f", "json")
    body = json.loads(result.out)
    assert body["dry_run"] is False
    assert body["changes"] == [
        {
            "action": "create",
            "path": "payments/2026/PAY-2026-0001.yaml",
            "kind": "payment",
            "id": "PAY-2026-0001",
            "summary": "payment PAY-2026-0001 from ACME, 600.00 EUR",
        }
    ]
    assert body["result"]["applied"] == [
        {"invoice": "INV-2026-0001", "amount": "600.00", "discount": "0.00", "currency": "EUR"}
    ]
    assert body["result"]["unapplied"] == "0.00"
    dry = json.loads(
        invoiced("customer", "add", "NEW", "--name", "N", "--dry-run", "-f", "json").out
    )
    assert dry["dry_run"] is True and dry["changes"][0]["text"] == "id: NEW\nname: N\n"


def test_refuses_to_write_into_records_with_problems(
    invoiced: Callable[..., Result], arl: Arl, root: Path
) -> None:
    path = root / "invoices/2026/INV-2026-0001.yaml"
    path.write_text(
        path.read_text().replace("date: 2026-03-03", "date: 2026-03-03\nfavourite: yes")
    )
    result = arl(
        "-L", root, "pay", "ACME", "100", "--date", "2026-03-20", "--apply", "INV-2026-0001"
    )
    assert result.code == 2
    assert "invoices/2026/INV-2026-0001.yaml:4: unknown key 'favourite'" in result.err
    assert not (root / "payments").exists() or not any((root / "payments").rglob("*.yaml"))
    elsewhere = arl("-L", root, "pay", "GLOBEX", "100", "--date", "2026-03-20")
    assert elsewhere.code == 0, elsewhere.err


def test_refuses_a_change_that_would_break_the_book(
    invoiced: Callable[..., Result], arl: Arl, root: Path
) -> None:
    """Amounts finer than the currency are refused before anything is written."""
    result = arl("-L", root, "pay", "ACME", "10.001", "--date", "2026-03-20")
    assert result.code == 2 and "more decimals than EUR allows" in result.err


def test_every_written_file_is_canonical(
    invoiced: Callable[..., Result], arl: Arl, root: Path
) -> None:
    invoiced("pay", "ACME", "1500", "--date", "2026-03-12", "--auto")
    invoiced("credit-note", "ACME", "5", "--date", "2026-03-13")
    invoiced("refund", "ACME", "10", "--date", "2026-03-14")
    assert arl("-L", root, "fmt", "--check").code == 0
    loaded = load_book(root)
    assert loaded.book is not None and not loaded.problems


def test_credit_note_beyond_the_invoice_total_is_refused(
    ledger: Callable[[dict[str, str]], Path], arl: Arl
) -> None:
    """A fee makes room for more than the invoice total, but a credit note may not exceed it."""
    root = ledger(
        {
            **CUSTOMERS,
            "invoices/2026/INV-1.yaml": """\
number: INV-1
customer: GLOBEX
date: 2026-01-10
lines:
  - description: Work
    unit_price: 100.00
events:
  - date: 2026-02-15
    type: fee
    amount: 50.00
    reason: late payment
""",
        }
    )
    note = ("credit-note", "GLOBEX", "120", "--invoice", "INV-1", "--date", "2026-03-01")
    result = arl("-L", root, *note)
    assert result.code == 2
    assert "a credit note cannot exceed INV-1's total of 100.00 EUR" in result.err
    assert not (root / "credit-notes").exists()


def test_change_that_check_would_reject_is_refused(
    ledger: Callable[[dict[str, str]], Path], arl: Arl
) -> None:
    """The last line of defence: the book as it would be is checked before anything is written.

    Here a receipt already names the invoice number the next invoice will get; issuing it
    for less than was applied would settle it beyond its total."""
    root = ledger(
        {
            **CUSTOMERS,
            "payments/2026/P1.yaml": """\
id: P1
customer: GLOBEX
date: 2026-01-10
amount: 10.00
apply:
  - invoice: INV-2026-0001
    amount: 10.00
""",
        }
    )
    assert arl("-L", root, "check").code == 1
    result = arl("-L", root, "invoice", "new", "GLOBEX", "--date", "2026-03-01", "--line", "W;1;5")
    assert result.code == 2
    assert "this change would leave the book with problems; nothing was written" in result.err
    assert "settled beyond its total" in result.err
    assert not (root / "invoices").exists()


def test_currency_change_refused_while_records_inherit_it(
    ledger: Callable[[dict[str, str]], Path], arl: Arl
) -> None:
    invoice = """\
number: INV-1
customer: GLOBEX
date: 2026-01-10
lines:
  - description: Work
    unit_price: 10.00
"""
    root = ledger({**CUSTOMERS, "invoices/2026/INV-1.yaml": invoice})
    result = arl("-L", root, "customer", "edit", "GLOBEX", "--currency", "USD")
    assert result.code == 2 and "take their currency from the customer" in result.err
    terms = arl("-L", root, "customer", "edit", "GLOBEX", "--terms", "2/10 net 30")
    assert terms.code == 0
    assert "1 invoices without their own terms or due date now follow the new terms" in terms.out


def test_edit_inside_a_stream_of_records(ok: Callable[..., Result], root: Path) -> None:
    stream = """\
# January receipts, compacted.
---
id: P1
customer: GLOBEX
date: 2026-01-10
amount: 50.00
---
# the second one
id: P2
customer: GLOBEX
date: 2026-01-11
amount: 70.00   # odd amount
"""
    (root / "payments/2026").mkdir(parents=True)
    (root / "payments/2026/january.yaml").write_text(stream)
    ok("refund", "GLOBEX", "30", "--payment", "P2", "--date", "2026-01-20")
    assert text(root, "payments/2026/january.yaml") == stream + (
        "refunds:\n  - date: 2026-01-20\n    amount: 30.00\n"
    )


@pytest.mark.parametrize(
    ("command", "flags"),
    [
        ("customer add", ["--name", "--email", "--terms", "--credit-limit", "--hold", "--tag"]),
        ("customer edit", ["--hold / --no-hold", "--add-tag", "--unset"]),
        ("invoice new", ["--line", "--lines", "--terms", "--due", "--force", "--dry-run"]),
        ("invoice void", ["--reason", "--date"]),
        ("pay", ["--date", "--method", "--ref", "--apply", "--auto", "--allow-duplicate"]),
        ("apply", ["PAYMENT", "INV[=AMOUNT]", "--auto"]),
        ("unapply", ["PAYMENT", "INV[=AMOUNT]"]),
        ("credit-note", ["--invoice", "--reason"]),
        ("write-off", ["AMOUNT", "--reason"]),
        ("refund", ["--payment", "--method", "--ref"]),
    ],
)
def test_help_names_the_options(arl: Arl, command: str, flags: list[str]) -> None:
    result = arl(*command.split(), "--help")
    assert result.code == 0
    for flag in [*flags, "--format", "--dry-run"]:
        assert flag in result.out, flag


def test_unwritable_ledger_is_a_clear_error(arl: Arl, root: Path) -> None:
    (root / ".arl-cache").write_text("not a directory")
    result = arl("-L", root, "customer", "add", "NEW", "--name", "New")
    assert result.code == 2
    assert result.err.startswith("arl: cannot write ") and "Traceback" not in result.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["pay", "ACME", "10", "--currency", "usd"],
            "currency: 'usd' is not an ISO 4217 currency code",
        ),
        (["pay", "ACME", "ten"], "amount 'ten' is not a plain number"),
        (["pay", "ACME", "1" + "0" * 14], "is too large"),
        (["pay", "ACME", "0"], "amount must be more than zero"),
        (["pay", "ACME", "5", "--date", "2026-02-30"], "'2026-02-30' is not a date"),
        (["pay", "NOBODY", "5"], "no customer 'NOBODY'"),
        (["invoice", "new", "ACME", "--number", "a/b", "--line", "x;1;1"], "invoice: number:"),
        (["invoice", "new", "ACME", "--line", "x;1"], "needs 3 or 4 fields"),
        (["invoice", "new", "ACME"], "an invoice needs at least one line"),
        (["invoice", "new", "ACME", "--line", "Refund;1;-5"], "the lines add up to -5.00 EUR"),
        (["credit-note", "ACME", "5", "--number", "x y"], "credit note: number:"),
        (["customer", "edit", "ACME", "--unset", "name"], "cannot unset 'name'"),
        (["customer", "edit", "ACME"], "nothing to change"),
        (["apply", "ACME", "--auto"], "no unapplied credit in ACME"),
        (["unapply", "PAY-1"], "no payment 'PAY-1'"),
        (["refund", "ACME"], "ACME has no unapplied credit"),
    ],
)
def test_bad_input_is_one_clear_line(arl: Arl, root: Path, args: list[str], message: str) -> None:
    result = arl("-L", root, *args)
    assert result.code == 2
    assert message in result.err and "Traceback" not in result.err


def test_statement_shows_a_refund(invoiced: Callable[..., Result], arl: Arl, root: Path) -> None:
    invoiced("pay", "ACME", "1100", "--date", "2026-03-25", "--apply", "INV-2026-0001")
    invoiced("refund", "ACME", "--date", "2026-03-26", "--ref", "RF-1")
    args = ["statement", "ACME", "--from", "2026-03-01", "--to", "2026-03-31", "-f", "json"]
    (section,) = json.loads(arl("-L", root, *args).out)["sections"]
    rows = [(e["kind"], e["amount"], e["balance"]) for e in section["activity"]]
    assert rows[-2:] == [("payment", "-1100.00", "400.00"), ("refund", "100.00", "500.00")]
    assert section["closing_balance"] == "500.00"
