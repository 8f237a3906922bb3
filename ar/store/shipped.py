"""Directories that ship with arl: the demo book and the built-in templates.

A wheel carries them inside the package (`ar/_shipped/`); a source checkout has them at
the top of the repository (`ledgers/demo`, `templates`).
"""

from __future__ import annotations

from pathlib import Path

_SOURCE = {"demo": Path("ledgers", "demo"), "templates": Path("templates")}


def shipped(name: str) -> Path:
    package = Path(__file__).resolve().parent.parent
    packaged = package / "_shipped" / name
    return packaged if packaged.is_dir() else package.parent / _SOURCE[name]
