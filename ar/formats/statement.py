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


_WIDE = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"<\x00", "utf-16-le"),  # XML in UTF-16 without a byte-order mark
    (b"\x00<", "utf-16-be"),
)


def _sniffable(data: bytes) -> bytes:
    """The start of the file as UTF-8, whatever wide encoding its first bytes announce (a
    camt.053 saved as UTF-16 is XML all the same, not a CSV with odd bytes)."""
    head = data[:4096]
    for mark, encoding in _WIDE:
        if head.startswith(mark):
            text = head.decode(encoding, errors="ignore")
            return text.lstrip("\ufeff").encode("utf-8")
    return head


def detect_format(data: bytes) -> str:
    """camt053 for XML, mt940 for SWIFT tags, csv otherwise."""
    head = _sniffable(data).lstrip(b"\xef\xbb\xbf \t\r\n")
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
