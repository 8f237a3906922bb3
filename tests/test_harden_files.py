"""A pull request writes the files arl reads: links, devices, pipes, huge and sparse files,
forged cache files and odd names end in one line and exit 1 or 2 (0 where the book is
sound and only the cache was forged), within 3 GB and 60 s, and nothing outside the
ledger is read, printed or written. The figures go to docs/reliability.md (make fuzz)."""

from __future__ import annotations

import marshal
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.harden_figures import record
from tests.harden_files import FAMILIES, PLANTED, SECRET, bounded, secret_file
from tests.harden_fuzz import sample_book

AS_OF = "2026-11-20"
ACME = "id: ACME\nname: Acme\n"
READERS = (["check"], ["aging", "--as-of", AS_OF])
CACHE_READERS = (*READERS, ["check", "--no-cache"])


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_book(tmp_path_factory.mktemp("files") / "book")


def fresh(pristine: Path, tmp_path: Path) -> Path:
    book = tmp_path / "book"
    shutil.copytree(pristine, book)
    (tmp_path / "outside").mkdir()
    return book


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_fifo()
    }


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_hostile_files_end_cleanly(family: str, pristine: Path, tmp_path: Path) -> None:
    codes = {0: 0, 1: 0, 2: 0}
    for index, (name, plant) in enumerate(FAMILIES[family].items()):
        book = fresh(pristine, tmp_path / str(index))
        if family == "cache files":
            bounded("-L", book, "check")  # a cache to forge
        plant(book)
        outside = _snapshot(tmp_path / str(index) / "outside")
        for args in CACHE_READERS if family == "cache files" else READERS:
            run = bounded("-L", book, *args)
            assert run.returncode in (0, 1, 2), (
                f"{name}: {args}: exit {run.returncode}\n{run.stderr}"
            )
            assert "Traceback" not in run.stderr, f"{name}: {run.stderr}"
            assert SECRET not in run.stdout + run.stderr, f"{name} printed the secret"
            codes[run.returncode] += 1
        assert _snapshot(tmp_path / str(index) / "outside") == outside, f"{name} wrote outside"
    record(
        f"hostile files: {family}",
        inputs=len(FAMILIES[family]),
        runs=sum(codes.values()),
        exit_0=codes[0],
        exit_1=codes[1],
        exit_2=codes[2],
        tracebacks=0,
        hangs=0,
    )


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom"])
def test_a_record_linked_to_a_device_is_one_problem(
    target: str, pristine: Path, tmp_path: Path
) -> None:
    book = fresh(pristine, tmp_path)
    (book / PLANTED).symlink_to(target)
    run = bounded("-L", book, "check")
    assert run.returncode == 1
    assert f"{PLANTED}:1: not read: the file is a symbolic link" in run.stdout


def test_a_pipe_in_a_record_folder_does_not_hang(pristine: Path, tmp_path: Path) -> None:
    book = fresh(pristine, tmp_path)
    os.mkfifo(book / PLANTED)
    run = bounded("-L", book, "check")
    assert run.returncode == 1
    assert f"{PLANTED}:1: not read: the file is not a regular file (a pipe)" in run.stdout


def test_a_sparse_file_of_6_gb_is_refused_by_its_size(pristine: Path, tmp_path: Path) -> None:
    book = fresh(pristine, tmp_path)
    with (book / PLANTED).open("wb") as handle:
        handle.truncate(6 << 30)
    run = bounded("-L", book, "check")
    assert run.returncode == 1
    assert "is 6,442,450,944 bytes, over the limit of 64,000,000" in run.stdout


def test_a_link_out_of_the_ledger_is_never_read_or_echoed(pristine: Path, tmp_path: Path) -> None:
    book = fresh(pristine, tmp_path)
    (book / PLANTED).symlink_to(secret_file(book))
    run = bounded("-L", book, "check")
    assert run.returncode == 1
    assert "AWS" not in run.stdout + run.stderr
    assert "symbolic link" in run.stdout


def test_a_single_value_document_is_not_echoed(ledger: object, tmp_path: Path) -> None:
    from ar.model import Invoice
    from ar.store.layout import KINDS
    from ar.store.load import parse_text

    kind = next(k for k in KINDS if k.model is Invoice)
    parsed = parse_text("TOKEN=abcdef123\n", "invoices/2026/X.yaml", Invoice, kind)
    assert [p.message for p in parsed.problems] == [
        "expected a mapping of fields, found a single value"
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["reconcile", "/dev/zero"],
        ["import", "customers", "/dev/zero"],
        ["invoice", "new", "GRUENWALD", "--lines", "/dev/zero"],
    ],
)
def test_a_device_named_on_the_command_line_is_one_line(
    args: list[str], pristine: Path, tmp_path: Path
) -> None:
    book = fresh(pristine, tmp_path)
    run = bounded("-L", book, *args)
    assert run.returncode == 2, run.stderr
    assert run.stderr.strip().count("\n") == 0
    assert "not a regular file (a device)" in run.stderr


OVER_APPLIED = """\
id: PAY-2026-9999
customer: GRUENWALD
date: 2026-11-01
amount: 1.00
apply:
  - invoice: {invoice}
    amount: 999999.00
"""


def _over_applied(book: Path) -> None:
    invoice = next((book / "invoices/2026").glob("*.yaml")).stem
    (book / "payments/2026/PAY-2026-9999.yaml").write_text(OVER_APPLIED.format(invoice=invoice))


def test_a_forged_check_result_is_not_trusted(pristine: Path, tmp_path: Path) -> None:
    book = fresh(pristine, tmp_path)
    _over_applied(book)
    assert bounded("-L", book, "check").returncode == 1
    checks = book / ".arl-cache/checks"
    if checks.exists():  # written where the parse cache is on
        stamp, _ = marshal.loads(checks.read_bytes())
        checks.write_bytes(marshal.dumps((stamp, [])))
    assert bounded("-L", book, "check").returncode == 1
    checks.parent.mkdir(exist_ok=True)
    checks.write_bytes(marshal.dumps((("x", "y"), [])))
    run = bounded("-L", book, "check", "--no-cache")
    assert run.returncode == 1
    assert not checks.exists() or marshal.loads(checks.read_bytes())[1] != []


def test_a_damaged_check_result_costs_a_recheck(pristine: Path, tmp_path: Path) -> None:
    book = fresh(pristine, tmp_path)
    (book / ".arl-cache").mkdir()
    (book / ".arl-cache/checks").write_bytes(marshal.dumps([1, None]))
    assert bounded("-L", book, "check").returncode == 0
    assert bounded("-L", book, "aging", "--as-of", AS_OF).returncode == 0


@pytest.mark.parametrize(
    "name", ["PAY-2026-0001.YAML", "PAY-2026-0001.yaml ", ".PAY-2026-0001.yaml", "PAY-2026-0001"]
)
def test_every_file_in_a_record_folder_is_read_or_reported(
    name: str, ledger: object, tmp_path: Path
) -> None:
    from tests.conftest import write_ledger

    book = write_ledger(
        tmp_path / "book",
        {
            "customers/ACME.yaml": "id: ACME\nname: Acme\n",
            "invoices/2026/INV-2026-0001.yaml": (
                "number: INV-2026-0001\ncustomer: ACME\ndate: 2026-01-05\n"
                "lines:\n  - description: Work\n    quantity: 1\n    unit_price: 100.00\n"
            ),
            f"payments/2026/{name}": (
                "id: PAY-2026-0001\ncustomer: ACME\ndate: 2026-01-10\namount: 100.00\n"
            ),
        },
    )
    run = bounded("-L", book, "check")
    assert run.returncode == 1
    assert f"payments/2026/{name}:1: not read:" in run.stdout
    pay = bounded("-L", book, "pay", "ACME", "10.00", "--date", "2026-01-11")
    assert pay.returncode in (1, 2)
    assert not (book / "payments/2026/PAY-2026-0001.yaml").exists()


def test_well_known_hidden_files_are_quiet(pristine: Path, tmp_path: Path) -> None:
    book = fresh(pristine, tmp_path)
    (book / "payments/2026/.gitkeep").write_text("")
    assert bounded("-L", book, "check").returncode == 0


def test_a_torn_cache_gitignore_is_rewritten(pristine: Path, tmp_path: Path) -> None:
    book = fresh(pristine, tmp_path)
    (book / ".arl-cache").mkdir()
    (book / ".arl-cache/.gitignore").write_text("")
    leftover = book / ".arl-cache/.checks.abc.tmp"
    leftover.write_text("")
    os.utime(leftover, (1, 1))
    assert bounded("-L", book, "check").returncode == 0
    if os.environ.get("ARL_NO_CACHE", "") in ("", "0"):
        assert (book / ".arl-cache/.gitignore").read_text().endswith("*\n")
        assert not leftover.exists()


def test_a_link_committed_to_git_is_not_followed_by_diff(tmp_path: Path) -> None:
    from tests.gitrepo import Repo

    repo = Repo(tmp_path / "repo", "book")
    repo.commit("ledger", {"ledger.yaml": "currency: EUR\n", "customers/ACME.yaml": ACME})
    secret = tmp_path / "secret.env"
    secret.write_text(SECRET + "\n")
    (repo.ledger / "customers/EVIL.yaml").symlink_to(secret)
    repo.commit("a link")
    for args in (["diff", "HEAD~1", "HEAD"], ["diff", "HEAD~1"], ["check"]):
        run = bounded("-L", repo.ledger, *args)
        assert run.returncode in (0, 1, 2), run.stderr
        assert "AWS" not in run.stdout + run.stderr


IDS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,20}", fullmatch=True)
VARIANTS = [
    lambda k: f"{k}.YAML",
    lambda k: f"{k}.yaml ",
    lambda k: f".{k}.yaml",
    lambda k: f" {k}.yml",
    lambda k: k,
    lambda k: f"{k.swapcase()}.Yaml",
]


@given(IDS, st.sampled_from(VARIANTS))
def test_a_stray_name_is_reported_and_collides_with_its_record(
    key: str, variant: Callable[[str], str]
) -> None:
    """Every variant of a record's file name is refused by the loader and compares equal to
    the name a recording command would write (so that command refuses)."""
    from ar.store.names import normal_name, odd_name

    name = variant(key)
    assert odd_name(f"{key}.yaml") is None
    assert odd_name(name) is not None
    assert normal_name(f"payments/2026/{name}") == normal_name(f"payments/2026/{key}.yaml")
