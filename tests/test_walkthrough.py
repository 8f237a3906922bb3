"""README's "A day of bookkeeping" runs as written, and `arl check` is clean after every step."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path

from tests.conftest import REPO, Result


def walkthrough() -> list[list[str]]:
    """The arl commands of the section's shell block, in order, without comments."""
    readme = (REPO / "README.md").read_text()
    section = readme.split("## A day of bookkeeping", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    commands = []
    for line in block.group(1).splitlines():
        words = shlex.split(line, comments=True)
        if words:
            commands.append(words)
    return commands


def test_walkthrough_keeps_the_book_clean(tmp_path: Path, arl: Callable[..., Result]) -> None:
    commands = walkthrough()
    assert commands[0] == ["arl", "init", "books", "&&", "cd", "books"]
    root = tmp_path / "books"
    assert arl("init", root).code == 0
    for words in commands[1:]:
        assert words[0] == "arl"
        result = arl("-L", root, *words[1:])
        assert result.code == 0, f"{shlex.join(words)}: {result.err}"
        check = arl("-L", root, "check")
        assert check.code == 0, f"after {shlex.join(words)}: {check.out}"
    assert len(commands) > 15


def test_walkthrough_outcome(tmp_path: Path, arl: Callable[..., Result]) -> None:
    """The figures the prose around the walkthrough promises."""
    root = tmp_path / "books"
    arl("init", root)
    for words in walkthrough()[1:]:
        arl("-L", root, *words[1:])
    payment = (root / "payments/2026/PAY-2026-0001.yaml").read_text()
    assert "discount: 30.40" in payment
    assert (
        "forced: customer GLOBEX is on hold"
        in (root / "invoices/2026/INV-2026-0004.yaml").read_text()
    )
    duplicate = arl("-L", root, "pay", "GLOBEX", "850", "--ref", "BANK-0310-2")
    assert duplicate.code == 2 and "likely duplicate" in duplicate.err
    held = arl("-L", root, "invoice", "new", "GLOBEX", "--line", "X;1;1")
    assert held.code == 2 and "on hold" in held.err
    over = arl("-L", root, "invoice", "new", "ACME", "--line", "Huge;1;20000")
    assert over.code == 2 and "credit limit of 10000.00 EUR" in over.err
