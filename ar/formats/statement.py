"""Reading a bank statement file: which format it is, and its lines.

CSV statements need a column mapping and are read by the import machinery; camt.053 and
MT940 describe themselves and need nothing but the file.
"""

from __future__ import annotations

import re

from ar.errors import Problem
from ar.imports.table import decode
from ar.reconcile.lines import BankLine

FORMATS = ("csv", "camt053", "mt940")
_MT940_TAG = re.compile(rb"^:(20|25|60F|61):", re.MULTILINE)


def detect_format(data: bytes) -> str:
    """camt053 for XML, mt940 for SWIFT tags, csv otherwise."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "camt053"
    if head.startswith(b"{1:") or len(_MT940_TAG.findall(data[:65536])) >= 2:
        return "mt940"
    return "csv"


def read_structured(data: bytes, name: str, fmt: str) -> tuple[list[BankLine], list[Problem]]:
    """Lines of a camt.053 or MT940 statement."""
    if fmt == "camt053":
        from ar.formats.camt053 import read_camt053

        return read_camt053(data, name)
    from ar.formats.mt940 import read_mt940

    text, _ = decode(data)
    return read_mt940(text, name)
