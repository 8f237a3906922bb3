"""`arl --help` and `arl --version` start instantly: they import no heavy library.

(A command's own options, `--help` included, are converted by typer through pydantic, so
pydantic is imported as soon as a command runs; that is typer's doing and costs little
next to loading a ledger.)"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("pydantic", "jinja2", "ruamel", "yaml", "rich.table")
PROBE = """
import sys
sys.argv = ["arl", *sys.argv[1:]]
from ar.cli.app import run
try:
    run()
except SystemExit:
    pass
print(" ".join(sorted(sys.modules)), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_no_heavy_imports(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    )
    loaded = done.stderr.split()
    assert [name for name in loaded if name.startswith(HEAVY)] == []
