"""kill -9 at random points of every write command: the book stays whole and loses nothing.

Each command runs in its own process on its own copy of a prepared book and is killed after
a random delay (seeded), once at a random moment and once between writing a file and
renaming it into place. Afterwards every file parses, `arl check` is clean, and running the
command again completes it: a record is either all there or not there at all. A file asked
for with -o is absent or equal to what an uninterrupted run writes; the invoice e-mail of
`invoice send` (which gets an SMTP server of its own) exists once, is recorded once, and is
delivered once or held in doubt, never twice.
ARL_FUZZ=1 raises the number of kills per command (see docs/reliability.md).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from ar.store.load import load_book
from tests.concurrent import REPO
from tests.harden_faults import (
    OUTPUTS,
    SENDS,
    arl_process,
    assert_whole,
    fresh_copy,
    kill_at_random,
    mailed_once,
    point_mail_at,
    prepared_book,
    writes,
)
from tests.harden_figures import record
from tests.harden_fuzz import FUZZ_LONG, guarded
from tests.harden_smtp import DroppingServer, smtp_sink

KILLS_PER_COMMAND = 6 if FUZZ_LONG else 1
WITHIN = 1.5  # seconds: start-up, loading and writing all fall inside


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return prepared_book(tmp_path_factory.mktemp("kill") / "prepared")


@pytest.fixture(scope="module")
def finished(prepared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Each output file as a run that was not killed writes it."""
    found = {}
    for command, name in OUTPUTS.items():
        root = fresh_copy(prepared, tmp_path_factory.mktemp("finished") / "book")
        assert guarded("-L", root, *writes(root)[command]).code == 0
        found[command] = (root / name).read_bytes()
    return found


@dataclass
class Job:
    command: str
    root: Path
    smtp: DroppingServer | None  # a server of its own, for commands that send mail
    code: int = 0


def _server(servers: contextlib.ExitStack) -> DroppingServer:
    return servers.enter_context(smtp_sink())


def _kill(prepared: Path, job: Job) -> None:
    """Copy the book and kill the command in it; runs in a thread, so no in-process arl."""
    fresh_copy(prepared, job.root)
    if job.smtp is not None:
        point_mail_at(job.root, job.smtp.port)
    seed = zlib.crc32(job.root.name.encode())
    job.code = kill_at_random(job.root, writes(job.root)[job.command], random.Random(seed), WITHIN)


def _afterwards(job: Job, finished: dict[str, bytes]) -> int:
    """The book is whole, running the command again completes it; the e-mails in doubt."""
    root, command = job.root, job.command
    assert_whole(root)
    output = root / OUTPUTS[command] if command in OUTPUTS else None
    if output is not None:
        assert not output.exists() or output.read_bytes() == finished[command], "half a file"
    again = guarded("-L", root, *writes(root)[command])
    assert again.code in ((0, 1) if job.smtp else (0, 2)), again.err
    assert_whole(root)
    if output is not None:
        assert output.read_bytes() == finished[command]
    return mailed_once(root, job.smtp) if job.smtp else 0


def test_every_write_command_survives_kill_9(
    prepared: Path, finished: dict[str, bytes], tmp_path: Path
) -> None:
    commands = list(writes(prepared))
    with contextlib.ExitStack() as servers:
        jobs = [
            Job(command, tmp_path / f"{n}-{i}", _server(servers) if command == SENDS else None)
            for i, command in enumerate(commands)
            for n in range(KILLS_PER_COMMAND)
        ]
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda job: _kill(prepared, job), jobs))
        in_doubt = sum(_afterwards(job, finished) for job in jobs)
    record(
        "kill -9 at a random moment",
        commands=len(commands),
        kills=len(jobs),
        killed_mid_run=sum(1 for job in jobs if job.code == -signal.SIGKILL),
        invoice_send_kills=sum(1 for job in jobs if job.smtp),
        invoice_send_killed_mid_run=sum(
            1 for job in jobs if job.smtp and job.code == -signal.SIGKILL
        ),
        broken_books=0,
        half_written_files=0,
        emails_lost=0,
        emails_sent_twice=0,
        emails_in_doubt=in_doubt,
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


def _visible(root: Path) -> dict[Path, bytes]:
    """Every file but the hidden ones (the cache, a write's temporary file)."""
    return {
        path: path.read_bytes()
        for path in root.rglob("*")
        if path.is_file() and not any(p.startswith(".") for p in path.relative_to(root).parts)
    }


@pytest.mark.parametrize(
    "command",
    ["pay", "customer edit", "remind", "invoice run-recurring", "write-off", "apply", "export"],
)
def test_a_crash_between_write_and_rename_keeps_the_old_file(
    prepared: Path, tmp_path: Path, command: str
) -> None:
    root = fresh_copy(prepared, tmp_path / "book")
    before = _visible(root)
    assert _crash_before_rename(root, writes(root)[command]) == -signal.SIGKILL
    assert _visible(root) == before
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
