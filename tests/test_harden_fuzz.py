"""Hostile input never gets a traceback or a hang: every run ends 0, 1 or 2 with a reason.

Two generators: seeded mutations of the demo book's real files (truncation, byte flips,
wrong types, deep nesting, huge numbers, odd Unicode, alias bombs, tags), and hypothesis
records built from the model's own keys with hostile values. Each input goes through
`arl check`, `aging` and `remind --dry-run`; bank statements and spreadsheets through
`reconcile` and `import`. ARL_FUZZ=1 (make fuzz) raises the budgets.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import write_ledger
from tests.harden_faults import BANK_CSV, PAYMENTS_CSV
from tests.harden_figures import record
from tests.harden_fuzz import FUZZ_LONG, HUGE, MUTATIONS, ODD_TEXT, guarded, sample_book

MUTANTS = 1500 if FUZZ_LONG else 40
IMPORT_MUTANTS = 1500 if FUZZ_LONG else 60
EXAMPLES = 1000 if FUZZ_LONG else 40
AS_OF = "2026-11-20"
READERS = (["check"], ["aging", "--as-of", AS_OF], ["remind", "--dry-run", "--as-of", AS_OF])
INVOICES_CSV = (
    "number,customer,date,description,quantity,unit_price\nX-1,GRUENWALD,2026-11-01,W,1,10\n"
)
CUSTOMERS_CSV = "id,name,email\nZED,Zed Ltd,z@z.example\n"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_book(tmp_path_factory.mktemp("fuzz") / "book")


def test_mutated_ledger_files_end_cleanly(book: Path) -> None:
    rng = random.Random(20261120)
    files = sorted(book.rglob("*.yaml"))
    codes = {0: 0, 1: 0, 2: 0}
    for _ in range(MUTANTS):
        path, mutate = rng.choice(files), rng.choice(list(MUTATIONS.values()))
        original = path.read_bytes()
        path.write_bytes(mutate(original, rng))
        try:
            for args in READERS:
                codes[guarded("-L", book, *args).code] += 1
        finally:
            path.write_bytes(original)
    record(
        "hostile ledger files",
        inputs=MUTANTS,
        runs=sum(codes.values()),
        exit_0=codes[0],
        exit_1=codes[1],
        exit_2=codes[2],
        tracebacks=0,
        hangs=0,
    )


def _statements() -> dict[str, bytes]:
    from tests.test_statements import MT940

    return {
        "statement.xml": (DATA / "camt053-march.xml").read_bytes(),
        "statement.mt940": MT940.encode("latin-1"),
        "bank.csv": BANK_CSV.encode(),
        "payments.csv": PAYMENTS_CSV.encode(),
        "invoices.csv": INVOICES_CSV.encode(),
        "customers.csv": CUSTOMERS_CSV.encode(),
    }


def test_mutated_statements_and_spreadsheets_end_cleanly(book: Path, tmp_path: Path) -> None:
    rng = random.Random(7)
    seeds = _statements()
    for _ in range(IMPORT_MUTANTS):
        name = rng.choice(sorted(seeds))
        path = tmp_path / name
        path.write_bytes(rng.choice(list(MUTATIONS.values()))(seeds[name], rng))
        if name.endswith("s.csv"):
            guarded("-L", book, "import", name.split(".")[0], path, "--dry-run")
        else:
            guarded("-L", book, "reconcile", path, "--as-of", AS_OF)
    record("hostile statements and spreadsheets", inputs=IMPORT_MUTANTS, tracebacks=0, hangs=0)


# -- records from the model's own keys, with hostile values --------------------------------

SCALARS = st.one_of(
    st.sampled_from(["", "~", "no", "0042", "2026-02-30", "12.50", "-0", "1e5", *HUGE]),
    st.sampled_from(ODD_TEXT),
    st.text(max_size=12),
    st.integers(-(10**30), 10**30),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    st.booleans(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
INVOICE_KEYS = [
    "number",
    "customer",
    "date",
    "due",
    "terms",
    "currency",
    "lines",
    "events",
    "po",
    "notes",
    "description",
    "quantity",
    "unit_price",
    "tax_rate",
    "type",
    "amount",
    "level",
    "letter",
    "until",
    "reason",
]


def _plain(value: Any) -> Any:
    """Hypothesis values as YAML can write them: Decimals as their text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _text(document: dict[str, Any]) -> str:
    return yaml.safe_dump(_plain(document), allow_unicode=True, sort_keys=False)


@st.composite
def invoice_documents(draw: st.DrawFn) -> str:
    """An invoice-like mapping: a valid core with some keys dropped, added or made hostile."""
    document: dict[str, Any] = {
        "number": "INV-1",
        "customer": "ACME",
        "date": dt.date(2026, 3, 1),
        "lines": [{"description": "Work", "unit_price": Decimal("100.00")}],
    }
    for key in draw(st.lists(st.sampled_from(INVOICE_KEYS), max_size=4)):
        document[key] = draw(VALUES)
    if draw(st.booleans()):
        line = (
            dict(document["lines"][0])
            if isinstance(document.get("lines"), list)
            and document["lines"]
            and isinstance(document["lines"][0], dict)
            else {}
        )
        line[draw(st.sampled_from(INVOICE_KEYS))] = draw(VALUES)
        document["lines"] = [line]
    return _text(document)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=invoice_documents())
def test_hypothesis_records_end_cleanly(tmp_path: Path, text: str) -> None:
    root = write_ledger(tmp_path / "h", {"customers/ACME.yaml": "id: ACME\nname: Acme\n"})
    (root / "invoices/2026").mkdir(parents=True, exist_ok=True)
    (root / "invoices/2026/INV-1.yaml").write_text(text, encoding="utf-8")
    for args in (
        ["check"],
        ["aging", "--as-of", "2026-06-30"],
        ["remind", "--dry-run", "--as-of", "2026-06-30"],
    ):
        guarded("-L", root, *args)
    _counted["records"] += 1


_counted = {"records": 0}


def test_hypothesis_figures() -> None:
    """Runs after the property above (file order) and notes how many records it tried."""
    record("hypothesis records", inputs=_counted["records"], tracebacks=0, hangs=0)
