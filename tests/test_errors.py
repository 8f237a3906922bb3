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
        "lines[0].quantity: Input should be a valid decimal",
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
