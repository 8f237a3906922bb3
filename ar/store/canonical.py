"""The canonical form of ledger files, as `arl fmt` writes it.

Layout comes from the round-trip dumper (two-space indent, block style); amounts gain the
currency's minor units (`12.5` -> `12.50`, never losing digits). Comments, blank lines and
the order of keys a person chose are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ar.errors import Problem, relative
from ar.money import decimal_places, minor_units
from ar.store.layout import LEDGER_FILE, record_files
from ar.store.load import load_book
from ar.store.write import atomic_write
from ar.store.yamlwrite import dump_stream, load_stream

MONEY_KEYS = frozenset({"amount", "unit_price", "credit_limit", "fee", "discount"})


def canonical_text(text: str, currency_of: Callable[[Any], str]) -> str:
    """The canonical form of a file's text; `currency_of` names each document's currency."""
    header, docs = load_stream(text)
    for doc in docs:
        _pad_amounts(doc, minor_units(currency_of(doc)))
    return dump_stream(header, docs, explicit=text.lstrip().startswith("---"))


def _pad_amounts(node: Any, places: int) -> None:
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            if key in MONEY_KEYS and _is_number(value) and decimal_places(Decimal(value)) < places:
                node[key] = Decimal(value).quantize(Decimal(1).scaleb(-places))
            else:
                _pad_amounts(value, places)
    elif isinstance(node, CommentedSeq):
        for item in node:
            _pad_amounts(item, places)


def _is_number(value: Any) -> bool:
    return isinstance(value, Decimal | int) and not isinstance(value, bool)


def format_ledger(root: Path, *, write: bool) -> tuple[list[str], list[Problem]]:
    """Files whose text is not canonical (rewritten when `write`), and files that cannot be."""
    loaded = load_book(root)
    book = loaded.book
    default = book.ledger.currency if book else "EUR"
    customer_currency = {c.id: c.currency for c in book.customers.values()} if book else {}

    def currency_of(doc: Any) -> str:
        if not isinstance(doc, dict):
            return default
        own = doc.get("currency") or customer_currency.get(str(doc.get("customer")))
        return str(own or default)

    broken = {p.source.file for p in loaded.problems}
    changed: list[str] = []
    for path in [root / LEDGER_FILE, *(p for _, p in record_files(root))]:
        name = relative(path, root)
        if name in broken:
            continue
        text = path.read_text("utf-8")
        new_text = canonical_text(text, currency_of)
        if new_text != text:
            changed.append(name)
            if write:
                atomic_write(path, new_text)
    return changed, loaded.problems
