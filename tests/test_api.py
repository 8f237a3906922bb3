"""The front door: `import ar` gives scripts what `arl` prints, with the ledger's settings."""

from __future__ import annotations

import datetime as dt
import doctest
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import ar
from ar.api import Reported
from ar.errors import ArlError, ProblemsFound
from tests.conftest import DEMO, REPO, Result

AS_OF = dt.date(2026, 11, 20)

SAME_AS_CLI: list[tuple[list[str], Callable[[ar.Book], Reported]]] = [
    (["aging"], lambda b: ar.aging(b, as_of=AS_OF)),
    (
        ["aging", "--by", "invoice", "--buckets", "15,45", "--basis", "invoice_date"],
        lambda b: ar.aging(b, as_of=AS_OF, by="invoice", buckets=[15, 45], basis="invoice_date"),
    ),
    (["metrics"], lambda b: ar.metrics(b, as_of=AS_OF)),
    (
        ["metrics", "--by-month", "--from", "2026-06-01", "--customer", "THAMES"],
        lambda b: ar.metrics(
            b, as_of=AS_OF, start=dt.date(2026, 6, 1), customer="THAMES", by_month=True
        ),
    ),
    (["statement", "THAMES"], lambda b: ar.statement(b, "THAMES", as_of=AS_OF)),
    (["forecast"], lambda b: ar.forecast(b, as_of=AS_OF)),
    (
        ["forecast", "--weeks", "4", "--currency", "usd"],
        lambda b: ar.forecast(b, as_of=AS_OF, weeks=4, currency="usd"),
    ),
]


@pytest.mark.parametrize(("args", "build"), SAME_AS_CLI, ids=[" ".join(a) for a, _ in SAME_AS_CLI])
def test_as_json_prints_what_the_command_prints(
    demo_copy: Path,
    arl: Callable[..., Result],
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    build: Callable[[ar.Book], Reported],
) -> None:
    command = arl("-L", demo_copy, *args, "--as-of", AS_OF.isoformat(), "--format", "json")
    assert command.code == 0, command.err
    print(ar.as_json(build(ar.load(demo_copy))))
    assert capsys.readouterr().out == command.out


def test_the_one_liner_of_the_issue_prints_what_arl_prints(demo_copy: Path) -> None:
    script = (
        "import ar, datetime; b = ar.load('demo');"
        " print(ar.as_json(ar.aging(b, as_of=datetime.date(2026, 11, 20))))"
    )
    library = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=demo_copy.parent
    )
    command = subprocess.run(
        [sys.executable, "-m", "ar", "-L", str(demo_copy), "aging", "--as-of", "2026-11-20",
         "--format", "json"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert (library.returncode, library.stderr) == (0, "")
    assert library.stdout == command.stdout


def tree(root: Path) -> dict[str, tuple[int, int]]:
    """Every path under `root` with its size and modification time."""
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")
    }


def test_load_without_cache_writes_nothing(demo_copy: Path) -> None:
    before = tree(demo_copy)
    book = ar.load(demo_copy, cache=False)
    ar.check(demo_copy, cache=False)
    assert len(book.invoices) > 100
    assert not (demo_copy / ".arl-cache").exists()
    assert tree(demo_copy) == before


def test_load_without_cache_leaves_an_existing_cache_alone(
    demo_copy: Path, arl: Callable[..., Result]
) -> None:
    arl("-L", demo_copy, "aging")  # with the cache on, this writes it
    before = tree(demo_copy)
    ar.load(demo_copy, cache=False)
    assert tree(demo_copy) == before


LEDGER = """\
company:
  name: Test Co
currency: EUR
terms:
  net30:
    days: 30
default_terms: net30
aging:
  basis: invoice_date
  buckets: [15, 45]
"""
FILES = {
    "ledger.yaml": LEDGER,
    "customers/ACME.yaml": "id: ACME\nname: Acme\n",
    "invoices/2026/INV-1.yaml": """\
        number: INV-1
        customer: ACME
        date: 2026-01-01
        lines:
          - description: Work
            unit_price: 100.00
        """,
}


def test_aging_takes_the_buckets_and_basis_of_ledger_yaml(
    ledger: Callable[[dict[str, str]], Path],
) -> None:
    book = ar.load(ledger(FILES))
    aged = ar.aging(book, as_of=dt.date(2026, 2, 10))  # 40 days after the invoice date
    assert aged.report.meta["basis"] == "invoice_date"
    assert aged.labels == ["current", "1-15", "16-45", "45+"]
    assert aged.report.rows[0]["16-45"] == 100
    wider = ar.aging(book, as_of=dt.date(2026, 2, 10), buckets=[60], basis="due_date")
    assert wider.labels == ["current", "1-60", "60+"] and wider.report.rows[0]["1-60"] == 100


def test_aging_refuses_buckets_that_do_not_increase(
    ledger: Callable[[dict[str, str]], Path],
) -> None:
    with pytest.raises(ArlError, match="must increase"):
        ar.aging(ar.load(ledger(FILES)), as_of=dt.date(2026, 2, 10), buckets=[60, 30])


BROKEN = {
    **FILES,
    "payments/2026/P-1.yaml": """\
        id: P-1
        customer: NOBODY
        date: 2026-01-05
        amount: 10.00
        """,
}


def test_check_lists_what_arl_check_prints(
    ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result]
) -> None:
    root = ledger(BROKEN)
    command = arl("-L", root, "check")
    found = ar.check(root)
    assert command.code == 1 and found
    assert command.out.splitlines() == [str(p) for p in found]
    with pytest.raises(ProblemsFound):
        ar.load(root)


def test_check_of_a_sound_book_is_empty(ledger: Callable[[dict[str, str]], Path]) -> None:
    root = ledger(FILES)
    assert ar.check(root) == []
    assert ar.check(ar.load(root)) == []


def test_load_of_a_folder_without_a_ledger_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ArlError, match=r"no ledger\.yaml"):
        ar.load(tmp_path)


def test_import_ar_is_cheap() -> None:
    probe = "import sys, ar; print(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = done.stdout.split()
    assert [m for m in loaded if m.startswith(("ar.", "pydantic", "rich", "yaml", "typer"))] == []


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'lod'"):
        ar.lod  # noqa: B018


def test_docs_api_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/api.md's examples, run in a folder holding a copy of the demo book."""
    shutil.copytree(
        DEMO, tmp_path / "ledgers" / "demo", ignore=shutil.ignore_patterns(".arl-cache")
    )
    monkeypatch.chdir(tmp_path)
    failed, tried = doctest.testfile(
        str(REPO / "docs" / "api.md"), module_relative=False, optionflags=doctest.ELLIPSIS
    )
    assert tried > 10 and failed == 0
