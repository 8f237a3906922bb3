"""Defects the hardening runs found, each pinned by the smallest input that showed it."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result

INVOICE = """\
number: INV-1
customer: ACME
date: 2026-03-01
lines:
  - description: Work
    unit_price: {price}
"""


def test_a_control_character_is_a_problem_on_its_line(
    ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result]
) -> None:
    root = ledger({"customers/ACME.yaml": "id: ACME\nname: Ac\x1bme\n"})
    result = arl("-L", root, "check")
    assert result.code == 1
    assert "customers/ACME.yaml:2: character #x001b is not allowed in YAML" in result.out


def test_an_amount_beyond_decimal_precision_is_a_problem_not_a_crash(
    ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result]
) -> None:
    root = ledger(
        {
            "customers/ACME.yaml": "id: ACME\nname: Acme\n",
            "invoices/2026/INV-1.yaml": INVOICE.format(price="1" + "0" * 20),
        }
    )
    result = arl("-L", root, "check")
    assert result.code == 1 and "invoices/2026/INV-1.yaml:6" in result.out
    assert "less than 1000000000000" in result.out
    assert arl("-L", root, "aging", "--as-of", "2026-06-30").code == 2


def test_a_damaged_mt940_statement_is_one_line(
    ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result], tmp_path: Path
) -> None:
    from tests.test_statements import MT940

    root = ledger({})
    statement = tmp_path / "bank.sta"
    statement.write_text(MT940.replace(":28C:00063/001", ":28C:0 063/001"), encoding="latin-1")
    result = arl("-L", root, "reconcile", statement, "--as-of", "2026-03-31")
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        f"arl: {statement}: not a readable MT940 statement "
        "(field :28: cannot be read from '0 063/001')"
    ]


def test_a_read_only_ledger_is_one_line_for_every_writer(
    ledger: Callable[[dict[str, str]], Path],
    arl: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """remind, import, run-recurring and send let an OSError through as a traceback."""
    root = ledger({"customers/ACME.yaml": "id: ACME\nname: Acme\n"})

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    result = arl("-L", root, "invoice", "run-recurring", "--as-of", "2026-06-01")
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        f"arl: {root / '.arl-cache'}: Read-only file system"
        " (every file is whole; fix that and run again)"
    ]


def test_a_defect_is_one_line_with_exit_70(
    ledger: Callable[[dict[str, str]], Path],
    arl: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ar.cli.env

    root = ledger({})

    def broken(self: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(ar.cli.env.Env, "load", broken)
    monkeypatch.delenv("ARL_TRACEBACK", raising=False)
    result = arl("-L", root, "check")
    assert result.code == 70
    assert result.err.strip().splitlines() == [
        "arl: internal error, please report it (ARL_TRACEBACK=1 shows where): "
        "ZeroDivisionError: division by zero"
    ]


@pytest.mark.parametrize(
    ("name", "data", "args"),
    [
        ("X.pending.json", b"{not json", ["remind", "--as-of", "2026-03-31"]),
        ("X.pending.json", b"[1, 2]", ["remind", "--as-of", "2026-03-31"]),
        ("X.failed", b"nope", ["send"]),
    ],
)
def test_a_damaged_outbox_state_file_is_one_line(
    ledger: Callable[[dict[str, str]], Path],
    arl: Callable[..., Result],
    name: str,
    data: bytes,
    args: list[str],
) -> None:
    """Hand-edited outbox state files stopped remind and send with a traceback."""
    root = ledger({"customers/ACME.yaml": "id: ACME\nname: Acme\n"})
    with (root / "ledger.yaml").open("a") as handle:
        handle.write("mail:\n  from: ar@example.com\n  smtp:\n    host: 127.0.0.1\n    port: 9\n")
    (root / "outbox").mkdir()
    (root / "outbox/X.eml").write_bytes(b"Subject: x\n\nhello\n")
    (root / "outbox" / name).write_bytes(data)
    result = arl("-L", root, *args)
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        f"arl: outbox/{name} is damaged (move it out of the outbox and check that letter by hand)"
    ]


@pytest.mark.parametrize("args", [["import", "payments"], ["reconcile"]])
def test_a_huge_input_file_is_refused_before_reading(
    ledger: Callable[[dict[str, str]], Path],
    arl: Callable[..., Result],
    tmp_path: Path,
    args: list[str],
) -> None:
    """Statements and spreadsheets were read whole into memory, however large."""
    root = ledger({})
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:
        handle.truncate(300_000_000)  # sparse: no disk space used
    result = arl("-L", root, *args, huge)
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        f"arl: {huge} is larger than 256,000,000 bytes (split it)"
    ]


def test_a_rewritten_file_keeps_its_mode(
    ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result], tmp_path: Path
) -> None:
    """Every write made the file owner-only (0600): a ledger shared with a group, or an
    exported file meant for others, stopped being readable by them after one change."""
    root = ledger({"customers/ACME.yaml": "id: ACME\nname: Acme\n"})
    customer = root / "customers/ACME.yaml"
    customer.chmod(0o640)
    assert arl("-L", root, "customer", "edit", "ACME", "--notes", "Call first").code == 0
    assert customer.stat().st_mode & 0o777 == 0o640
    old = os.umask(0o022)
    try:
        assert arl("-L", root, "customer", "add", "NEWCO", "--name", "New Co").code == 0
        assert arl("-L", root, "export", "json", "-o", tmp_path / "book.json").code == 0
    finally:
        os.umask(old)
    assert (root / "customers/NEWCO.yaml").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "book.json").stat().st_mode & 0o777 == 0o644


def test_an_output_file_is_replaced_whole_through_a_symlink_and_a_device_is_written(
    ledger: Callable[[dict[str, str]], Path], arl: Callable[..., Result], tmp_path: Path
) -> None:
    """`-o` writes beside the file and renames, so it follows a symlink to the file it names
    rather than replacing the link, and writes to a device (which cannot be renamed over)."""
    root = ledger({"customers/ACME.yaml": "id: ACME\nname: Acme\n"})
    (tmp_path / "real.json").write_text("old\n")
    (tmp_path / "link.json").symlink_to("real.json")
    assert arl("-L", root, "export", "json", "-o", tmp_path / "link.json").code == 0
    assert (tmp_path / "link.json").is_symlink()
    assert json.loads((tmp_path / "real.json").read_text())["customers"][0]["id"] == "ACME"
    assert arl("-L", root, "export", "json", "-o", "/dev/null").code == 0
    assert Path("/dev/null").is_char_device()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".json")) == [
        "link.json",
        "real.json",
    ]
