"""Figures of the hardening runs: each test records what it tried, `make fuzz` prints them.

With ARL_FIGURES=FILE set, `record` appends one JSON line per measurement to FILE; run this
module on the file for the table that docs/reliability.md quotes.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def record(guarantee: str, **numbers: int) -> None:
    """Note what one test tried (inputs, faults, losses) for the figures of the last run."""
    target = os.environ.get("ARL_FIGURES")
    if target:
        with Path(target).open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"guarantee": guarantee, **numbers}) + "\n")


def summary(path: Path) -> str:
    """One line per guarantee, numbers added up over the tests that recorded it."""
    totals: dict[str, dict[str, int]] = {}
    for line in path.read_text("utf-8").splitlines():
        entry = json.loads(line)
        numbers = totals.setdefault(entry.pop("guarantee"), {})
        for key, value in entry.items():
            numbers[key] = numbers.get(key, 0) + value
    return "\n".join(
        f"{name}: "
        + ", ".join(f"{key.replace('_', ' ')} {value:,}" for key, value in numbers.items())
        for name, numbers in totals.items()
    )


if __name__ == "__main__":
    print(summary(Path(sys.argv[1])))
