"""docs/terms.md's worked examples, recomputed: due dates from terms, statutory interest by
the fixing rule of each law, negative reference rates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from ar.fees import item_fee
from ar.interest import accrue, annual_rate
from ar.model.settings import DunningLevel, RateEntry, ReferenceInterest, Terms
from ar.store.yamlread import read_documents
from ar.terms import due_from_terms
from tests.collections_book import ACME, collections_ledger
from tests.conftest import Result

DOC = Path(__file__).resolve().parent.parent / "docs" / "terms.md"


def table(heading: str) -> list[list[str]]:
    """The rows of the first table under `heading`, cells stripped of backticks."""
    text = DOC.read_text()
    section = text[text.index(heading) :]
    rows = re.findall(r"^\|(.+)\|$", section[: section.index("\n\n", section.index("|"))], re.M)
    cells = [[c.strip().strip("`") for c in row.split("|")] for row in rows]
    return cells[2:]  # header and rule


def terms_of(text: str) -> Terms:
    docs, problems = read_documents(text, "docs/terms.md")
    assert problems == []
    return Terms.model_validate(docs[0].data)


DUE_ROWS = table("## When an invoice falls due")


@pytest.mark.parametrize("row", DUE_ROWS, ids=[r[0] + " " + r[1] for r in DUE_ROWS])
def test_due_dates_in_the_docs(row: list[str]) -> None:
    terms, invoiced, due = row[0], row[1], row[2].split("→")[-1].strip()
    assert due_from_terms(dt.date.fromisoformat(invoiced), terms_of(terms)) == (
        dt.date.fromisoformat(due)
    )


def test_the_docs_cover_every_kind_of_terms() -> None:
    spelled = " ".join(row[0] for row in DUE_ROWS)
    for key in ("months", "end_of_month", "day_of_month", "days"):
        assert key in spelled


def rates(*entries: tuple[str, str]) -> list[RateEntry]:
    return [
        RateEntry.model_validate({"from": dt.date.fromisoformat(d), "rate": Decimal(r)})
        for d, r in entries
    ]


TABLES = {
    "BoE": rates(
        ("2023-08-03", "0.0525"),
        ("2024-08-01", "0.05"),
        ("2024-11-07", "0.0475"),
        ("2025-02-06", "0.045"),
    ),
    "DE": rates(("2015-01-01", "-0.0083"), ("2016-07-01", "-0.0088")),
}
INTEREST_ROWS = table("In the table below")


@pytest.mark.parametrize("row", INTEREST_ROWS, ids=[r[0] for r in INTEREST_ROWS])
def test_statutory_interest_in_the_docs(row: list[str]) -> None:
    _, reference, margin, fixing, principal, first, last, interest = row
    spec = ReferenceInterest.model_validate(
        {"reference": reference, "margin": Decimal(margin), "fixing": fixing}
    )
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    runs = accrue(
        lambda day: Decimal(principal),
        lambda day: annual_rate(spec, TABLES, day, start),
        start,
        end,
        "GBP",
    )
    assert sum(r.amount for r in runs) == Decimal(interest)


def test_uk_interest_keeps_one_rate_when_the_bank_rate_falls() -> None:
    spec = ReferenceInterest(reference="BoE", margin=Decimal("0.08"), fixing="at_start")
    start = dt.date(2024, 12, 1)
    days = [start + dt.timedelta(days=n) for n in range(0, 400, 7)]
    assert {annual_rate(spec, TABLES, day, start) for day in days} == {Decimal("0.1325")}


def test_german_interest_follows_the_base_rate_from_the_first_of_july() -> None:
    spec = ReferenceInterest(reference="DE", margin=Decimal("0.09"), fixing="half_year")
    start = dt.date(2016, 6, 1)
    assert annual_rate(spec, TABLES, dt.date(2016, 6, 30), start) == Decimal("0.0817")
    assert annual_rate(spec, TABLES, dt.date(2016, 7, 1), start) == Decimal("0.0812")


def test_a_negative_reference_rate_is_a_valid_entry() -> None:
    [entry] = rates(("2016-07-01", "-0.0088"))
    assert entry.rate == Decimal("-0.0088")


GERMAN_INTEREST = """\
reference_rates:
  DE:
    - {from: 2015-01-01, rate: -0.0083}
    - {from: 2016-07-01, rate: -0.0088}
terms:
  net30:
    days: 30
  end of next month:
    months: 1
    end_of_month: true
"""


def test_a_book_with_negative_base_rates_and_month_terms_checks_and_bills(
    tmp_path: Path, arl: Callable[..., Result]
) -> None:
    root = collections_ledger(tmp_path, {"customers/ACME.yaml": ACME})
    ledger = root / "ledger.yaml"
    text = ledger.read_text().replace("terms:\n  net30:\n    days: 30\n", GERMAN_INTEREST, 1)
    ledger.write_text(
        text.replace(
            "interest: 0.10\n", "interest: {reference: DE, margin: 0.09, fixing: half_year}\n"
        )
    )
    assert arl("-L", root, "check").code == 0
    made = arl(
        "-L",
        root,
        "invoice",
        "new",
        "ACME",
        "--date",
        "2016-01-22",
        "--terms",
        "end of next month",
        "--line",
        "Audit;1;100",
        "--format",
        "json",
    )
    assert made.code == 0, made.err
    shown = arl("-L", root, "invoice", "show", "INV-2016-0001", "--format", "json")
    assert '"due": "2016-02-29"' in shown.out


def level(**fields: object) -> DunningLevel:
    return DunningLevel.model_validate({"level": 1, "after_days": 7, "template": "t", **fields})


def test_a_percent_fee_is_a_share_of_the_balance_charged_on_each_invoice() -> None:
    two_percent = level(fee_percent=Decimal("0.02"))
    assert item_fee(two_percent, "EUR", "EUR", Decimal("250.00"), first=False) == Decimal("5.00")
    assert item_fee(two_percent, "EUR", "EUR", Decimal("250.00"), first=True) == Decimal("5.00")
    both = level(fee=Decimal("10"), fee_percent=Decimal("0.02"))
    assert item_fee(both, "EUR", "EUR", Decimal("250.00"), first=True) == Decimal("15.00")


def test_a_fixed_fee_is_money_in_one_currency() -> None:
    plain = level(fee=Decimal("10"))
    assert item_fee(plain, "EUR", "EUR", Decimal("100"), first=True) == Decimal("10")
    assert item_fee(plain, "GBP", "EUR", Decimal("100"), first=True) == 0
    each = level(fee={"EUR": Decimal("10"), "GBP": Decimal("8")})
    assert item_fee(each, "GBP", "EUR", Decimal("100"), first=True) == Decimal("8")
    assert item_fee(each, "USD", "EUR", Decimal("100"), first=True) == 0
