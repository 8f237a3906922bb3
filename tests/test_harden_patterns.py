"""Numbering patterns and payment links come from ledger.yaml, which a pull request may
change: they are a small format language of their own, never Python's `str.format`."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from ar.model.patterns import MAX_WIDTH, check_link, check_number_pattern, fill
from tests.conftest import LEDGER_YAML, Result
from tests.harden_figures import record
from tests.harden_fuzz import FUZZ_LONG

HOSTILE_NUMBERS = [
    "INV-{year}-{seq:0999999999d}",  # passed `check`, then built a 1 GB file name
    "INV-{year}-{seq:09999999999d}",  # MemoryError in `check`
    "INV-{seq:013d}",
    "INV-{seq:>5}",
    "INV-{seq:,}",
    "INV-{seq!r}",
    "INV-{seq.__class__}",
    "INV-{seq[0]}",
    "INV-{seq:{year}}",
    "INV-{0}-{seq}",
    "INV-{}-{seq}",
    "INV-{year:x}-{seq}",
    "INV-{seq",
    "INV-seq}",
]
HOSTILE_LINKS = [
    "https://pay.example/{number.__class__.__mro__}",  # rendered Python's internals
    "https://pay.example/{number[0]}",
    "https://pay.example/{number!r}",
    "https://pay.example/{amount:>999999999}",
    "https://pay.example/{number:{amount}}",
    "https://pay.example/{invoice}",
    "https://pay.example/{",
]


@pytest.mark.parametrize("pattern", HOSTILE_NUMBERS)
def test_a_numbering_pattern_is_only_year_and_a_bounded_sequence(pattern: str) -> None:
    with pytest.raises(ValueError):
        check_number_pattern(pattern)
    with pytest.raises((ValueError, KeyError)):
        fill(pattern, {"year": 2026, "seq": 1})
    record("format specs", inputs=1, refused=1, built_over_limit=0)


@pytest.mark.parametrize("pattern", HOSTILE_LINKS)
def test_a_payment_link_is_only_its_plain_fields(pattern: str) -> None:
    with pytest.raises(ValueError):
        check_link(pattern)
    values = {"number": "INV-1", "amount": "1.00", "currency": "EUR", "customer": "C"}
    with pytest.raises((ValueError, KeyError)):
        fill(pattern, values)
    record("format specs", inputs=1, refused=1, built_over_limit=0)


def test_the_documented_patterns_still_number() -> None:
    assert fill("INV-{year}-{seq:04d}", {"year": 2026, "seq": 7}) == "INV-2026-0007"
    assert fill(f"N{{seq:0{MAX_WIDTH}d}}", {"seq": 7}) == "N" + "7".zfill(MAX_WIDTH)
    assert fill("{seq}", {"seq": 12}) == "12"
    link = "https://pay.example/{customer}/{number}?a={amount}&c={currency}"
    values = {"number": "INV-1", "amount": "1.00", "currency": "EUR", "customer": "C"}
    assert fill(check_link(link), values) == "https://pay.example/C/INV-1?a=1.00&c=EUR"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("invoice_number", "INV-{year}-{seq:0999999999d}", "is wider than 12 digits"),
        ("invoice_number", "INV-{year}-{seq:09999999999d}", "is wider than 12 digits"),
        ("payment_id", "PAY-{seq.real}", "names an unknown field 'seq.real'"),
        ("payment_link", "https://p/{number.__class__.__mro__}", "names an unknown field"),
    ],
)
def test_check_refuses_a_hostile_pattern_in_one_line_at_its_key(
    ledger: Callable[[dict[str, str]], Path],
    arl: Callable[..., Result],
    key: str,
    value: str,
    message: str,
) -> None:
    root = ledger({"ledger.yaml": LEDGER_YAML + f'{key}: "{value}"\n'})
    line = LEDGER_YAML.count("\n") + 1
    result = arl("-L", root, "check")
    assert result.code == 1
    problems = [row for row in result.out.splitlines() if row.startswith("ledger.yaml:")]
    assert len(problems) == 1 and problems[0].startswith(f"ledger.yaml:{line}: {key}: ")
    assert message in problems[0] and len(problems[0]) < 300
    assert "<class" not in result.out  # the pattern is named, never evaluated


def test_a_command_that_numbers_refuses_a_hostile_pattern(
    ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result]
) -> None:
    pattern = 'invoice_number: "INV-{year}-{seq:0999999999d}"\n'
    root = ledger({"ledger.yaml": LEDGER_YAML + pattern, "customers/ACME.yaml": "id: ACME\n"})
    result = arl(
        "-L", root, "invoice", "new", "ACME", "--line", "Work;1;10", "--date", "2026-03-01"
    )
    assert result.code in (1, 2)
    assert len(result.out + result.err) < 2000
    assert not (root / "invoices").exists()


SPEC_PIECES = ["{", "}", "seq", "year", "number", ":", "0", "9", "12", "13", "d", "x", ">", "!r"]
SPEC_PIECES += [".", "[0]", "__class__", "-", "INV", "{{", "}}", "99999999999", ",", "_"]


def test_random_patterns_are_refused_or_make_a_short_number() -> None:
    """The format-spec family of the hostile-input generator: any pattern is either refused
    with ValueError or fills in to a number a few dozen characters long."""
    rng = random.Random(15)
    tries = 50_000 if FUZZ_LONG else 3_000
    refused = 0
    for _ in range(tries):
        pattern = "".join(rng.choice(SPEC_PIECES) for _ in range(rng.randrange(1, 9)))
        for check, values in (
            (check_number_pattern, {"year": 2026, "seq": rng.randrange(10**6)}),
            (check_link, {"number": "INV-1", "amount": "1.00", "currency": "EUR", "customer": "C"}),
        ):
            try:
                check(pattern)
            except ValueError:
                refused += 1
                continue
            assert len(fill(pattern, values)) <= len(pattern) * (MAX_WIDTH + 8)
    record("format specs", inputs=2 * tries, refused=refused, built_over_limit=0)
