"""Documentation is part of the product: every command has help and a line in the README."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from typer.main import get_command

from ar.cli.app import app
from tests.conftest import REPO, Result

README = (REPO / "README.md").read_text()


def command_paths() -> Iterator[tuple[str, ...]]:
    root = get_command(app)

    def walk(command: object, prefix: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        subcommands = getattr(command, "commands", None)
        if not subcommands:
            yield prefix
            return
        for name, sub in sorted(subcommands.items()):
            yield from walk(sub, (*prefix, name))

    yield from walk(root, ())


COMMANDS = list(command_paths())


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_every_command_has_help(path: tuple[str, ...], arl: Callable[..., Result]) -> None:
    result = arl(*path, "--help")
    assert result.code == 0
    assert f"Usage: arl {' '.join(path)}" in result.out
    summary = result.out.split("\n\n")[1].strip()
    assert len(summary) > 20, f"'arl {' '.join(path)}' needs a docstring that teaches"


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_every_command_is_in_the_readme(path: tuple[str, ...]) -> None:
    top = path[0]
    assert f"`arl {top}" in README, f"README's command table lacks 'arl {top}'"


def test_readme_quick_start_has_exactly_the_two_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [ln.split("#")[0].strip() for ln in quick.splitlines()[1:] if ln.strip()]
    assert commands == ["make demo", "make test"]
