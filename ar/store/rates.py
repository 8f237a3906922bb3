"""Exchange rates kept in the ledger: `rates/YYYY.csv`, one plain-text file a year.

Each line is `date,currency,rate`: units of the currency per 1 EUR, the ECB's convention,
so one table serves any reporting currency (a cross rate is the ratio of two quotes). One
line per day and currency keeps a pull request that adds a month of rates a readable diff.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from ar.errors import ArlError
from ar.fx import Quotes
from ar.store.write import atomic_write

FOLDER = "rates"
HEADER = "date,currency,rate"
PREAMBLE = (
    "# Units of each currency per 1 EUR (ECB reference rates), written by `arl rates import`.\n"
)
_LINE = re.compile(r"(\d{4}-\d{2}-\d{2}),([A-Z]{3}),(\d{1,9}(?:\.\d{1,10})?)")
MAX_FILE_BYTES = 16_000_000


def load_rates(root: Path) -> Quotes:
    """Every rate in `rates/*.csv`; a bad line stops with its file and line."""
    quotes: Quotes = {}
    folder = root / FOLDER
    if not folder.is_dir():
        return quotes
    for path in sorted(folder.glob("*.csv")):
        if not path.is_file() or path.is_symlink() or path.stat().st_size > MAX_FILE_BYTES:
            raise ArlError(
                f"{FOLDER}/{path.name}: not a plain rates file", "keep rates/ as arl writes it"
            )
        _read(path, f"{FOLDER}/{path.name}", quotes)
    return quotes


def _read(path: Path, name: str, into: Quotes) -> None:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line or line.startswith("#") or line == HEADER:
            continue
        found = _LINE.fullmatch(line)
        if found is None:
            raise ArlError(
                f"{name}:{number}: not a rate line", f"write {HEADER}, e.g. 2026-11-20,USD,1.0512"
            )
        try:
            day = dt.date.fromisoformat(found[1])
        except ValueError:
            raise ArlError(f"{name}:{number}: '{found[1]}' is not a date") from None
        into.setdefault(day, {})[found[2]] = Decimal(found[3])


def save_rates(root: Path, quotes: Quotes) -> list[Path]:
    """Merge `quotes` into the year files (a newer import of a day wins); the files written."""
    merged = load_rates(root)
    for day, rates in quotes.items():
        merged.setdefault(day, {}).update(rates)
    years = {day.year for day in quotes}
    written = []
    for year in sorted(years):
        lines = [
            f"{day.isoformat()},{currency},{rate}"
            for day in sorted(d for d in merged if d.year == year)
            for currency, rate in sorted(merged[day].items())
        ]
        path = root / FOLDER / f"{year}.csv"
        path.parent.mkdir(exist_ok=True)
        atomic_write(path, PREAMBLE + HEADER + "\n" + "\n".join(lines) + "\n")
        written.append(path)
    return written
