"""A full disk and a read-only ledger: every write command says why in one line and leaves
every file whole; once space is back, running it again completes it.

The full disk is a small tmpfs mounted for the test, filled up to a few bytes; the read-only
ledger is a read-only bind mount of a copy (chmod does not stop root). Both need mount
rights, which the test runner has (it runs as root in CI and here).
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.harden_faults import SENDS, assert_whole, mailed_once, prepared_book, writes
from tests.harden_figures import record
from tests.harden_fuzz import FUZZ_LONG, Outcome, guarded
from tests.harden_smtp import DroppingServer, smtp_sink

FREE_BYTES = [0, 1024, 4096, 16384, 65536]
READERS = (
    ["check"],
    ["aging", "--as-of", "2026-12-01"],
    ["remind", "--dry-run", "--as-of", "2026-12-01"],
)


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def smtp() -> Iterator[DroppingServer]:
    with smtp_sink() as server:
        yield server


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory, smtp: DroppingServer) -> Path:
    """The prepared book, its mail going to a server that accepts it (`invoice send`)."""
    return prepared_book(tmp_path_factory.mktemp("disk") / "prepared", smtp_port=smtp.port)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    point = tmp_path / "disk"
    point.mkdir()
    _mount("-t", "tmpfs", "-o", "size=2m", "tmpfs", str(point))
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=True)


def _fill(disk: Path, leave: int) -> Path:
    """A file taking all space on the disk but `leave` bytes."""
    stats = os.statvfs(disk)
    filler = disk / "filler"
    with filler.open("wb") as handle:
        handle.write(b"\0" * max(0, stats.f_bavail * stats.f_frsize - leave))
    return filler


def _one_line_reason(outcome: Outcome) -> None:
    assert outcome.code in (0, 2), outcome.err
    if outcome.code == 2:
        assert outcome.err.strip().splitlines()[-1].startswith("arl: "), outcome.err


def test_a_full_disk_stops_writes_cleanly(
    prepared: Path, small_disk: Path, smtp: DroppingServer
) -> None:
    rng = random.Random(5)
    commands = list(writes(prepared))
    sizes = FREE_BYTES if FUZZ_LONG else [None]
    refused = 0
    for n, (command, size) in enumerate((c, s) for c in commands for s in sizes):
        root = shutil.copytree(
            prepared, small_disk / f"b{n}", ignore=shutil.ignore_patterns(".arl-cache")
        )
        filler = _fill(small_disk, rng.choice(FREE_BYTES) if size is None else size)
        smtp.received.clear()
        outcome = guarded("-L", root, *writes(root)[command])
        _one_line_reason(outcome)
        refused += outcome.code == 2
        filler.unlink()
        assert_whole(root)
        again = guarded("-L", root, *writes(root)[command])
        assert again.code in ((0, 1) if command == SENDS else (0, 2)), again.err
        assert_whole(root)
        if command == SENDS:  # sent once (the second run: "already sent"), never twice
            mailed_once(root, smtp)
        shutil.rmtree(root)
    record("full disk", commands=len(commands), runs=len(commands) * len(sizes),
           refused=refused, broken_books=0)  # fmt: skip


@pytest.fixture
def read_only(prepared: Path, tmp_path: Path) -> Iterator[Path]:
    copy = shutil.copytree(prepared, tmp_path / "book", ignore=shutil.ignore_patterns(".arl-cache"))
    point = tmp_path / "ro"
    point.mkdir()
    _mount("--bind", str(copy), str(point))
    try:
        _mount("-o", "remount,bind,ro", str(point))
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=True)


def test_a_read_only_ledger_is_read_but_never_written(read_only: Path) -> None:
    before = {p: p.read_bytes() for p in read_only.rglob("*") if p.is_file()}
    for args in READERS:
        assert guarded("-L", read_only, *args).code == 0
    for command, args in writes(read_only).items():
        outcome = guarded("-L", read_only, *args)
        assert outcome.code == 2, (command, outcome.out)
        reason = outcome.err.strip().splitlines()[-1]
        assert reason.startswith("arl: ") and "Read-only file system" in reason, (command, reason)
    assert {p: p.read_bytes() for p in read_only.rglob("*") if p.is_file()} == before
    record(
        "read-only ledger",
        commands=len(writes(read_only)),
        refused=len(writes(read_only)),
        changed_files=0,
    )
