"""Next numbers from the book's pattern: per year, one past the highest, other shapes ignored."""

from __future__ import annotations

import pytest

from ar.model import Company, Ledger
from ar.numbering import Numbers, next_number, sequence_of

PATTERN = "INV-{year}-{seq:04d}"


def test_first_number_of_a_year() -> None:
    assert next_number(PATTERN, 2026, []) == "INV-2026-0001"


def test_one_past_the_highest_of_the_same_year() -> None:
    used = ["INV-2026-0001", "INV-2026-0007", "INV-2025-0100", "legacy-42"]
    assert next_number(PATTERN, 2026, used) == "INV-2026-0008"
    assert next_number(PATTERN, 2025, used) == "INV-2025-0101"


def test_pattern_without_year_runs_on() -> None:
    assert next_number("{seq:05d}", 2027, ["00012", "00003"]) == "00013"


def test_sequence_outgrows_its_padding() -> None:
    assert next_number(PATTERN, 2026, ["INV-2026-9999"]) == "INV-2026-10000"
    assert sequence_of(PATTERN, "INV-2026-10000", 2026) == 10000


@pytest.mark.parametrize("pattern", ["INV-{year}", "INV-{month}-{seq}", "INV-{seq"])
def test_ledger_refuses_a_pattern_without_a_sequence(pattern: str) -> None:
    with pytest.raises(ValueError, match=r"\{seq\}"):
        Ledger(company=Company(name="X"), currency="EUR", invoice_number=pattern)


def test_numbers_for_many_records_in_one_run() -> None:
    numbers = Numbers(PATTERN, ["INV-2026-0003", "INV-2025-0009"])
    assert numbers.next(2026) == "INV-2026-0004"
    numbers.take("INV-2026-0010")
    assert [numbers.next(2026), numbers.next(2025)] == ["INV-2026-0011", "INV-2025-0010"]
