"""kill -9 at random points of every write command: the book stays whole and loses nothing.

Each command runs in its own process on its own copy of a prepared book and is killed after
a random delay (seeded), once at a random moment and once between writing a file and
renaming it into place. Afterwards every file parses, `arl check` is clean, and running the
command again completes it: a record is either all there or not there at all.
ARL_FUZZ=1 raises the number of kills per command (see docs/reliability.md).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ar.store.load import load_book
from tests.concurrent import REPO
from tests.harden_faults import (
    arl_process,
    assert_whole,
    fresh_copy,
    kill_at_random,
    prepared_book,
    writes,
)
from tests.harden_figures import record
from tests.harden_fuzz import FUZZ_LONG, guarded

KILLS_PER_COMMAND = 6 if FUZZ_LONG else 1
WITHIN = 1.5  # seconds: start-up, loading and writing all fall inside


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return prepared_book(tmp_path_factory.mktemp("kill") / "prepared")


def _kill(prepared: Path, target: Path, command: str, seed: int) -> int:
    """Copy the book and kill the command in it; runs in a thread, so no in-process arl."""
    root = fresh_copy(prepared, target)
    return kill_at_random(root, writes(root)[command], random.Random(seed), WITHIN)


def _afterwards(root: Path, command: str) -> None:
    assert_whole(root)
    again = guarded("-L", root, *writes(root)[command])
    assert again.code in (0, 2), again.err
    assert_whole(root)


def test_every_write_command_survives_kill_9(prepared: Path, tmp_path: Path) -> None:
    commands = list(writes(prepared))
    jobs = [
        (command, tmp_path / f"{n}-{i}")
        for i, command in enumerate(commands)
        for n in range(KILLS_PER_COMMAND)
    ]
    with ThreadPoolExecutor(max_workers=4) as pool:
        codes = list(
            pool.map(
                lambda job: _kill(prepared, job[1], job[0], zlib.crc32(str(job[1].name).encode())),
                jobs,
            )
        )
    for command, root in jobs:
        _afterwards(root, command)
    killed = sum(1 for code in codes if code == -signal.SIGKILL)
    record(
        "kill -9 at a random moment",
        commands=len(commands),
        kills=len(jobs),
        killed_mid_run=killed,
        broken_books=0,
    )


def _crash_before_rename(root: Path, args: list[str]) -> int:
    env = {**os.environ, "ARL_TEST_CRASH_BEFORE_RENAME": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "ar", "-L", str(root), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        check=False,
    )
    return done.returncode


@pytest.mark.parametrize(
    "command", ["pay", "customer edit", "remind", "invoice run-recurring", "write-off", "apply"]
)
def test_a_crash_between_write_and_rename_keeps_the_old_file(
    prepared: Path, tmp_path: Path, command: str
) -> None:
    root = fresh_copy(prepared, tmp_path / "book")
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    assert _crash_before_rename(root, writes(root)[command]) == -signal.SIGKILL
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before
    assert_whole(root)
    assert guarded("-L", root, *writes(root)[command]).code == 0
    assert_whole(root)


def test_a_lock_held_by_a_dead_process_does_not_block(prepared: Path, tmp_path: Path) -> None:
    """flock dies with its holder: a writer killed while holding the lock leaves none behind."""
    root = fresh_copy(prepared, tmp_path / "book")
    (root / ".arl-cache").mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl,sys,time; f=open(sys.argv[1],'a');"
            "fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)",
            str(root / ".arl-cache" / "lock"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    waiting = arl_process(root, writes(root)["pay"])
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    _, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err
    assert_whole(root)
    book = load_book(root).book
    assert book is not None and any(
        p.date.isoformat() == "2026-12-01" for p in book.payments.values()
    )
