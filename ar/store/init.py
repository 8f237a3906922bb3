"""Creating a new ledger directory, empty or filled with the demo book."""

from __future__ import annotations

import shutil
from pathlib import Path

from ar.errors import ArlError
from ar.store.layout import CACHE_DIR, KINDS, LEDGER_FILE
from ar.store.shipped import shipped

LEDGER_TEMPLATE = """\
# The book: who we are, our currency, and how we give credit and chase payment.
company:
  name: {name}
  address: |
    1 Example Street
    Example City
  email: billing@example.com
currency: {currency}
# Invoice numbers: {{year}} and a sequence that restarts each year.
invoice_number: INV-{{year}}-{{seq:04d}}
terms:
  net14:
    days: 14
  net30:
    days: 30
  # 2 % off when paid within 10 days, otherwise due in 30.
  2/10 net 30:
    days: 30
    discount:
      percent: 0.02
      days: 10
  30 days end of month:
    days: 30
    end_of_month: true
default_terms: net30
aging:
  basis: due_date
  buckets:
    - 30
    - 60
    - 90
    - 120
"""

GITIGNORE = f"# derived data, rebuilt by arl\n{CACHE_DIR}/\n"


def init_ledger(
    target: Path, *, demo: bool, name: str = "My Company", currency: str = "EUR"
) -> list[Path]:
    """Create a ledger in `target` (which may exist but must not hold a ledger yet)."""
    if (target / LEDGER_FILE).exists():
        raise ArlError(f"{target / LEDGER_FILE} exists already", "this is a ledger; nothing to do")
    if target.exists() and not target.is_dir():
        raise ArlError(f"{target} is a file", "give a directory")
    target.mkdir(parents=True, exist_ok=True)
    if demo:
        shutil.copytree(
            shipped("demo"),
            target,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(CACHE_DIR, "__pycache__"),
        )
    else:
        (target / LEDGER_FILE).write_text(LEDGER_TEMPLATE.format(name=name, currency=currency))
        for kind in KINDS:
            (target / kind.folder).mkdir(exist_ok=True)
    (target / "templates").mkdir(exist_ok=True)
    gitignore = target / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text(GITIGNORE)
    return sorted(p for p in target.iterdir())
