"""The report commands on the demo book, and their help texts."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result

COMMANDS = {
    "aging": ["--as-of", "--by", "--buckets", "--basis", "--customer", "--currency", "--format"],
    "metrics": ["--from", "--to", "--customer", "--by-month", "--format"],
    "statement": ["--from", "--to", "--as-of", "--format"],
    "forecast": ["--weeks", "--as-of", "--customer", "--currency", "--format"],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_help_names_every_option(arl: Callable[..., Result], command: str) -> None:
    result = arl(command, "--help")
    assert result.code == 0
    for option in COMMANDS[command]:
        assert option in result.out, (command, option)


def test_every_report_runs_on_the_demo_book(demo_copy: Path, arl: Callable[..., Result]) -> None:
    customers = json.loads(arl("-L", demo_copy, "customer", "list", "-f", "json").out)["rows"]
    runs = [
        ["aging"],
        ["aging", "--by", "invoice", "--basis", "invoice_date", "-f", "csv"],
        ["metrics", "-f", "json"],
        ["metrics", "--by-month"],
        ["forecast"],
        *(
            ["statement", row["customer"], "-f", fmt]
            for row in customers[:2]
            for fmt in ("text", "html")
        ),
    ]
    for args in runs:
        result = arl("-L", demo_copy, *args)
        assert result.code == 0, (args, result.err)
        assert result.out.strip(), args
