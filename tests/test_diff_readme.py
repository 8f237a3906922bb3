"""The README's review example is real: arl diff's Markdown on the demo book, regenerated.

`pytest --update-golden` rewrites the block in the README from the current output.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DEMO, REPO, Result
from tests.gitrepo import Repo

README = REPO / "README.md"
START = "<!-- arl diff on the demo book: start -->\n```markdown\n"
END = "```\n<!-- arl diff on the demo book: end -->"

CLOSED = "\n# Books closed through September: nothing dated up to this day changes.\n"
PAYMENTS = {
    "payments/2026/PAY-2026-0336.yaml": """\
        id: PAY-2026-0336
        customer: FUCHS
        date: 2026-11-20
        amount: 1086.29
        method: bank transfer
        reference: INV-2026-0262 INV-2026-0295
        apply:
          - invoice: INV-2026-0262
            amount: 507.95
          - invoice: INV-2026-0295
            amount: 578.34
        """,
    "payments/2026/PAY-2026-0337.yaml": """\
        id: PAY-2026-0337
        customer: ISARTAL
        date: 2026-11-20
        amount: 5000.00
        method: bank transfer
        reference: INV-2026-0256
        apply:
          - invoice: INV-2026-0256
            amount: 4735.00
        """,
}


def demo_change(path: Path) -> Repo:
    """The demo book, closed through September, with two receipts recorded and an old
    invoice's price cut in place (where a credit note was due)."""
    shutil.copytree(DEMO, path, ignore=shutil.ignore_patterns(".arl-cache"))
    repo = Repo(path)
    with (path / "ledger.yaml").open("a") as ledger:
        ledger.write(CLOSED + "locked_until: 2026-09-30\n")
    repo.commit("The demo book")
    repo.git("checkout", "-q", "-b", "november-receipts")
    repo.write(PAYMENTS)
    old = path / "invoices" / "2026" / "INV-2026-0041.yaml"
    old.write_text(old.read_text().replace("unit_price: 510.00", "unit_price: 459.00"))
    return repo


def readme_block() -> str:
    text = README.read_text()
    assert START in text and END in text, "README lacks the arl diff example block"
    return text.split(START, 1)[1].split(END, 1)[0]


def test_readme_shows_real_output(
    tmp_path: Path, arl: Callable[..., Result], request: pytest.FixtureRequest
) -> None:
    repo = demo_change(tmp_path / "demo")
    result = arl("-L", repo.ledger, "diff", "--format", "markdown")
    assert result.code == 0, result.err
    if request.config.getoption("--update-golden"):
        text = README.read_text()
        head, rest = text.split(START, 1)
        README.write_text(head + START + result.out + END + rest.split(END, 1)[1])
    assert readme_block() == result.out, "README is stale: run pytest --update-golden"
    assert arl("-L", repo.ledger, "diff", "--strict").code == 1
    assert arl("-L", repo.ledger, "check").code == 1  # the price cut is inside the closed period
