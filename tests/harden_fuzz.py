"""Hostile input for the fuzz tests: mutations of real ledger files and a guarded CLI runner.

A mutation takes the text of a demo-book file and a seeded random generator and returns
bytes a careless editor, a broken disk or an attacker could leave behind. `guarded` runs
`arl` in this process and turns every way of failing the contract (a traceback, an exit code
other than 0/1/2, a hang, a multi-line reason for exit 2) into a `Violation`.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import re
import shutil
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from tests.conftest import DEMO

FUZZ_LONG = bool(os.environ.get("ARL_FUZZ"))
SAMPLE_CUSTOMERS = ("GRUENWALD", "SUMMIT", "BERGMANN")
ODD_TEXT = [
    "\u202e",  # right-to-left override
    "\u200b",  # zero-width space
    "\ufeff",  # byte-order mark in the middle
    "e\u0301\u0301\u0301",  # stacked combining accents
    "\U0001f4b6",  # emoji outside the BMP
    "\x00",  # NUL
    "\x1b[2J",  # terminal escape
    "\u2028",  # line separator
    "\r",
    "ǅ",  # titlecase digraph
    "１２３",  # full-width digits
    "٣",  # Arabic-Indic digit
]
HUGE = [
    "1" * 400,
    "9" * 29,
    "1e999999",
    "-0.0000000000000000000000000000001",
    "NaN",
    "inf",
    "1_000",
    "0x10",
    "+.5",
    "1e28",
    "99999999999999999999999999.99",
]
WRONG_TYPES = ["[]", "{}", "[1, 2]", "{a: b}", "null", "true", "'text'", "2026-02-30", "~", "-"]


def sample_book(target: Path, customers: tuple[str, ...] = SAMPLE_CUSTOMERS) -> Path:
    """A small real book: the demo's ledger.yaml and every file of a few of its customers."""
    target.mkdir(parents=True)
    shutil.copy(DEMO / "ledger.yaml", target / "ledger.yaml")
    pattern = re.compile(rb"^(?:id|customer): (" + "|".join(customers).encode() + rb")$", re.M)
    for path in sorted(DEMO.rglob("*.yaml")):
        relative = path.relative_to(DEMO)
        if relative.parts[0] == "ledger.yaml" or not pattern.search(path.read_bytes()):
            continue
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target / relative)
    return target


def _truncate(text: bytes, rng: random.Random) -> bytes:
    return text[: rng.randrange(len(text) + 1)]


def _flip(text: bytes, rng: random.Random) -> bytes:
    data = bytearray(text)
    for _ in range(rng.randint(1, 8)):
        if data:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return bytes(data)


def _value_lines(text: str) -> list[int]:
    lines = text.split("\n")
    return [i for i, line in enumerate(lines) if re.match(r"^\s*(- )?[\w-]+: \S", line)]


def _replace_value(text: bytes, rng: random.Random, values: list[str]) -> bytes:
    lines = text.decode("utf-8", "replace").split("\n")
    candidates = _value_lines("\n".join(lines))
    if not candidates:
        return text
    index = rng.choice(candidates)
    key = lines[index].split(": ", 1)[0]
    lines[index] = f"{key}: {rng.choice(values)}"
    return "\n".join(lines).encode()


def _wrong_type(text: bytes, rng: random.Random) -> bytes:
    return _replace_value(text, rng, WRONG_TYPES)


def _huge_number(text: bytes, rng: random.Random) -> bytes:
    return _replace_value(text, rng, HUGE)


def _odd_unicode(text: bytes, rng: random.Random) -> bytes:
    source = text.decode("utf-8", "replace")
    at = rng.randrange(len(source) + 1)
    return (source[:at] + rng.choice(ODD_TEXT) * rng.randint(1, 3) + source[at:]).encode(
        "utf-8", "surrogatepass"
    )


def _deep_nesting(text: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([40, 1000, 100_000])
    style = rng.choice(["flow", "block"])
    if style == "flow":
        nested = "[" * depth + "]" * depth
    else:
        nested = "".join(f"\n{'  ' * (i + 1)}k{i}:" for i in range(min(depth, 2000))) + " 1"
    return _replace_value(text, rng, [nested])


def _alias_bomb(text: bytes, rng: random.Random) -> bytes:
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    bomb += [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}] " for i in range(9)]
    return text + ("\n" + "\n".join(bomb) + "\n").encode()


def _tags(text: bytes, rng: random.Random) -> bytes:
    tag = rng.choice(
        [
            "!!python/object/apply:os.system ['true']",
            "!!binary aGVsbG8=",
            "!!set {a, b}",
            "!custom x",
            "!!float 1.5",
            "!!timestamp 2026-01-01",
        ]
    )
    return _replace_value(text, rng, [tag])


def _structure(text: bytes, rng: random.Random) -> bytes:
    choices = [
        b"",
        b"---\n---\n",
        b"- a\n- b\n",
        b"just text\n",
        b"\xff\xfe\x00\x00",
        b"{",
        text + b"\n---\n" + text,
        text.replace(b"\n", b"\r"),
        text + text,
        b"key: value\nkey: again\n",
        text.replace(b"  ", b"\t"),
        b"? [a]\n: b\n",
    ]
    return rng.choice(choices)


def _random_bytes(text: bytes, rng: random.Random) -> bytes:
    return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))


MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "truncate": _truncate,
    "byte flip": _flip,
    "wrong type": _wrong_type,
    "huge number": _huge_number,
    "odd unicode": _odd_unicode,
    "deep nesting": _deep_nesting,
    "alias bomb": _alias_bomb,
    "tag": _tags,
    "structure": _structure,
    "random bytes": _random_bytes,
}


@dataclass
class Outcome:
    code: int
    out: str
    err: str


class Violation(AssertionError):
    """The CLI broke its contract on one input."""


class _Hang(Exception):
    pass


@contextlib.contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise _Hang

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


_COMMANDS: dict[int, Any] = {}


@contextlib.contextmanager
def _command_built_once() -> Iterator[None]:
    """Build the click command tree once: thousands of runs then cost the command alone."""
    import typer.main

    build = typer.main.get_command

    def cached(app: Any) -> Any:
        return _COMMANDS.setdefault(id(app), build(app))

    typer.main.get_command = cached
    try:
        yield
    finally:
        typer.main.get_command = build


def guarded(*args: str | Path, seconds: int = 20) -> Outcome:
    """Run `arl ARGS` in this process; raise Violation unless it ends cleanly with 0, 1 or 2."""
    from ar.cli.app import run
    from ar.store import background

    out, err = io.StringIO(), io.StringIO()
    argv, code = sys.argv, 0
    sys.argv = ["arl", *map(str, args)]
    try:
        with (
            _deadline(seconds),
            _command_built_once(),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            run()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except _Hang:
        raise Violation(f"arl {' '.join(map(str, args))}: still running after {seconds}s") from None
    except BaseException as exc:
        trace = "".join(traceback.format_exception(exc))
        raise Violation(f"arl {' '.join(map(str, args))}: traceback\n{trace}") from None
    finally:
        sys.argv = argv
        background.wait()  # the parse cache it began writing is there: the run is whole
    outcome = Outcome(code, out.getvalue(), err.getvalue())
    _check_contract(args, outcome)
    return outcome


def _check_contract(args: tuple[str | Path, ...], outcome: Outcome) -> None:
    command = f"arl {' '.join(map(str, args))}"
    if outcome.code not in (0, 1, 2):
        raise Violation(f"{command}: exit {outcome.code}\n{outcome.err}")
    if "Traceback" in outcome.err:
        raise Violation(f"{command}: traceback on stderr\n{outcome.err}")
    if outcome.code == 2:
        last = outcome.err.rstrip("\n").rsplit("\n", 1)[-1]
        if not last.startswith(("arl: ", "Error: ", "Usage: ", "Try ")) and "Error" not in last:
            raise Violation(f"{command}: exit 2 without a one-line reason\n{outcome.err}")
