"""arl against ledger-cli and hledger on the same generated books: one table of timings.

For each size N (invoices, and as many payments): generate the book once (seeded), then
time, each in a fresh process, best of `--repeat`:
- ledger-cli `bal` and hledger `bal` on the equivalent journal (and bean-check when
  installed), with their peak memory;
- arl cold (no parse cache), warm (nothing changed since the last run), after one file
  was edited, and after 100 new files arrived (as a `git pull` brings them), for each
  command in COMMANDS, with the peak memory of the run and of its helper processes;
- `arl --help` and `arl --version`.
Then the targets of the performance issue, each met or not.

    bench/run [--sizes 10000,100000] [--repeat 3] [--peers-up-to 100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
ARL = [sys.executable, "-m", "ar"]
AS_OF = "2024-12-31"  # every report as of the last day of the generated books
COMMANDS = [
    ["aging", "--as-of", AS_OF],  # the command the targets are about
    ["check"],
    ["invoice", "list", "--open", "--format", "json", "--as-of", AS_OF],
    ["customer", "list", "--as-of", AS_OF],
    ["pay", "C00001", "1.00", "--date", AS_OF, "--auto", "--dry-run"],  # a write, all but the file
]
TARGET = 0  # index in COMMANDS of the command held to the targets


@dataclass
class Timing:
    seconds: float
    peak_mb: float
    code: int


@dataclass
class Point:
    size: int
    peers: dict[str, Timing] = field(default_factory=dict)
    arl: dict[str, dict[str, Timing]] = field(default_factory=dict)  # command -> phase -> run


def run(command: list[str], cwd: Path | None = None) -> Timing:
    """Wall time and peak resident memory (of the process and the helpers it waited for)."""
    started = time.perf_counter()
    quiet = subprocess.DEVNULL
    process = subprocess.Popen(command, stdout=quiet, stderr=quiet, cwd=cwd)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    return Timing(seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status))


def best(command: list[str], repeat: int) -> Timing:
    return min((run(command) for _ in range(repeat)), key=lambda t: t.seconds)


def book_for(size: int, seed: int) -> Path:
    """The generated book of this size, made once and reused while the seed is the same."""
    folder = OUT / f"n{size}"
    stamp = folder / "generated.json"
    wanted = {"size": size, "seed": seed}
    if not (stamp.exists() and json.loads(stamp.read_text()) == wanted):
        print(f"generating {size:,} invoices and payments...", file=sys.stderr, flush=True)
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                str(size),
                str(folder),
                "--seed",
                str(seed),
            ],
            check=True,
        )
        stamp.write_text(json.dumps(wanted))
        time.sleep(2.1)  # files written this recently count as racily clean; let them settle
    return folder


def measure_peers(point: Point, folder: Path, repeat: int) -> None:
    journal = str(folder / "journal.ledger")
    peers = {
        "ledger bal": ["ledger", "-f", journal, "bal"],
        "hledger bal": ["hledger", "-f", journal, "bal"],
    }
    if shutil.which("bean-check"):
        peers["bean-check"] = ["bean-check", str(folder / "book.beancount")]
    for name, command in peers.items():
        if shutil.which(command[0]):
            point.peers[name] = best(command, repeat)


def measure_arl(point: Point, folder: Path, repeat: int, only: str = "") -> None:
    book = folder / "book"
    for command in (c for c in COMMANDS if _name(c).startswith(only)):
        full = [*ARL, "-L", str(book), *command]
        point.arl[_name(command)] = _phases(full, book, repeat)


def _phases(full: list[str], book: Path, repeat: int) -> dict[str, Timing]:
    """Cold, warm, after one file changed, after 100 new files, each the best of `repeat`
    (as the peers' times are); the book is left as it was."""
    cache = book / ".arl-cache"
    phases: dict[str, Timing] = {}
    phases["cold"] = _best_of(repeat, lambda: shutil.rmtree(cache, ignore_errors=True), full)
    phases["warm"] = best(full, repeat)
    edited = _pick(book)
    text = edited.read_text()

    def edit() -> None:
        edited.write_text(text)
        _settle(full)
        _edit(edited)

    phases["one file changed"] = _best_of(repeat, edit, full)
    edited.write_text(text)
    added: list[Path] = []

    def pull() -> None:
        for path in added:
            path.unlink()
        _settle(full)
        added[:] = _add_files(book, 50)

    phases["100 new files"] = _best_of(repeat, pull, full)
    for path in added:
        path.unlink()
    return phases


def _name(command: list[str]) -> str:
    """A command as the table names it: without the date every run is given."""
    return " ".join(arg for arg in command if arg not in ("--as-of", "--date", AS_OF))


def _best_of(repeat: int, prepare: Callable[[], None], command: list[str]) -> Timing:
    """The best of `repeat` runs, each after `prepare` has set the scene again."""
    timings = []
    for _ in range(repeat):
        prepare()
        timings.append(run(command))
    return min(timings, key=lambda t: t.seconds)


def _settle(command: list[str]) -> None:
    """A run that parses what the last change left racily clean, then time for the next
    change to be told apart from it."""
    run(command)
    time.sleep(2.1)


def _pick(book: Path) -> Path:
    """An invoice of 2022 without events, the one file a bookkeeper edits."""
    for path in sorted((book / "invoices" / "2022").iterdir())[100:]:
        if "events:" not in path.read_text():
            return path
    raise SystemExit("no invoice to edit")


def _edit(path: Path) -> None:
    """A reminder added to the invoice in place, as an editor saves it."""
    with path.open("a") as out:
        out.write("events:\n  - date: 2023-01-15\n    type: reminder\n    level: 1\n")


def _add_files(book: Path, pairs: int) -> list[Path]:
    """New invoices with their payments, numbered after every other: a `git pull`."""
    folder_i, folder_p = book / "invoices" / "2024", book / "payments" / "2024"
    added = []
    for n in range(9_000_000, 9_000_000 + pairs):
        added += [folder_i / f"INV-2024-{n}.yaml", folder_p / f"PAY-2024-{n}.yaml"]
        added[-2].write_text(
            f"number: INV-2024-{n}\ncustomer: C00001\ndate: 2024-12-20\nlines:\n"
            "  - description: Consulting\n    quantity: 2\n    unit_price: 150.00\n"
        )
        added[-1].write_text(
            f"id: PAY-2024-{n}\ncustomer: C00001\ndate: 2024-12-28\namount: 300.00\n"
            f"method: bank\napply:\n  - invoice: INV-2024-{n}\n    amount: 300.00\n"
        )
    return added


def measure_startup(repeat: int) -> dict[str, Timing]:
    return {flag: best([*ARL, flag], repeat) for flag in ("--help", "--version")}


def table(points: list[Point], startup: dict[str, Timing]) -> str:
    """The results as one Markdown table, then the targets."""
    lines = [
        "| N | what | seconds | peak MB | vs ledger |",
        "|---:|---|---:|---:|---:|",
    ]
    for point in points:
        ledger = point.peers.get("ledger bal")
        for name, timing in point.peers.items():
            lines.append(_row(point.size, name, timing, ledger))
        for command, phases in point.arl.items():
            for phase, timing in phases.items():
                lines.append(_row(point.size, f"arl {command}: {phase}", timing, ledger))
    for flag, timing in startup.items():
        lines.append(f"| | arl {flag} | {timing.seconds:.2f} | {timing.peak_mb:.0f} | |")
    return "\n".join([*lines, "", *targets(points, startup)])


def _row(size: int, what: str, timing: Timing, ledger: Timing | None) -> str:
    ratio = f"{timing.seconds / ledger.seconds:.2f}" if ledger else ""
    failed = "" if timing.code == 0 or "check" in what else f" (exit {timing.code})"
    return f"| {size:,} | {what}{failed} | {timing.seconds:.2f} | {timing.peak_mb:.0f} | {ratio} |"


def targets(points: list[Point], startup: dict[str, Timing]) -> list[str]:
    """Each target of the issue for the 100k book (or the largest measured), met or not."""
    point = next((p for p in points if p.size == 100_000), points[-1])
    phases = point.arl[_name(COMMANDS[TARGET])]
    warm, cold = phases["warm"].seconds, phases["cold"].seconds
    ledger, hledger = point.peers.get("ledger bal"), point.peers.get("hledger bal")
    peak = max(t.peak_mb for p in point.arl.values() for t in p.values())
    checks = [
        (f"warm at most 1.0 s ({warm:.2f} s)", warm <= 1.0),
        (
            f"warm at most a third of ledger bal ({warm:.2f} s vs {ledger.seconds:.2f} s)"
            if ledger
            else "warm vs ledger bal (ledger not installed)",
            bool(ledger) and warm <= ledger.seconds / 3,
        ),
        *(
            (
                f"{name}: at most warm + 0.2 s ({phases[name].seconds:.2f} s)",
                phases[name].seconds <= warm + 0.2,
            )
            for name in ("one file changed", "100 new files")
        ),
        (
            f"cold no slower than hledger bal ({cold:.2f} s vs {hledger.seconds:.2f} s)"
            if hledger
            else "cold vs hledger bal (hledger not installed)",
            bool(hledger) and cold <= hledger.seconds,
        ),
        (f"peak memory at most 1 GB ({peak:.0f} MB)", peak <= 1024),
        *(
            (f"arl {flag} under 0.25 s ({t.seconds:.2f} s)", t.seconds < 0.25)
            for flag, t in startup.items()
        ),
    ]
    title = f"Targets on the {point.size:,}-invoice book (arl {_name(COMMANDS[TARGET])}):"
    return [title, *(f"- [{'x' if met else ' '}] {text}" for text, met in checks)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated book sizes")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing; the best counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--only", metavar="COMMAND", help="measure only the arl commands starting with this"
    )
    parser.add_argument(
        "--peers-up-to", type=int, default=100_000, help="largest N to run ledger/hledger on"
    )
    args = parser.parse_args()
    # An installed arl runs from bytecode; a checkout run with PYTHONDONTWRITEBYTECODE would
    # compile its modules on every start, which is not arl's time to measure.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(HERE.parent / "ar")], check=True)
    points = []
    for size in (int(s) for s in args.sizes.split(",")):
        folder = book_for(size, args.seed)
        point = Point(size)
        if size <= args.peers_up_to:
            measure_peers(point, folder, args.repeat)
        measure_arl(point, folder, args.repeat, args.only or "")
        points.append(point)
        print(f"measured N={size:,}", file=sys.stderr, flush=True)
    startup = measure_startup(args.repeat)
    cores = os.cpu_count()
    print(f"arl bench, {dt.date.today()}, {cores} cores, Python {sys.version.split()[0]}\n")
    print(table(points, startup))


if __name__ == "__main__":
    main()
