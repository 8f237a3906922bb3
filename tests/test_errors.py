"""One reproducer per error message: a tiny ledger, the exact place, and the words a user sees.

Every case must exit 1 from `arl check` and 2 from a report command, without a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result

CUSTOMER = "id: ACME\nname: Acme\n"
EUR_CUSTOMER = {"customers/ACME.yaml": CUSTOMER}


def invoice(number: str = "INV-1", extra: str = "", price: str = "100.00") -> str:
    return (
        f"number: {number}\ncustomer: ACME\ndate: 2026-01-10\n{extra}"
        f"lines:\n  - description: Work\n    quantity: 1\n    unit_price: {price}\n"
    )


def payment(pid: str, amount: str, apply: str, invoice_no: str = "INV-1") -> str:
    return (
        f"id: {pid}\ncustomer: ACME\ndate: 2026-02-01\namount: {amount}\n"
        f"apply:\n  - invoice: {invoice_no}\n    amount: {apply}\n"
    )


LEDGER = "company:\n  name: Test Co\ncurrency: EUR\n"
TERMS = (
    "terms:\n  net30:\n    days: 30\n  2/10 net 30:\n    days: 30\n"
    "    discount:\n      percent: 0.02\n      days: 10\n"
)
DUNNING = "dunning:\n  levels:\n    - level: 1\n      after_days: 7\n      template: friendly\n"
REFERENCE = (
    "      interest: {reference: BASE, margin: 0.08}\n"
    "reference_rates:\n  BASE:\n    - {from: 2026-01-01, rate: -0.0088}\n"
)
PLAN = (
    "id: P\ncustomer: ACME\nstart: 2026-01-10\ninterval: monthly\n"
    "lines:\n  - description: Hosting\n    unit_price: 10.00\n"
)

CASES: dict[str, tuple[dict[str, str | bytes], str, str]] = {
    "yaml syntax error": (
        {"invoices/2026/INV-1.yaml": "number: INV-1\ncustomer: [ACME\n"},
        "invoices/2026/INV-1.yaml:3",
        "YAML syntax error",
    ),
    "empty file": ({"customers/EMPTY.yaml": ""}, "customers/EMPTY.yaml:1", "file is empty"),
    "not a mapping": (
        {"customers/LIST.yaml": "- id: LIST\n- name: x\n"},
        "customers/LIST.yaml:1",
        "expected a mapping of fields, found a list",
    ),
    "unknown key": (
        {
            **EUR_CUSTOMER,
            "payments/2026/P-1.yaml": "id: P-1\ncustomer: ACME\ndate: 2026-02-01\nammount: 5\n",
        },
        "payments/2026/P-1.yaml:4",
        "unknown key 'ammount' (did you mean 'amount'?)",
    ),
    "wrong type": (
        {
            **EUR_CUSTOMER,
            "invoices/2026/INV-1.yaml": invoice().replace("quantity: 1", "quantity: lots"),
        },
        "invoices/2026/INV-1.yaml:6",
        "lines[0].quantity: must be a plain number like 1250.00",
    ),
    "impossible date": (
        {**EUR_CUSTOMER, "invoices/2026/INV-1.yaml": invoice().replace("2026-01-10", "2026-02-30")},
        "invoices/2026/INV-1.yaml:3",
        "'2026-02-30' is not a real date",
    ),
    "negative quantity": (
        {
            **EUR_CUSTOMER,
            "invoices/2026/INV-1.yaml": invoice().replace("quantity: 1", "quantity: -2"),
        },
        "invoices/2026/INV-1.yaml:6",
        "lines[0].quantity: Input should be greater than or equal to 0",
    ),
    "too many decimals": (
        {
            **EUR_CUSTOMER,
            "invoices/2026/INV-1.yaml": invoice(),
            "payments/2026/P-1.yaml": payment("P-1", "10.005", "10.00"),
        },
        "payments/2026/P-1.yaml:4",
        "amount 10.005 has more decimals than EUR allows (2)",
    ),
    "unknown customer": (
        {"invoices/2026/INV-1.yaml": invoice()},
        "invoices/2026/INV-1.yaml:2",
        "unknown customer 'ACME'",
    ),
    "unknown invoice": (
        {**EUR_CUSTOMER, "payments/2026/P-1.yaml": payment("P-1", "10.00", "10.00", "INV-9")},
        "payments/2026/P-1.yaml:6",
        "applied to unknown invoice 'INV-9'",
    ),
    "duplicate number": (
        {
            **EUR_CUSTOMER,
            "invoices/2026/INV-1.yaml": invoice(),
            "invoices/2027/INV-1.yaml": invoice(),
        },
        "invoices/2027/INV-1.yaml:1",
        "invoice 'INV-1' is already defined at invoices/2026/INV-1.yaml:1",
    ),
    "file name mismatch": (
        {**EUR_CUSTOMER, "invoices/2026/INV-2.yaml": invoice()},
        "invoices/2026/INV-2.yaml:1",
        "number 'INV-1' does not match the file name 'INV-2.yaml'",
    ),
    "payment beyond its amount": (
        {
            **EUR_CUSTOMER,
            "invoices/2026/INV-1.yaml": invoice(),
            "payments/2026/P-1.yaml": payment("P-1", "50.00", "60.00"),
        },
        "payments/2026/P-1.yaml:5",
        "applies 60.00 but the payment is only 50.00",
    ),
    "invoice over-settled": (
        {
            **EUR_CUSTOMER,
            "invoices/2026/INV-1.yaml": invoice(),
            "payments/2026/P-1.yaml": payment("P-1", "80.00", "80.00"),
            "payments/2026/P-2.yaml": payment("P-2", "30.00", "30.00"),
        },
        "invoices/2026/INV-1.yaml:1",
        "invoice INV-1 is settled beyond its total by 10.00",
    ),
    "currency mismatch": (
        {
            **EUR_CUSTOMER,
            "invoices/2026/INV-1.yaml": invoice(),
            "payments/2026/P-1.yaml": payment("P-1", "10.00", "10.00").replace(
                "amount: 10.00\n", "amount: 10.00\ncurrency: USD\n", 1
            ),
        },
        "payments/2026/P-1.yaml:7",
        "payment in USD applied to INV-1 in EUR",
    ),
    "not utf-8": (
        {"customers/LATIN.yaml": b"id: LATIN\nname: Caf\xe9\n"},
        "customers/LATIN.yaml:2",
        "not UTF-8 text (byte 0xe9)",
    ),
    "alias bomb": (
        {"customers/BOMB.yaml": "id: BOMB\nname: x\na: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"},
        "customers/BOMB.yaml:3",
        "anchors and aliases are not allowed",
    ),
    "file over 1 MB": (
        {"customers/BIG.yaml": "id: BIG\nname: Big\nnotes: " + "x" * 1_100_000 + "\n"},
        "customers/BIG.yaml:1",
        "over the limit of 1 MB for one record",
    ),
    "id escaping the ledger": (
        {**EUR_CUSTOMER, "payments/2026/P-1.yaml": payment("../x", "10.00", "10.00")},
        "payments/2026/P-1.yaml:1",
        "id: must start with a letter or digit",
    ),
    "unknown terms": (
        {**EUR_CUSTOMER, "invoices/2026/INV-1.yaml": invoice(extra="terms: net99\n")},
        "invoices/2026/INV-1.yaml:4",
        "unknown terms 'net99'",
    ),
    "due before date": (
        {**EUR_CUSTOMER, "invoices/2026/INV-1.yaml": invoice(extra="due: 2026-01-01\n")},
        "invoices/2026/INV-1.yaml:4",
        "due 2026-01-01 is before the invoice date 2026-01-10",
    ),
    "ledger.yaml unusable": (
        {"ledger.yaml": "company:\n  name: X\n"},
        "ledger.yaml:1",
        "missing required key 'currency'",
    ),
    "iban with a typo": (
        {"ledger.yaml": LEDGER + "payment:\n  iban: DE82 8605 5592 1090 0012 34\n"},
        "ledger.yaml:5",
        "payment.iban: is not a valid IBAN: Invalid checksum digits",
    ),
    "payment link with an unknown field": (
        {"ledger.yaml": LEDGER + "payment_link: https://pay.example/{invoice}\n"},
        "ledger.yaml:4",
        "payment_link: names an unknown field 'invoice'",
    ),
    "invoice number pattern without seq": (
        {
            "ledger.yaml": LEDGER.replace(
                "currency: EUR\n", "currency: EUR\ninvoice_number: X-{year}\n"
            )
        },
        "ledger.yaml:4",
        "invoice_number: write a pattern with {seq}",
    ),
    "recurring plan for an unknown customer": (
        {"recurring/P.yaml": PLAN.replace("customer: ACME", "customer: NOBODY")},
        "recurring/P.yaml:2",
        "unknown customer 'NOBODY'",
    ),
    "invoice from an unknown recurring plan": (
        {**EUR_CUSTOMER, "invoices/2026/INV-1.yaml": invoice(extra="recurring: GONE\n")},
        "invoices/2026/INV-1.yaml:4",
        "made by unknown recurring plan 'GONE'",
    ),
    "recurring plan issuing twice on a day": (
        {
            **EUR_CUSTOMER,
            "recurring/P.yaml": PLAN,
            "invoices/2026/INV-1.yaml": invoice(extra="recurring: P\n"),
            "invoices/2026/INV-2.yaml": invoice("INV-2", extra="recurring: P\n"),
        },
        "invoices/2026/INV-2.yaml:4",
        "plan 'P' already issued INV-1 on 2026-01-10",
    ),
    "rate written as a percentage": (
        {**EUR_CUSTOMER, "invoices/2026/INV-1.yaml": invoice() + "    tax_rate: 23\n"},
        "invoices/2026/INV-1.yaml:8",
        "lines[0].tax_rate: 23 is above 1, and a rate is a fraction (did you mean 23% (0.23)?)",
    ),
    "interest written as a percentage": (
        {"ledger.yaml": LEDGER + DUNNING + "      interest: 8\n"},
        "ledger.yaml:9",
        "8 is above 1, and a rate is a fraction (did you mean 8% (0.08)?)",
    ),
    "discount written as a percentage": (
        {"ledger.yaml": LEDGER + TERMS.replace("0.02", "2")},
        "ledger.yaml:10",
        "2 is above 1, and a rate is a fraction (did you mean 2% (0.02)?)",
    ),
    "negative reference margin": (
        {"ledger.yaml": LEDGER + DUNNING + REFERENCE.replace("0.08", "-0.08")},
        "ledger.yaml:9",
        "margin: -0.08 is negative",
    ),
    "amount with an exponent": (
        {**EUR_CUSTOMER, "invoices/2026/INV-1.yaml": invoice(price="1e3")},
        "invoices/2026/INV-1.yaml:7",
        "lines[0].unit_price: must be a plain number like 1250.00",
    ),
    "amount with an underscore": (
        {**EUR_CUSTOMER, "invoices/2026/INV-1.yaml": invoice(price="1_000")},
        "invoices/2026/INV-1.yaml:7",
        "lines[0].unit_price: must be a plain number like 1250.00",
    ),
    "amount in Arabic-Indic digits": (
        {**EUR_CUSTOMER, "invoices/2026/INV-1.yaml": invoice(price="\u0661\u0660\u0660")},
        "invoices/2026/INV-1.yaml:7",
        "lines[0].unit_price: must be a plain number like 1250.00",
    ),
    "invoice total below zero": (
        {
            **EUR_CUSTOMER,
            "invoices/2026/INV-1.yaml": invoice(price="340.00")
            + "  - description: Rebate\n    unit_price: -2000.00\n",
        },
        "invoices/2026/INV-1.yaml:4",
        "invoice INV-1 totals -1660.00 EUR, not above zero",
    ),
    "quantity beyond its bound": (
        {
            **EUR_CUSTOMER,
            "invoices/2026/INV-1.yaml": invoice().replace("quantity: 1", "quantity: 999999999999"),
        },
        "invoices/2026/INV-1.yaml:6",
        "lines[0].quantity: Input should be less than 1000000000",
    ),
    "line total beyond its bound": (
        {
            **EUR_CUSTOMER,
            "invoices/2026/INV-1.yaml": invoice(price="999999999999.99").replace(
                "quantity: 1", "quantity: 999999"
            ),
        },
        "invoices/2026/INV-1.yaml:5",
        "lines[0]: quantity x unit_price must stay below 10,000,000,000,000",
    ),
    "invoice total beyond its bound": (
        {
            **EUR_CUSTOMER,
            "invoices/2026/INV-1.yaml": invoice(price="9999.99").replace(
                "quantity: 1", "quantity: 999999999\n    tax_rate: 1"
            ),
        },
        "invoices/2026/INV-1.yaml:4",
        "invoice INV-1 totals 19999979980000.02 EUR, not below 10,000,000,000,000",
    ),
    "discount the terms do not offer": (
        {
            **EUR_CUSTOMER,
            "invoices/2026/INV-1.yaml": invoice(price="1490.00"),
            "payments/2026/P-1.yaml": payment("P-1", "100.00", "100.00")
            + "    discount: 1390.00\n",
        },
        "payments/2026/P-1.yaml:8",
        "discount 1390.00 on INV-1: its terms offer no early-payment discount",
    ),
    "discount beyond what the terms offer": (
        {
            **EUR_CUSTOMER,
            "invoices/2026/INV-1.yaml": invoice(extra="terms: 2/10 net 30\n"),
            "payments/2026/P-1.yaml": payment("P-1", "90.00", "90.00").replace(
                "2026-02-01", "2026-01-15"
            )
            + "    discount: 10.00\n",
        },
        "payments/2026/P-1.yaml:8",
        "discount 10.00 on INV-1: the terms offer 2.00 EUR",
    ),
    "discount after its window": (
        {
            **EUR_CUSTOMER,
            "invoices/2026/INV-1.yaml": invoice(extra="terms: 2/10 net 30\n"),
            "payments/2026/P-1.yaml": payment("P-1", "98.00", "98.00") + "    discount: 2.00\n",
        },
        "payments/2026/P-1.yaml:8",
        "paid 2026-02-01, outside the discount window ending 2026-01-20",
    ),
    "unknown currency code": (
        {"customers/ACME.yaml": CUSTOMER + "currency: XYZ\n"},
        "customers/ACME.yaml:3",
        "currency: 'XYZ' is not an ISO 4217 currency code",
    ),
    "e-mail address without a domain": (
        {"customers/ACME.yaml": CUSTOMER + "email: notanemail\n"},
        "customers/ACME.yaml:3",
        "'notanemail' is not an e-mail address like name@example.com",
    ),
}


def _write(
    root: Path, files: dict[str, str | bytes], ledger: Callable[[dict[str, str]], Path]
) -> Path:
    root = ledger({k: v for k, v in files.items() if isinstance(v, str)})
    for name, data in files.items():
        if isinstance(data, bytes):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
    return root


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_check_reports_problem_at_its_line(
    case: str, ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result]
) -> None:
    files, where, message = CASES[case]
    root = _write(Path(), files, ledger)
    result = arl("-L", root, "check")
    assert result.code == 1
    assert f"{where}: " in result.out, result.out
    line = next(ln for ln in result.out.splitlines() if ln.startswith(f"{where}: "))
    assert message in line
    assert "Traceback" not in result.out + result.err


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_reports_refuse_a_broken_book_with_exit_2(
    case: str, ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result]
) -> None:
    files, _, _ = CASES[case]
    root = _write(Path(), files, ledger)
    result = arl("-L", root, "invoice", "list", "--as-of", "2026-03-01")
    assert result.code == 2
    assert "Traceback" not in result.out + result.err
    assert result.err.strip().splitlines()[-1].startswith("arl: ")


def test_check_names_a_missing_letter_template(
    ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result]
) -> None:
    from tests.conftest import LEDGER_YAML

    policy = "dunning:\n  levels:\n    - level: 1\n      after_days: 7\n      template: frendly\n"
    root = ledger({"ledger.yaml": LEDGER_YAML + policy})
    result = arl("-L", root, "check")
    assert result.code == 1
    assert result.out.startswith("ledger.yaml:17: no letter template 'frendly'")


ENTRY_BOOK = {
    "customers/ACME.yaml": CUSTOMER,
    "customers/THAMES.yaml": "id: THAMES\nname: Thames Ltd\ncurrency: GBP\n",
    "invoices/2026/INV-1.yaml": invoice(),
}
ENTRY_CASES: dict[str, tuple[list[str], str]] = {
    "rate written as a percentage": (
        ["invoice", "new", "ACME", "--line", "x;1;10;23"],
        "--line 'x;1;10;23': tax rate 23 is above 1, and a rate is a fraction"
        " (did you mean 23% (0.23)?)",
    ),
    "rate over 100%": (
        ["invoice", "new", "ACME", "--line", "x;1;10;2300%"],
        "tax rate 2300% is more than 100%",
    ),
    "negative amount": (["pay", "ACME", "-100"], "amount must be more than zero (got -100)"),
    "negative amount after --": (["pay", "ACME", "--", "-100"], "must be more than zero"),
    "negative credit note": (["credit-note", "ACME", "-5"], "must be more than zero"),
    "negative write-off": (["write-off", "INV-1", "-5", "--reason", "x"], "more than zero"),
    "negative promise": (["promise", "INV-1", "-5", "--by", "2026-12-01"], "must be more than 0"),
    "amount with an exponent": (["pay", "ACME", "1e3"], "amount '1e3' is not a plain number"),
    "amount with an underscore": (["pay", "ACME", "1_000"], "'1_000' is not a plain number"),
    "amount in Arabic-Indic digits": (["pay", "ACME", "\u0661\u0660\u0660"], "not a plain number"),
    "unknown currency code": (
        ["pay", "ACME", "100", "--currency", "XYZ"],
        "'XYZ' is not an ISO 4217 currency code",
    ),
    "receipt in a currency the customer is not billed in": (
        ["pay", "THAMES", "100", "--currency", "EUR"],
        "THAMES is billed in GBP, not EUR",
    ),
    "e-mail address without a domain": (
        ["customer", "add", "NEW", "--name", "New", "--email", "notanemail"],
        "'notanemail' is not an e-mail address",
    ),
    "quantity beyond its bound": (
        ["invoice", "new", "ACME", "--line", "x;999999999999;999999999999.99;100%"],
        "quantity: Input should be less than 1000000000",
    ),
}


@pytest.mark.parametrize("case", ENTRY_CASES, ids=list(ENTRY_CASES))
def test_entry_refuses_bad_input_in_one_line(
    case: str, ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result]
) -> None:
    args, message = ENTRY_CASES[case]
    root = ledger(ENTRY_BOOK)
    before = sorted(p.relative_to(root) for p in root.rglob("*.yaml"))
    result = arl("-L", root, *args)
    assert result.code == 2, result.out + result.err
    assert result.err.startswith("arl: ") and len(result.err.strip().splitlines()) == 1
    assert message in result.err
    assert sorted(p.relative_to(root) for p in root.rglob("*.yaml")) == before


def test_a_book_at_its_bounds_reports_without_fail(
    ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result]
) -> None:
    """The largest invoice `check` allows: every report and export still adds it up."""
    lines = "".join(
        f"  - description: Line {n}\n    quantity: 416.666666\n"
        f"    unit_price: 999999999.999999\n    tax_rate: 1\n"
        for n in range(12)
    )
    text = "number: INV-1\ncustomer: ACME\ndate: 2026-01-10\nlines:\n" + lines
    root = ledger({**EUR_CUSTOMER, "invoices/2026/INV-1.yaml": text})
    assert arl("-L", root, "check").code == 0
    for args in (["aging"], ["customer", "list"], ["invoice", "list"], ["export", "json"]):
        result = arl("-L", root, *args, "--as-of", "2026-03-01")
        assert result.code == 0, result.err


def test_diff_strict_flags_a_discount_the_terms_do_not_offer(
    tmp_path: Path, arl: Callable[..., Result]
) -> None:
    """A `discount:` typed by hand on a net-30 invoice settles it; review must see it."""
    from tests.diff_book import base_repo

    repo = base_repo(tmp_path / "repo")
    repo.write(
        {
            "invoices/2026/INV-2026-0007.yaml": invoice(
                "INV-2026-0007", extra="", price="1490.00"
            ).replace("customer: ACME\ndate: 2026-01-10", "customer: ACME\ndate: 2026-06-10"),
            "payments/2026/PAY-2026-0003.yaml": (
                "id: PAY-2026-0003\ncustomer: ACME\ndate: 2026-06-20\namount: 100.00\n"
                "apply:\n  - invoice: INV-2026-0007\n    amount: 100.00\n    discount: 1390.00\n"
            ),
        }
    )
    result = arl("-L", repo.ledger, "diff", "HEAD", "--strict")
    assert result.code == 1
    assert "discount 1390.00 on INV-2026-0007: its terms offer no early-payment discount" in (
        result.out
    )
